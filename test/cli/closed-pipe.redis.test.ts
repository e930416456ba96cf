/**
 * `policy-watch … | head -1`: the reader closes the pipe after the first line. Before, the next write threw
 * an unhandled EPIPE — a stack trace on stderr and exit 1; now the command ends quietly with exit 0. A real
 * shell pipeline into a real `head`, on a command that prints far more than a pipe holds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/news-replay.js';

const cli = path.join(REPO_ROOT, 'src/cli/main.ts');

function run(script: string) {
  return spawnSync('bash', ['-c', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
}

describe('a command whose reader closes the pipe early', () => {
  it('ends with exit 0 and nothing on stderr', () => {
    const stories = path.join(REPO_ROOT, 'test/fixtures/eval/stories.jsonl');
    const piped = run(
      `node --import tsx "${cli}" eval "${stories}" --json | head -1 >/dev/null; echo "exit \${PIPESTATUS[0]}"`,
    );

    expect(piped.stdout.trim()).toBe('exit 0');
    expect(piped.stderr).toBe('');
  }, 60_000);

  it('does so too for `logs` reading a long log from a pipe', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-closed-pipe-'));
    try {
      const log = path.join(dir, 'daemon.log');
      const line = (n: number) =>
        JSON.stringify({
          level: 30,
          time: 1_749_081_600_000 + n,
          event: 'feed.polled',
          feedId: 'reuters',
          msg: 'feed polled',
        });
      writeFileSync(log, `${Array.from({ length: 20_000 }, (_, n) => line(n)).join('\n')}\n`);
      const piped = run(
        `cat "${log}" | node --import tsx "${cli}" logs | head -1; echo "exit \${PIPESTATUS[1]}"`,
      );

      expect(piped.stdout.trim().split('\n')).toEqual([
        '2025-06-05 00:00:00 INFO  feed.polled          feed polled feedId=reuters',
        'exit 0',
      ]);
      expect(piped.stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
