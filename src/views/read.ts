/**
 * Reads the claim and feed views (views.ts) from Redis for the configured claims and feeds, in config
 * order, or one claim's: what `policy-watch claims` / `feeds` / `history` / `evidence` print and what the
 * HTTP API serves; and, for the status page,
 * each claim with its whole history and evidence (what `/api/claims/:id/history` and `/evidence` answer).
 */

import type { PipelineDeps } from '../app/deps.js';
import { NEW_FEED_HEALTH, readAllFeedHealth } from '../feeds/state/index.js';
import {
  type ChangeView,
  type ClaimView,
  changeView,
  claimView,
  type EvidenceView,
  evidenceView,
  type FeedView,
  feedView,
} from './views.js';

type ReadDeps = Pick<PipelineDeps, 'config' | 'ledger' | 'redis' | 'keys'>;

export async function readClaimViews(deps: ReadDeps): Promise<ClaimView[]> {
  const claims = deps.config.claims;
  const states = await deps.ledger.listStates(claims.map((claim) => claim.id));
  // The ledger has no "last change" read; a history holds one record per status change, so it stays short.
  const histories = await Promise.all(claims.map((claim) => deps.ledger.getHistory(claim.id)));
  return claims.flatMap((claim, index) => {
    const state = states[index];
    return state ? [claimView(claim, state, histories[index]?.at(-1))] : [];
  });
}

export async function readFeedViews(deps: ReadDeps): Promise<FeedView[]> {
  const feeds = deps.config.feeds;
  const ids = feeds.map((feed) => feed.id);
  const health = await readAllFeedHealth(deps.redis, deps.keys, ids);
  return feeds.map((feed) => feedView(feed, health.get(feed.id) ?? NEW_FEED_HEALTH));
}

/** One claim's view: its state and last change. */
export async function readClaimView(
  deps: ReadDeps,
  claim: { id: string; title: string },
): Promise<ClaimView> {
  const [state, history] = await Promise.all([
    deps.ledger.getState(claim.id),
    deps.ledger.getHistory(claim.id),
  ]);
  return claimView(claim, state, history.at(-1));
}

/** One claim's changes, oldest first (`policy-watch history`, `/api/claims/:id/history`). */
export async function readHistoryViews(deps: ReadDeps, claimId: string): Promise<ChangeView[]> {
  return (await deps.ledger.getHistory(claimId)).map(changeView);
}

/** One claim's evidence, newest first (`policy-watch evidence`, `/api/claims/:id/evidence`). */
export async function readEvidenceViews(deps: ReadDeps, claimId: string): Promise<EvidenceView[]> {
  return (await deps.ledger.getEvidence(claimId)).map(evidenceView);
}

/** A claim's view with its history (oldest first) and evidence (newest first), in the API's shapes. */
export interface ClaimDetail {
  claim: ClaimView;
  history: ChangeView[];
  evidence: EvidenceView[];
}

export async function readClaimDetails(deps: ReadDeps): Promise<ClaimDetail[]> {
  const claims = deps.config.claims;
  const ids = claims.map((claim) => claim.id);
  const [states, histories, evidence] = await Promise.all([
    deps.ledger.listStates(ids),
    Promise.all(ids.map((id) => deps.ledger.getHistory(id))),
    Promise.all(ids.map((id) => deps.ledger.getEvidence(id))),
  ]);
  return claims.flatMap((claim, index) => {
    const state = states[index];
    const history = histories[index] ?? [];
    if (!state) return [];
    return [
      {
        claim: claimView(claim, state, history.at(-1)),
        history: history.map(changeView),
        evidence: (evidence[index] ?? []).map(evidenceView),
      },
    ];
  });
}

/** One claim's detail, read as readClaimDetails reads every claim's. */
export async function readClaimDetail(
  deps: ReadDeps,
  claim: { id: string; title: string },
): Promise<ClaimDetail> {
  const [state, history, evidence] = await Promise.all([
    deps.ledger.getState(claim.id),
    deps.ledger.getHistory(claim.id),
    deps.ledger.getEvidence(claim.id),
  ]);
  return {
    claim: claimView(claim, state, history.at(-1)),
    history: history.map(changeView),
    evidence: evidence.map(evidenceView),
  };
}
