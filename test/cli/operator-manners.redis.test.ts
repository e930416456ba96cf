/**
 * How the CLI treats an operator (issue "Safe to run unattended"), each as a real process:
 * - a bad LOG_LEVEL or PW_HTTP_PORT is a configuration error: exit 2, one line naming the variable;
 * - commands log warnings only on stderr (the pipeline's info lines with -v);
 * - `poll` without --wait and no daemon running says that nothing will run the polls yet.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type NewsServer,
  REPO_ROOT,
  removeConfigDir,
  startNewsServer,
  writeReplayConfig,
} from '../support/news-replay.js';
import { type TestRedis, testRedis } from '../support/redis.js';

let server: NewsServer;
let configDir: string;
let redis: TestRedis;

beforeAll(async () => {
  server = await startNewsServer({ now: () => new Date('2025-06-10T18:00:00Z') });
  configDir = writeReplayConfig(server);
  redis = await testRedis('cli-manners');
});

afterAll(async () => {
  await server.close();
  removeConfigDir(configDir);
  await redis.cleanup();
});

/** Runs the CLI as a child process; asynchronously, as the feed server lives in this process. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/main.ts'), '--config', configDir, ...args],
    { cwd: REPO_ROOT, env: { ...process.env, PW_PREFIX: redis.prefix, LOG_LEVEL: '', ...env } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const run = { status, stdout, stderr };
  const jsonLines = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; event?: string });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, jsonLines };
}

describe('the CLI with an operator', () => {
  it('exits 2 with one line naming LOG_LEVEL when it holds no level', async () => {
    const run = await cli(['claims'], { LOG_LEVEL: 'verbose' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'policy-watch: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
    ]);
  }, 60_000);

  it('exits 2 with one line naming PW_HTTP_PORT when start is given a bad port', async () => {
    const run = await cli(['start'], { PW_HTTP_PORT: 'eighty' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      'policy-watch: PW_HTTP_PORT must be a port number from 0 to 65535 (got "eighty")',
    );
  }, 60_000);

  it('has check-config report every bad environment setting in one run, beside the files', async () => {
    const run = await cli(['check-config'], {
      LOG_LEVEL: 'verbose',
      PW_HTTP_PORT: 'eighty',
      PW_HTTP_TOKEN: 'short',
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'environment: PW_HTTP_PORT must be a port number from 0 to 65535 (got "eighty")',
      'environment: PW_HTTP_TOKEN must be at least 16 characters (a random token, e.g. openssl rand -hex 32)',
      'environment: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
      'policy-watch: the environment has 3 problem(s); the files are fine',
    ]);
  }, 60_000);

  it('logs only warnings on stderr by default, and the info lines with -v', async () => {
    const quiet = await cli(['poll', '--wait', '--json']);
    expect(quiet.status, quiet.stdout + quiet.stderr).toBe(0);
    expect(quiet.jsonLines.filter((line) => line.level < 40)).toEqual([]);

    const verbose = await cli(['-v', 'poll', '--wait', '--json']);
    expect(verbose.status).toBe(0);
    expect(
      verbose.jsonLines.some((line) => line.event === 'feed.polled' || line.event === 'feed.not_modified'),
    ).toBe(true);
  }, 60_000);

  it('says so when poll without --wait finds no daemon to run the polls', async () => {
    const run = await cli(['poll']);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('no daemon is running against this Redis and prefix');
    expect(run.stderr).toContain('poll --wait runs them now');
  }, 60_000);
});
