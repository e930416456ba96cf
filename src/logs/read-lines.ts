/**
 * The lines of a log, one at a time through node:readline, from a file or from a stream (stdin): a log of
 * any size is read without being held in memory. The file is opened before the first line is asked for, so
 * a file that cannot be read fails here with one reason (INPUT_NOT_FOUND: "no such file", "permission
 * denied", "is a directory"); an error while reading fails the iteration. Anything but a directory is
 * read, so `policy-watch logs <(zcat daemon.log.gz)` works too.
 */
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { PolicyWatchError, toPolicyWatchError } from '../errors.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
};

/** One reason, in words, for a file that cannot be opened or read. */
export function readError(thrown: unknown): PolicyWatchError {
  const reason = REASONS[(thrown as NodeJS.ErrnoException).code ?? ''];
  return reason ? new PolicyWatchError('INPUT_NOT_FOUND', reason) : toPolicyWatchError(thrown);
}

export function linesOf(input: NodeJS.ReadableStream): AsyncIterable<string> {
  // crlfDelay: a \r\n split across two chunks is still one line end.
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

export async function openLogFile(path: string): Promise<AsyncIterable<string>> {
  try {
    const handle = await open(path, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw new PolicyWatchError('INPUT_NOT_FOUND', 'is a directory');
    }
    return linesOf(handle.createReadStream());
  } catch (thrown) {
    throw thrown instanceof PolicyWatchError ? thrown : readError(thrown);
  }
}
