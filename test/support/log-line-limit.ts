/**
 * No log line over MAX_LOG_LINE_BYTES in any test run (issue 14: a redis.error line carried a whole Lua
 * script, kilobytes each). Every line a test captures — an in-process logger (log-capture.ts) or a daemon
 * child's stdout (news-replay-daemon.ts) — is measured here, and test/support/setup.ts fails the test that
 * wrote an oversized one.
 */
export const MAX_LOG_LINE_BYTES = 4_096;

const oversized: string[] = [];

/** Remembers `line` when it is over the limit; `where` names the logger for the failure message. */
export function measureLogLine(line: string, where: string): void {
  const bytes = Buffer.byteLength(line);
  if (bytes > MAX_LOG_LINE_BYTES) oversized.push(`${where}: ${bytes} bytes: ${line.slice(0, 300)}…`);
}

/** The oversized lines seen since the last call. */
export function takeOversizedLogLines(): string[] {
  return oversized.splice(0);
}
