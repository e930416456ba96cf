/**
 * A busy newsroom, for the status page's size and speed (test/http/status-page-size.test.ts, `npm run
 * bench:page`): every configured claim with `perClaim` pieces of evidence carrying real published headlines,
 * publishers and links (test/fixtures/eval/stories.jsonl, cycled), spread over the 88 days before BUSY_NOW
 * in bursts with silences between, directions mixed (about 45 % progress, 35 % setback, 20 % neutral; one
 * claim confirmed at the end by two sources), one feed in ten of weight 2. Each claim's history is what
 * the pipeline derives judging it once a day (deriveStatus, buildChange), so the page shows a realistic
 * number of changes with their deciding evidence. Pure and seeded: the same every run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildChange,
  type ChangeRecord,
  type ClaimStatus,
  DAY_MS,
  deriveStatus,
  type EvidenceRecord,
  evidenceTime,
} from '../../src/claims/index.js';
import type { ClaimConfig } from '../../src/config/claims-schema.js';
import type { PolicyWatchConfig } from '../../src/config/load.js';
import type { StatusPageModel } from '../../src/http/status-page-model.js';
import type { Direction } from '../../src/match/types.js';
import { chartInputOf } from '../../src/views/chart-input.js';
import type { ClaimDetail } from '../../src/views/read.js';
import { changeView, claimView, evidenceView, type FeedView } from '../../src/views/views.js';
import { REPO_ROOT } from './news-replay.js';

export const BUSY_NOW = new Date('2025-11-30T23:00:00.000Z');
const SPAN_DAYS = 88;

interface Story {
  headline: string;
  source: string;
  url: string;
}

const STORIES: Story[] = readFileSync(path.join(REPO_ROOT, 'test/fixtures/eval/stories.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Story);

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BusyClaim {
  config: ClaimConfig;
  /** Newest first, as the ledger returns it. */
  evidence: EvidenceRecord[];
  history: ChangeRecord[];
  reason: string | null;
}

/** Evidence times: bursts of news around a few days, with silences long enough to go quiet between some. */
function times(random: () => number, count: number): number[] {
  const start = BUSY_NOW.getTime() - SPAN_DAYS * DAY_MS;
  const bursts = Array.from({ length: 9 }, () => start + random() * SPAN_DAYS * DAY_MS).sort((a, b) => a - b);
  return Array.from({ length: count }, () => {
    const centre = bursts[Math.floor(random() * bursts.length)] as number;
    const spread = (random() + random() + random() - 1.5) * 4 * DAY_MS;
    return Math.min(BUSY_NOW.getTime() - 3_600_000, Math.max(start, centre + spread));
  }).sort((a, b) => a - b);
}

function direction(random: () => number): Direction {
  const roll = random();
  return roll < 0.45 ? 'progress' : roll < 0.8 ? 'setback' : 'neutral';
}

/** The pair a composed direction explains itself with, as the matcher writes it. */
const PAIRS: Partial<Record<Direction, string[]>> = {
  progress: ['export* ↑ resume → progress'],
  setback: ['export control* ↑ tighten → setback'],
};

function evidenceOf(claim: ClaimConfig, index: number, perClaim: number): EvidenceRecord[] {
  const random = prng(1_000 + index);
  return times(random, perClaim).map((time, n) => {
    const story = STORIES[(index * perClaim + n) % STORIES.length] as Story;
    const confirming = index === 2 && n >= perClaim - 2;
    const published = new Date(time).toISOString();
    const leaning = confirming ? 'confirms' : direction(random);
    return {
      id: `${claim.id}:s${n}`,
      claim: claim.id,
      storyKey: `s${n}`,
      itemId: `item-${index}-${n}`,
      feedId: `feed-${n % 7}`,
      title: story.headline,
      link: story.url,
      source: confirming ? `${story.source} ${n}` : story.source,
      weight: random() < 0.1 ? 2 : 1,
      direction: leaning,
      score: 1,
      terms: ['rare earth*', 'china', ...(PAIRS[leaning] ?? [])],
      published,
      firstSeenAt: new Date(time + 600_000).toISOString(),
    };
  });
}

/** The history a once-a-day judgement gives, oldest first, and the last derivation's reason. */
function historyOf(claim: ClaimConfig, evidence: readonly EvidenceRecord[]) {
  const history: ChangeRecord[] = [];
  let current: ClaimStatus = 'open';
  let reason: string | null = null;
  const first = Math.min(...evidence.map((e) => evidenceTime(e)));
  for (let at = first + DAY_MS; at < BUSY_NOW.getTime() + DAY_MS; at += DAY_MS) {
    const now = new Date(Math.min(at, BUSY_NOW.getTime()));
    const known = evidence.filter((e) => evidenceTime(e) <= now.getTime());
    const fresh = known.some((e) => evidenceTime(e) > now.getTime() - DAY_MS);
    const derived = deriveStatus({ evidence: known, now, settings: claim, current });
    reason = derived.reason;
    if (derived.status === current) continue;
    history.push(
      buildChange({
        claim: claim.id,
        seq: history.length + 1,
        from: current,
        to: derived.status,
        at: now.toISOString(),
        trigger: fresh ? 'evidence' : 'sweep',
        tally: derived.tally,
        evidence: derived.evidenceIds,
        note: derived.reason,
      }),
    );
    current = derived.status;
  }
  return { history, reason };
}

export function busyClaims(config: PolicyWatchConfig, perClaim = 200): BusyClaim[] {
  return config.claims.map((claim, index) => {
    const evidence = evidenceOf(claim, index, perClaim);
    const { history, reason } = historyOf(claim, evidence);
    return { config: claim, evidence: [...evidence].reverse(), history, reason };
  });
}

export function busyDetail(busy: BusyClaim): ClaimDetail {
  const last = busy.history.at(-1);
  const state = {
    claim: busy.config.id,
    status: last?.to ?? 'open',
    seq: busy.history.length,
    version: busy.history.length,
    updatedAt: BUSY_NOW.toISOString(),
    lastChangeAt: last?.at ?? null,
    tally: last ? { ...last.tally, window_days: busy.config.window_days } : null,
    reason: busy.reason,
    reopenedAt: null,
    derivedThrough: BUSY_NOW.toISOString(),
  };
  return {
    claim: claimView(busy.config, state, last),
    history: busy.history.map(changeView),
    evidence: busy.evidence.map(evidenceView),
  };
}

/** The page model of the busy newsroom, as readStatusPage would read it from Redis, with `feeds` as given. */
export function busyPageModel(config: PolicyWatchConfig, feeds: FeedView[], perClaim = 200): StatusPageModel {
  const claims = busyClaims(config, perClaim).map((busy) => {
    const detail = busyDetail(busy);
    return { ...detail, chart: chartInputOf(busy.config, detail, BUSY_NOW) };
  });
  return { now: BUSY_NOW.toISOString(), claims, feeds };
}
