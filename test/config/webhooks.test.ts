import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError, formatProblem } from '../../src/config/problems.js';
import { isLoopbackHost, withSecret } from '../../src/config/webhooks-schema.js';
import { createLogger } from '../../src/log.js';

const SHIPPED = path.resolve(import.meta.dirname, '../../config');
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ENV = { PW_HOOK_SECRET: SECRET };

const CLAIMS = `claims:
  - id: rare-earths
    title: Rare earth exports resume
    question: Do they?
    origin: { quote: "No more questions.", speaker: Donald Trump, date: 2025-06-05 }
    topic: [["rare earth*"], [china]]
    signals: { progress: ["shipments resum*"] }
`;
const FEEDS = `feeds:
  - id: news
    url: https://news.example.test/feed.xml
`;

const tempDirs: string[] = [];
function configDir(webhooks?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-webhooks-'));
  tempDirs.push(dir);
  writeFileSync(path.join(dir, 'claims.yaml'), CLAIMS);
  writeFileSync(path.join(dir, 'feeds.yaml'), FEEDS);
  if (webhooks !== undefined) writeFileSync(path.join(dir, 'webhooks.yaml'), webhooks);
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configError(dir: string, env: Record<string, string | undefined> = ENV): ConfigError {
  try {
    loadConfig(dir, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
const problemsOf = (dir: string, env?: Record<string, string | undefined>) =>
  configError(dir, env).problems.map(formatProblem);

/** One webhook entry, indented for `webhooks:`, with `lines` added or replacing the defaults below. */
function hook(lines: Record<string, string> = {}): string {
  const fields = {
    id: 'ops',
    url: 'https://hooks.example.test/pw',
    secret_env: 'PW_HOOK_SECRET',
    events: '[claim.status_changed]',
    ...lines,
  };
  const body = Object.entries(fields)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `    ${key}: ${value}`)
    .join('\n');
  return `  - ${body.trimStart()}\n`;
}

describe('webhooks.yaml', () => {
  describe('when reading the shipped config without any secret in the environment', () => {
    it('validates, with no webhooks and the default failing_after', () => {
      const config = loadConfig(SHIPPED, {});
      expect(config.webhooks).toEqual([]);
      expect(config.alerts).toEqual({ failing_after: 3 });
    });
  });

  describe('when the file is absent or all comments', () => {
    it.each([
      ['absent', undefined],
      ['all comments', '# webhooks:\n#   - id: x\n'],
      ['an empty list', 'webhooks: []\n'],
    ])('%s means no webhooks', (_name, text) => {
      expect(loadConfig(configDir(text), {})).toMatchObject({ webhooks: [], alerts: { failing_after: 3 } });
    });
  });

  describe('when a webhook is valid', () => {
    it('fills the documented defaults and carries the secret', () => {
      const config = loadConfig(configDir(`failing_after: 5\nwebhooks:\n${hook()}`), ENV);
      const [webhook] = config.webhooks;
      expect(config.alerts.failing_after).toBe(5);
      expect(webhook).toEqual({
        id: 'ops',
        url: 'https://hooks.example.test/pw',
        allow_http: false,
        secret_env: 'PW_HOOK_SECRET',
        events: ['claim.status_changed'],
        format: 'standard',
        headers: {},
        timeout_ms: 10_000,
        concurrency: 4,
        retry: { attempts: 8, base_delay_ms: 30_000, max_delay_ms: 1_800_000 },
      });
      expect(webhook?.secret).toBe(SECRET);
    });

    it.each([
      ['a loopback IPv4 host over http', { url: 'http://127.0.0.1:9000/hook' }],
      ['anywhere in 127.0.0.0/8', { url: 'http://127.8.9.10/hook' }],
      ['localhost over http', { url: 'http://localhost:9000/hook' }],
      ['IPv6 loopback over http', { url: 'http://[::1]:9000/hook' }],
      ['http with allow_http', { url: 'http://receiver.internal/hook', allow_http: 'true' }],
      ['Slack without a secret', { format: 'slack', secret_env: '' }],
      ['extra headers', { headers: '{ x-api-key: abc, User-Agent: custom }' }],
      ['a claims filter naming known claims', { claims: '[rare-earths]' }],
      ['a concurrency of its own', { concurrency: '16' }],
      ['small retry values for tests', { retry: '{ attempts: 3, base_delay_ms: 10, max_delay_ms: 50 }' }],
      [
        'every event',
        { events: '[claim.status_changed, claim.evidence_added, feed.failing, feed.recovered]' },
      ],
    ])('accepts %s', (_name, lines) => {
      expect(() => loadConfig(configDir(`webhooks:\n${hook(lines)}`), ENV)).not.toThrow();
    });
  });

  describe('when a webhook has problems', () => {
    it.each([
      [
        'plain http to a remote host',
        { url: 'http://hooks.example.test/pw' },
        'webhooks[0].url: https is required',
      ],
      [
        'credentials in the URL',
        { url: 'https://u:p@hooks.example.test/' },
        'webhooks[0].url: no credentials',
      ],
      ['a bad id', { id: 'Ops Team' }, 'webhooks[0].id: ids use lower-case'],
      ['no events', { events: '[]' }, 'webhooks[0].events: subscribe to at least one event'],
      ['an unknown event', { events: '[claim.created]' }, 'webhooks[0].events[0]:'],
      [
        'an event twice',
        { events: '[feed.failing, feed.failing]' },
        'webhooks[0].events: an event is listed twice',
      ],
      [
        'standard without secret_env',
        { secret_env: '' },
        'webhooks[0].secret_env: required for format standard',
      ],
      [
        'a secret instead of a variable name',
        { secret_env: SECRET },
        'webhooks[0].secret_env: this is a secret',
      ],
      [
        'a lower-case variable name',
        { secret_env: 'pw_secret' },
        'webhooks[0].secret_env: expected the NAME',
      ],
      ['an unknown format', { format: 'teams' }, 'webhooks[0].format:'],
      [
        'a signature header',
        { headers: '{ Webhook-Signature: x }' },
        'webhooks[0].headers.Webhook-Signature:',
      ],
      [
        'a content-type header',
        { headers: '{ Content-Type: text/plain }' },
        'webhooks[0].headers.Content-Type:',
      ],
      ['a timeout below 100 ms', { timeout_ms: '5' }, 'webhooks[0].timeout_ms:'],
      ['a concurrency of 0', { concurrency: '0' }, 'webhooks[0].concurrency:'],
      ['a fractional concurrency', { concurrency: '2.5' }, 'webhooks[0].concurrency:'],
      ['a concurrency above 64', { concurrency: '65' }, 'webhooks[0].concurrency:'],
      [
        'max_delay_ms below base_delay_ms',
        { retry: '{ base_delay_ms: 1000, max_delay_ms: 10 }' },
        'webhooks[0].retry.max_delay_ms: must be at least base_delay_ms',
      ],
      ['an unknown key', { secret: 'x' }, 'webhooks[0].secret: unknown key "secret"'],
      ['an unknown claim', { claims: '[students]' }, 'webhooks[0].claims[0]: unknown claim id "students"'],
    ])('reports %s with file, line and path', (_name, lines, expected) => {
      const dir = configDir(`webhooks:\n${hook(lines)}`);
      const problems = problemsOf(dir);
      expect(problems).toEqual([
        expect.stringMatching(new RegExp(`^${path.join(dir, 'webhooks.yaml')}:\\d+ `)),
      ]);
      expect(problems[0]).toContain(expected);
    });

    it('reports a duplicate id at the second use', () => {
      const dir = configDir(`webhooks:\n${hook()}${hook()}`);
      expect(problemsOf(dir)).toEqual([
        `${path.join(dir, 'webhooks.yaml')}:6 webhooks[1].id: duplicate id "ops" (first used at webhooks[0])`,
      ]);
    });

    it('reports a failing_after below 1', () => {
      expect(problemsOf(configDir('failing_after: 0\n'))[0]).toMatch(/:1 failing_after: /);
    });

    it('reports the webhooks file alongside the other files', () => {
      const dir = configDir(`webhooks:\n${hook({ url: 'ftp://x.test/' })}`);
      writeFileSync(path.join(dir, 'feeds.yaml'), 'feeds: []\n');
      expect(problemsOf(dir)).toHaveLength(2);
    });
  });

  describe('when the secret variable is missing or wrong', () => {
    it.each([
      ['not set', {}, 'environment variable PW_HOOK_SECRET is not set'],
      ['empty', { PW_HOOK_SECRET: '' }, 'environment variable PW_HOOK_SECRET is not set'],
      ['without the whsec_ prefix', { PW_HOOK_SECRET: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }, 'does not hold'],
      ['not base64', { PW_HOOK_SECRET: 'whsec_not-base64!-at-all-but-long' }, 'does not hold'],
      ['unpadded base64', { PW_HOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La' + 'LaS' }, 'does not hold'],
      ['too short', { PW_HOOK_SECRET: 'whsec_c2hvcnQ=' }, 'at least 16 bytes'],
    ])('names the variable when it is %s, at the secret_env line', (_name, env, expected) => {
      const dir = configDir(`webhooks:\n${hook()}`);
      const problems = problemsOf(dir, env);
      expect(problems).toEqual([expect.stringContaining(`webhooks.yaml:4 webhooks[0].secret_env: `)]);
      expect(problems[0]).toContain(expected);
      for (const value of Object.values(env)) if (value) expect(problems[0]).not.toContain(value);
    });
  });
});

describe('the resolved secret', () => {
  const SECRET_KEY = SECRET.slice('whsec_'.length);
  const loaded = () => loadConfig(configDir(`webhooks:\n${hook()}`), ENV);

  it('never shows in JSON, util.inspect (even showHidden) or a spread copy', () => {
    const config = loaded();
    const [webhook] = config.webhooks;
    expect(webhook?.secret).toBe(SECRET);
    for (const text of [
      JSON.stringify(config),
      JSON.stringify(webhook),
      inspect(config, { depth: 10 }),
      inspect(webhook, { showHidden: true, depth: 10 }),
      String(Object.keys(webhook ?? {})),
    ]) {
      expect(text).not.toContain(SECRET_KEY);
    }
    expect(inspect(webhook)).toContain("secret: '[redacted]'");
    expect({ ...webhook }.secret).toBeUndefined();
  });

  it('never reaches a log line', () => {
    let output = '';
    const destination = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    const [webhook] = loaded().webhooks;
    logger.info({ webhook, webhooks: [webhook] }, 'configured');
    expect(output).toContain('"id":"ops"');
    expect(output).not.toContain(SECRET_KEY);
  });

  it('never shows in a ConfigError for a malformed secret', () => {
    const bad = 'whsec_this is the operator secret value';
    const error = configError(configDir(`webhooks:\n${hook()}`), { PW_HOOK_SECRET: bad });
    for (const text of [
      error.message,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      String(error.stack),
    ]) {
      expect(text).toContain('PW_HOOK_SECRET');
      expect(text).not.toContain('operator secret value');
    }
  });

  it('never shows when pasted into secret_env by mistake', () => {
    const error = configError(configDir(`webhooks:\n${hook({ secret_env: SECRET })}`), {});
    expect(error.message).toContain('secret_env: this is a secret');
    expect(`${error.message}${inspect(error, { depth: 10 })}`).not.toContain(SECRET_KEY);
  });

  it('survives a copy made with withSecret', () => {
    const [webhook] = loaded().webhooks;
    if (!webhook) throw new Error('no webhook');
    const copy = withSecret({ ...webhook, timeout_ms: 500 }, webhook.secret);
    expect(copy.secret).toBe(SECRET);
    expect(JSON.stringify(copy)).not.toContain(SECRET_KEY);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['localhost', true],
    ['[::1]', true],
    ['127.example.test', false],
    ['10.0.0.1', false],
    ['example.test', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
