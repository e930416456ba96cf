/**
 * The environment schema (src/config/env.ts): one definition per variable, documented, and the only way
 * the code reads one; `check-config` reports every bad variable in one run and `--dump` shows the effective
 * settings with no secret in them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import {
  ENV_SCHEMA,
  effectiveEnvironment,
  environmentProblems,
  readEnv,
  readRedisTopology,
} from '../../src/config/env.js';
import { newWebhookSecret } from '../../src/replay/receiver.js';
import { captureIo } from '../support/capture-io.js';
import { SMALL_CLAIMS, tempConfigDirs } from '../support/config-dirs.js';
import { REPO_ROOT } from '../support/news-replay.js';

const NAMES = Object.keys(ENV_SCHEMA);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

describe('the environment schema', () => {
  it('is documented: docs/operations.md lists exactly its variables', () => {
    const doc = readFileSync(path.join(REPO_ROOT, 'docs/operations.md'), 'utf8');
    const section = doc.slice(
      doc.indexOf('## Environment'),
      doc.indexOf('\n## ', doc.indexOf('## Environment') + 5),
    );
    const listed = [...section.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1]);
    expect([...listed].sort()).toEqual([...NAMES].sort());
  });

  it('is the only reader: no source file outside it reads one of its variables itself', () => {
    const offenders = [
      ...sourceFiles(path.join(REPO_ROOT, 'src')),
      ...sourceFiles(path.join(REPO_ROOT, 'jobs')),
    ]
      .filter((file) => !file.endsWith(path.join('config', 'env.ts')))
      .flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return NAMES.filter((name) => new RegExp(`env\\.${name}\\b|env\\[['"]${name}['"]\\]`).test(text)).map(
          (name) => `${path.relative(REPO_ROOT, file)} reads ${name}`,
        );
      });
    expect(offenders).toEqual([]);
  });

  it('gives defaults for unset and blank variables', () => {
    expect(readEnv('PW_HTTP_PORT', {})).toBe(8080);
    expect(readEnv('PW_HTTP_HOST', { PW_HTTP_HOST: '  ' })).toBe('127.0.0.1');
    expect(readEnv('REDIS_URL', {})).toBe('redis://127.0.0.1:6379');
    expect(readEnv('PW_HTTP_TOKEN', {})).toBeUndefined();
  });

  it('accepts Redis over TLS and unix sockets, and refuses another scheme without showing the password', () => {
    expect(readEnv('REDIS_URL', { REDIS_URL: 'rediss://default:pw@cache.example:6380' })).toBe(
      'rediss://default:pw@cache.example:6380',
    );
    expect(readEnv('REDIS_URL', { REDIS_URL: '/run/redis/redis.sock' })).toBe('/run/redis/redis.sock');
    expect(() => readEnv('REDIS_URL', { REDIS_URL: 'http://user:hunter2@cache.example' })).toThrow(
      'REDIS_URL must be a redis:// or rediss:// URL or a socket path (got "http://***@cache.example/")',
    );
  });

  describe('when choosing the Redis (REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SENTINELS)', () => {
    it.each([
      ['nothing set: REDIS_URL’s default', {}, { kind: 'server', url: 'redis://127.0.0.1:6379' }],
      [
        'a Cluster, REDIS_URL blank',
        { REDIS_URL: ' ', REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002' },
        {
          kind: 'cluster',
          nodes: [
            { host: '10.0.0.1', port: 7000 },
            { host: '10.0.0.2', port: 7001 },
            { host: '::1', port: 7002 },
          ],
          tls: false,
        },
      ],
      [
        'a managed Cluster over TLS with a password',
        { REDIS_CLUSTER_NODES: 'rediss://app:s3cret@cache.example:6380,cache-2.example:6380' },
        {
          kind: 'cluster',
          nodes: [
            { host: 'cache.example', port: 6380 },
            { host: 'cache-2.example', port: 6380 },
          ],
          username: 'app',
          password: 's3cret',
          tls: true,
        },
      ],
      [
        'Sentinels with the primary’s name',
        { REDIS_SENTINELS: 'redis://sentinel-a,sentinel-b:26380', REDIS_SENTINEL_NAME: 'mymaster' },
        {
          kind: 'sentinel',
          name: 'mymaster',
          nodes: [
            { host: 'sentinel-a', port: 26379 },
            { host: 'sentinel-b', port: 26380 },
          ],
          tls: false,
        },
      ],
    ])('%s', (_name, env, topology) => {
      expect(readRedisTopology(env)).toEqual(topology);
      expect(environmentProblems(env)).toEqual([]);
    });

    it.each([
      [
        'REDIS_URL set beside a Cluster',
        { REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:7000' },
        'set only one of REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SENTINELS (REDIS_URL and REDIS_CLUSTER_NODES are set)',
      ],
      [
        'a Cluster and Sentinels',
        { REDIS_CLUSTER_NODES: 'b:7000', REDIS_SENTINELS: 'c:26379', REDIS_SENTINEL_NAME: 'm' },
        'set only one of REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SENTINELS (REDIS_CLUSTER_NODES and REDIS_SENTINELS are set)',
      ],
      [
        'Sentinels without the name',
        { REDIS_SENTINELS: 'c:26379' },
        'REDIS_SENTINELS needs REDIS_SENTINEL_NAME, the name the Sentinels monitor the primary under',
      ],
      [
        'a name without Sentinels',
        { REDIS_SENTINEL_NAME: 'mymaster' },
        'REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not: set both, or neither',
      ],
    ])('refuses %s, in one sentence', (_name, env, problem) => {
      expect(environmentProblems(env)).toEqual([problem]);
      expect(() => readRedisTopology(env)).toThrow(problem);
    });

    it.each([
      [
        'a node without a port',
        'cache.example',
        'entries must be host:port or redis[s]:// URLs (got "cache.example")',
      ],
      ['a bad port', 'cache.example:99999', 'has an entry with a bad port (got "cache.example:99999")'],
      [
        'another scheme',
        'http://cache.example:7000',
        'entries must be host:port or redis[s]:// URLs (got "http://cache.example:7000")',
      ],
      [
        'URL entries that disagree, without showing a password',
        'rediss://:one@a:7000,redis://:two@b:7001',
        'has URL entries that differ in scheme, user or password: every node shares them',
      ],
      ['a database', 'redis://a:7000/2', 'entries cannot select a database (got "redis://a:7000/2")'],
    ])('refuses a node list with %s', (_name, raw, message) => {
      const problems = environmentProblems({ REDIS_CLUSTER_NODES: raw });
      expect(problems).toEqual([`REDIS_CLUSTER_NODES ${message}`]);
      expect(problems.join(' ')).not.toMatch(/one|two/);
    });

    it('shows the node lists without their passwords, and REDIS_URL as not used', () => {
      const shown = effectiveEnvironment({
        REDIS_CLUSTER_NODES: 'rediss://app:s3cret@cache.example:6380,b:6380',
      });
      const byName = Object.fromEntries(shown.map((setting) => [setting.name, setting]));
      expect(byName.REDIS_CLUSTER_NODES).toMatchObject({
        value: 'rediss://***@cache.example:6380,b:6380',
        source: 'environment',
      });
      expect(byName.REDIS_URL).toMatchObject({
        value: 'none (REDIS_CLUSTER_NODES is set)',
        source: 'default',
      });
      expect(JSON.stringify(shown)).not.toContain('s3cret');
    });
  });

  it('reports every bad variable at once, each naming itself', () => {
    const problems = environmentProblems({
      PW_HTTP_PORT: 'http',
      LOG_LEVEL: 'verbose',
      PW_PREFIX: '{pw}',
      PW_STALLED_INTERVAL_MS: '5',
    });
    expect(problems).toEqual([
      "PW_PREFIX may only contain letters, digits, '_', '.' and '-' (got \"{pw}\")",
      'PW_HTTP_PORT must be a port number from 0 to 65535 (got "http")',
      expect.stringMatching(/^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/),
      'PW_STALLED_INTERVAL_MS must be a whole number of milliseconds, at least 100 (got "5")',
    ]);
  });

  it('shows the effective settings with their source, secrets redacted', () => {
    const shown = effectiveEnvironment({
      REDIS_URL: 'redis://app:hunter2@cache.example:6379/2',
      PW_HTTP_TOKEN: 'a-token-of-more-than-16',
      PW_HTTP_PORT: '9000',
    });
    const byName = Object.fromEntries(shown.map((setting) => [setting.name, setting]));
    expect(shown.map((setting) => setting.name)).toEqual(NAMES);
    expect(byName.REDIS_URL).toMatchObject({
      value: 'redis://***@cache.example:6379/2',
      source: 'environment',
    });
    expect(byName.PW_HTTP_TOKEN).toMatchObject({ value: '[redacted]', source: 'environment' });
    expect(byName.PW_HTTP_PORT).toMatchObject({ value: '9000', source: 'environment' });
    expect(byName.PW_PREFIX).toMatchObject({ value: 'pw', source: 'default' });
    expect(JSON.stringify(shown)).not.toMatch(/hunter2|a-token-of/);
  });
});

describe('check-config --dump', () => {
  const configDir = tempConfigDirs('pw-dump-');
  const SECRETS = {
    REDIS_URL: 'redis://app:hunter2@127.0.0.1:6379',
    PW_HTTP_TOKEN: 'token-that-must-not-show',
    PW_DUMP_TEST_SECRET: newWebhookSecret(),
    PW_DUMP_TEST_FEED_AUTH: 'Bearer feed-credential-xyz',
  };
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(Object.keys(SECRETS).map((key) => [key, process.env[key]]));
    Object.assign(process.env, SECRETS);
  });
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const dir = () =>
    configDir({
      'claims.yaml': SMALL_CLAIMS,
      'feeds.yaml':
        'feeds:\n  - id: members\n    url: "https://feeds.example/a.xml?api_key=k-123"\n    auth_env: PW_DUMP_TEST_FEED_AUTH\n',
      'webhooks.yaml':
        'webhooks:\n  - id: ops\n    url: "https://hooks.example/in"\n    secret_env: PW_DUMP_TEST_SECRET\n    events: [claim.status_changed]\n',
    });

  it('prints the environment and the config with defaults applied, and no secret', async () => {
    const io = captureIo();
    expect(await runCli(['--config', dir(), 'check-config', '--dump'], io)).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toContain('REDIS_URL=redis://***@127.0.0.1:6379  # environment');
    expect(out).toContain('PW_HTTP_TOKEN=[redacted]');
    expect(out).toContain('PW_HTTP_HOST=127.0.0.1  # default');
    expect(out).toContain('url: https://feeds.example/a.xml?api_key=***');
    expect(out).toContain('auth_env: PW_DUMP_TEST_FEED_AUTH');
    expect(out).toMatch(/schedule: "?\*\/15 \* \* \* \*"?/);
    expect(out).toContain('secret_env: PW_DUMP_TEST_SECRET');
    for (const secret of [
      'hunter2',
      'token-that-must-not-show',
      SECRETS.PW_DUMP_TEST_SECRET,
      'feed-credential-xyz',
      'k-123',
    ]) {
      expect(out).not.toContain(secret);
    }
  });

  it('prints one JSON object with --json', async () => {
    const io = captureIo();
    expect(await runCli(['--config', dir(), 'check-config', '--dump', '--json'], io)).toBe(0);
    const [dump] = io.json() as [{ environment: { name: string }[]; config: { feeds: { id: string }[] } }];
    expect(dump.environment.map((setting) => setting.name)).toEqual(NAMES);
    expect(dump.config.feeds.map((feed) => feed.id)).toEqual(['members']);
    expect(io.stdout.join('\n')).not.toContain('hunter2');
  });

  it('reports two Redis topologies set at once as a problem, exit 2', async () => {
    process.env.REDIS_CLUSTER_NODES = '127.0.0.1:7000';
    try {
      const io = captureIo();
      expect(await runCli(['--config', dir(), 'check-config', '--dump'], io)).toBe(2);
      expect(io.stderr.join('\n')).toContain(
        'environment: set only one of REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SENTINELS (REDIS_URL and REDIS_CLUSTER_NODES are set)',
      );
    } finally {
      delete process.env.REDIS_CLUSTER_NODES;
    }
  });

  it('reports a bad variable and a bad file in the same run, exit 2', async () => {
    process.env.PW_HTTP_TOKEN = 'short';
    const io = captureIo();
    const broken = configDir({ 'claims.yaml': SMALL_CLAIMS, 'feeds.yaml': 'feeds:\n  - id: Bad Id\n' });
    expect(await runCli(['--config', broken, 'check-config', '--dump'], io)).toBe(2);
    const printed = io.stderr.join('\n');
    expect(printed).toContain('environment: PW_HTTP_TOKEN must be at least 16 characters');
    expect(printed).toMatch(/feeds\.yaml/);
    expect(io.stdout).toEqual([]);
  });
});
