/**
 * `npm start` runs the daemon from the build, as the Dockerfile does (`npm ci` builds dist/ through the
 * `prepare` script). Asked for help, it shows the start command's own usage and exits 0.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/news-replay.js';

describe('npm start', () => {
  it('runs policy-watch start from dist/', () => {
    const run = spawnSync('npm', ['start', '--silent', '--', '--help'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: policy-watch start \[options\]/m);
    expect(run.stdout).toContain('--role');
  }, 60_000);
});
