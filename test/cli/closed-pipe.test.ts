/**
 * `policy-watch … | head -1`: the reader closes the pipe after the first line. Before, the next write threw
 * an unhandled EPIPE — a stack trace on stderr and exit 1; now the command ends quietly with exit 0. A real
 * shell pipeline into a real `head`, on a command that prints far more than a pipe holds.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/news-replay.js';

describe('a command whose reader closes the pipe early', () => {
  it('ends with exit 0 and nothing on stderr', () => {
    const cli = path.join(REPO_ROOT, 'src/cli/main.ts');
    const stories = path.join(REPO_ROOT, 'test/fixtures/eval/stories.jsonl');
    const script = `node --import tsx "${cli}" eval "${stories}" --json | head -1 >/dev/null; echo "exit \${PIPESTATUS[0]}"`;
    const run = spawnSync('bash', ['-c', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });

    expect(run.stdout.trim()).toBe('exit 0');
    expect(run.stderr).toBe('');
  }, 60_000);
});
