/**
 * Throwaway config directories for config tests: a small valid claims.yaml and feeds.yaml, any file
 * replaced or added, removed after each test; and the problems a directory's config has, as users see them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError, formatProblem } from '../../src/config/problems.js';

export const SMALL_CLAIMS = `claims:
  - id: rare-earths
    title: Rare earth exports resume
    question: Do they?
    origin: { quote: "No more questions.", speaker: Donald Trump, date: 2025-06-05 }
    topic: [["rare earth*"], [china]]
    movers: { more_is_progress: [export*], more_is_setback: [curb*] }
    signals: { progress: ["shipments resum*"] }
`;
export const SMALL_FEEDS = `feeds:
  - id: news
    url: https://news.example.test/feed.xml
`;

/** A function that writes `files` into a fresh directory (deleted after the test) and returns its path. */
export function tempConfigDirs(prefix: string): (files: Record<string, string>) => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (files) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  };
}

/** Every problem of the directory's config, formatted as check-config prints it. */
export function problemsOf(
  dir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  try {
    loadConfig(dir, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('expected a ConfigError');
}
