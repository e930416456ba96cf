import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { linesOf, openLogFile } from '../../src/logs/read-lines.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pw-read-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

describe('openLogFile', () => {
  it('yields each line of the file, CRLF and a missing last newline included', async () => {
    const file = path.join(dir, 'day.log');
    writeFileSync(file, '{"a":1}\r\n{"b":2}\nlast');
    expect(await collect(await openLogFile(file))).toEqual(['{"a":1}', '{"b":2}', 'last']);
  });

  it.each([
    ['a file that does not exist', () => path.join(dir, 'missing.log'), 'no such file'],
    ['a directory', () => dir, 'is a directory'],
  ])('refuses %s with one reason', async (_name, target, reason) => {
    await expect(openLogFile(target())).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND', message: reason });
  });
});

describe('linesOf', () => {
  it('yields the lines of a stream as they arrive', async () => {
    expect(await collect(linesOf(Readable.from(['{"a"', ':1}\n', 'two\n'])))).toEqual(['{"a":1}', 'two']);
  });

  it('fails the iteration when the stream fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error('i/o error'), { code: 'EIO' }));
      },
    });
    await expect(collect(linesOf(failing))).rejects.toMatchObject({ code: 'EIO' });
  });
});
