/**
 * Builds evidence for claim tests: a direction, a source and an age are what derivation reads; the rest
 * gets plausible values. Ids are `rare-earths:<source>-<direction>-<days>d` unless a story is given, so a
 * test can name the evidence it expects back.
 */
import { DAY_MS } from '../../src/claims/evidence-time.js';
import type { ClaimSettings, EvidenceRecord } from '../../src/claims/types.js';
import type { Direction } from '../../src/match/types.js';

export const NOW = new Date('2025-07-01T12:00:00.000Z');
export const SETTINGS: ClaimSettings = { window_days: 30, stale_after_days: 21, min_sources: 2 };

/** An ISO time `days` before NOW. */
export const daysAgo = (days: number): string => new Date(NOW.getTime() - days * DAY_MS).toISOString();

export interface EvidenceOptions extends Partial<EvidenceRecord> {
  story?: string;
}

export function evidence(
  direction: Direction,
  source: string,
  ageDays: number,
  options: EvidenceOptions = {},
): EvidenceRecord {
  const { story, ...overrides } = options;
  const storyKey = story ?? `${source}-${direction}-${ageDays}d`;
  const published = daysAgo(ageDays);
  return {
    id: `rare-earths:${storyKey}`,
    claim: 'rare-earths',
    storyKey,
    itemId: `${storyKey}-item`,
    feedId: `${source}-feed`,
    title: `${source} on rare earths (${direction})`,
    link: `https://${source}.example.test/${storyKey}`,
    source,
    weight: 1,
    direction,
    score: 1,
    terms: ['rare earth*', 'china'],
    published,
    // Seen ten minutes after publication, as a poll every few minutes would.
    firstSeenAt: new Date(Date.parse(published) + 10 * 60_000).toISOString(),
    ...overrides,
  };
}

/**
 * Progress evidence from `source`, published and first seen `hours` before the wall clock: for tests whose
 * CLI or server derives as of now, not as of NOW.
 */
export function recentProgress(source: string, hours: number): EvidenceRecord {
  const at = new Date(Date.now() - hours * 3_600_000).toISOString();
  return evidence('progress', source, 0, { published: at, firstSeenAt: at });
}
