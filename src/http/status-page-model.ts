/**
 * What the status page shows, read in one go: every configured claim with its view, history and evidence
 * (the shapes `/api/claims`, `…/history` and `…/evidence` answer, views/read.ts), each with the
 * chart input drawn from them (views/chart-input.ts), the feeds' health, and the clock's "now".
 */

import type { PipelineDeps } from '../app/deps.js';
import type { ChartInput } from '../chart/index.js';
import { CLAIM_STATUSES } from '../claims/index.js';
import { chartInputOf } from '../views/chart-input.js';
import { type ClaimDetail, readClaimDetails, readFeedViews } from '../views/read.js';
import type { FeedView } from '../views/views.js';

export interface ClaimPanel extends ClaimDetail {
  chart: ChartInput;
}

export interface StatusPageModel {
  /** ISO 8601: when the page was read. */
  now: string;
  /** The statuses `?status=` asked for (one or several, comma-separated); absent: every claim. */
  statusFilter?: string[] | undefined;
  claims: ClaimPanel[];
  feeds: FeedView[];
  /** Why the status could not be read (Redis away): the page says so instead of showing claims. */
  problem?: string | undefined;
}

export type PageDeps = Pick<PipelineDeps, 'config' | 'ledger' | 'redis' | 'keys' | 'clock'>;

/** The known statuses of a `?status=` value; an unknown one is ignored (the page is for people). */
export function statusFilterOf(query: URLSearchParams): string[] | undefined {
  const asked = (query.get('status') ?? '').split(',').map((value) => value.trim());
  const known = asked.filter((value) => (CLAIM_STATUSES as readonly string[]).includes(value));
  return known.length > 0 ? known : undefined;
}

export async function readStatusPage(deps: PageDeps, statusFilter?: string[]): Promise<StatusPageModel> {
  const now = deps.clock.now();
  const [details, feeds] = await Promise.all([readClaimDetails(deps), readFeedViews(deps)]);
  const claims = details.flatMap((detail) => {
    if (statusFilter && !statusFilter.includes(detail.claim.status)) return [];
    const config = deps.config.claims.find((claim) => claim.id === detail.claim.id);
    return config ? [{ ...detail, chart: chartInputOf(config, detail, now) }] : [];
  });
  return { now: now.toISOString(), statusFilter, claims, feeds };
}
