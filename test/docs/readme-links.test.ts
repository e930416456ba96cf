/**
 * The README maps the repository for a newcomer, so every file it points to must be in the repository: its
 * markdown links, and the paths it names in backticks (docs/…, src/…, config/…, test/…, jobs/…).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/news-replay.js';

const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

describe('the README', () => {
  it('links only to files in the repository', () => {
    const links = [...README.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)].map((match) => match[1] ?? '');
    const local = links.filter((link) => !/^[a-z]+:/i.test(link));
    expect(local.filter((link) => link.startsWith('..'))).toEqual([]);
    expect(local.filter((link) => !existsSync(path.join(REPO_ROOT, link)))).toEqual([]);
  });

  it('names only paths that exist', () => {
    const named = [...README.matchAll(/`((?:docs|src|config|test|jobs)\/[\w./-]+)`/g)].map(
      (match) => match[1] ?? '',
    );
    expect(named.length).toBeGreaterThan(3);
    const missing = named.filter((name) => !name.includes('*') && !existsSync(path.join(REPO_ROOT, name)));
    expect(missing).toEqual([]);
  });
});
