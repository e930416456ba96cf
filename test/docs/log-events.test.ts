/**
 * The log vocabulary (src/log.ts LOG_EVENTS) is the contract ops filter on: every event in it is emitted
 * somewhere in src/ or jobs/ and documented in docs/operations.md's table, and the table documents nothing
 * else. Read from the sources, so an event added, removed or renamed without its docs fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_EVENTS } from '../../src/log.js';
import { REPO_ROOT } from '../support/news-replay.js';

function sources(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(path.join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [path.join(dir, entry.name)]
        : [],
  );
}

const code = [...sources('src'), ...sources('jobs')]
  .filter((file) => file !== path.join('src', 'log.ts'))
  .map((file) => readFileSync(path.join(REPO_ROOT, file), 'utf8'))
  .join('\n');
const docs = readFileSync(path.join(REPO_ROOT, 'docs/operations.md'), 'utf8');
const documented = [...docs.matchAll(/^\| `([a-z_]+\.[a-z_.]+)`/gm)].map((match) => match[1]);

describe('the log vocabulary', () => {
  it.each(Object.entries(LOG_EVENTS))('emits %s (%s) somewhere', (key) => {
    expect(code).toContain(`LOG_EVENTS.${key}`);
  });

  it.each(Object.values(LOG_EVENTS))('documents %s in docs/operations.md', (event) => {
    expect(documented).toContain(event);
  });

  it('documents no event the code does not have', () => {
    const known = new Set<string>(Object.values(LOG_EVENTS));
    expect(documented.filter((event) => !known.has(event as string))).toEqual([]);
  });
});
