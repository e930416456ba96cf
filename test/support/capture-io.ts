import type { CliIo } from '../../src/cli/io.js';

/** A CliIo that keeps every line, for asserting what a user would have seen. */
export function captureIo(): CliIo & { stdout: string[]; stderr: string[]; json: () => unknown[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    json: () => stdout.map((line) => JSON.parse(line) as unknown),
  };
}
