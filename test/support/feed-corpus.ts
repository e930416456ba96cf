/**
 * The feedparser conformance corpus: shared/feed-corpus/feedparser beside the repository (CI clones the
 * repository with shared/ next to it). A missing corpus fails loudly: a skipped conformance suite would
 * look like a passing one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FEED_CORPUS_DIR = fileURLToPath(
  new URL('../../../shared/feed-corpus/feedparser/', import.meta.url),
);

export interface ManifestCheck {
  field: string;
  equals: string;
}

export interface ManifestEntry {
  path: string;
  description?: string;
  bozo: boolean | null;
  checks: ManifestCheck[];
  encoding?: string;
  headers?: Record<string, string>;
  documentUrl?: string;
}

export function readManifest(): ManifestEntry[] {
  const file = `${FEED_CORPUS_DIR}manifest.jsonl`;
  if (!existsSync(file)) {
    throw new Error(
      `feed corpus not found at ${FEED_CORPUS_DIR}: it belongs in shared/ beside the repository`,
    );
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ManifestEntry);
}

/** A manifest header, looked up case-insensitively (the corpus writes `Content-type`). */
export function manifestHeader(entry: ManifestEntry, name: string): string | undefined {
  const found = Object.entries(entry.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}
