/**
 * Credentials never leak (issue "Safe to run unattended"): a feed URL with user:password is a config error
 * naming the feed (it used to fail every poll with an INTERNAL error quoting the whole URL into the log, the
 * health record, the API, the page and the CLI); credentials come from the variable `auth_env` names and
 * go to the feed's own origin only; and any URL a message quotes is shown without its secrets.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../src/app/open.js';
import { loadConfig } from '../../src/config/load.js';
import { PolicyWatchError } from '../../src/errors.js';
import { readFeedHealth } from '../../src/feeds/state/index.js';
import { pollNow } from '../../src/operator/poll-now.js';
import { serveLocal } from '../../src/replay/local-server.js';
import { redactUrl } from '../../src/text/redact-url.js';
import { problemsOf, tempConfigDirs } from '../support/config-dirs.js';
import { captureLogs } from '../support/log-capture.js';
import { REPO_ROOT } from '../support/news-replay.js';
import { testRedis } from '../support/redis.js';

const configDir = tempConfigDirs('pw-credentials-');
const CLAIMS = readFileSync(path.join(REPO_ROOT, 'config/claims.yaml'), 'utf8');
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>China approves more rare earth export licences</title><link>https://x.example/1</link></item>
</channel></rss>`;

describe('redactUrl', () => {
  it.each([
    ['https://user:s3cret@feeds.example/a.xml', 'https://***@feeds.example/a.xml'],
    ['https://feeds.example/a.xml?token=abc&lang=en', 'https://feeds.example/a.xml?token=***&lang=en'],
    ['https://feeds.example/a.xml?api_key=abc&sig=def', 'https://feeds.example/a.xml?api_key=***&sig=***'],
    ['https://feeds.example/a.xml?q=rare+earths', 'https://feeds.example/a.xml?q=rare+earths'],
  ])('shows %s as %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('is applied to every error message', () => {
    const error = new PolicyWatchError(
      'INTERNAL',
      'Request cannot be constructed from https://u:pw@h.example/f',
    );
    expect(error.message).toBe('Request cannot be constructed from https://***@h.example/f');
  });
});

describe('feed credentials in the config', () => {
  it('refuses a feed URL with user:password, naming the feed and auth_env', () => {
    const dir = configDir({
      'claims.yaml': CLAIMS,
      'feeds.yaml': 'feeds:\n  - id: members\n    url: "https://reader:s3cret@feeds.example/a.xml"\n',
    });
    const problems = problemsOf(dir).join('\n');
    expect(problems).toContain('feeds[0].url');
    expect(problems).toContain('auth_env');
    expect(problems).not.toContain('s3cret');
  });

  it('names the variable auth_env points at when it is not set, never a value', () => {
    const dir = configDir({
      'claims.yaml': CLAIMS,
      'feeds.yaml':
        'feeds:\n  - id: members\n    url: "https://feeds.example/a.xml"\n    auth_env: PW_TEST_FEED_AUTH\n',
    });
    expect(problemsOf(dir).join('\n')).toContain('feeds[0].auth_env: PW_TEST_FEED_AUTH is not set');
  });
});

describe('a feed behind Basic auth', () => {
  it('is fetched with the credentials, which reach no log line, no health record and no other origin', async () => {
    const password = 'pa55-word-never-shown';
    const elsewhere = await serveLocal((req, res) => {
      res.writeHead(200, {
        'content-type': 'application/rss+xml',
        'x-saw-auth': String(req.headers.authorization),
      });
      res.end(RSS);
    });
    const home = await serveLocal((req, res) => {
      const expected = `Basic ${Buffer.from(`reader:${password}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return res.writeHead(401).end();
      if (req.url === '/moved.xml')
        return res.writeHead(302, { location: `${elsewhere.origin}/feed.xml` }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(RSS);
    });
    const redis = await testRedis('credentials');
    const env = { ...process.env, PW_TEST_FEED_AUTH: `reader:${password}` };
    const dir = configDir({
      'claims.yaml': CLAIMS,
      'feeds.yaml': [
        'feeds:',
        '  - id: members',
        `    url: "${home.origin}/feed.xml"`,
        '    auth_env: PW_TEST_FEED_AUTH',
        '  - id: moved',
        `    url: "${home.origin}/moved.xml"`,
        '    auth_env: PW_TEST_FEED_AUTH',
        '',
      ].join('\n'),
    });
    const logs = captureLogs('debug');
    const config = loadConfig(dir, env);
    expect(JSON.stringify(config.feeds)).not.toContain('Basic');
    const runtime = await openRuntime({ config, prefix: redis.prefix, logger: logs.logger });
    try {
      const done = await pollNow(runtime, { feedIds: ['members', 'moved'], wait: true, timeoutMs: 20_000 });
      expect(done.polls?.map((job) => job.result?.outcome)).toEqual(['fetched', 'fetched']);
      // The redirect to another origin went without the credentials.
      expect(elsewhere.requests.map((request) => request.headers.authorization)).toEqual([undefined]);
      const health = JSON.stringify(await readFeedHealth(runtime.redis, runtime.keys, 'members'));
      const everything = [logs.text.join('\n'), health].join('\n');
      expect(everything).not.toContain(password);
      expect(everything).not.toContain(Buffer.from(`reader:${password}`).toString('base64'));
    } finally {
      await runtime.close();
      await home.close();
      await elsewhere.close();
      await redis.cleanup();
    }
  });
});
