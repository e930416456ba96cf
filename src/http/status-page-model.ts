/**
 * What the status page shows, read in one go: every configured claim with its view, history and evidence
 * (the shapes `/api/claims`, `…/history` and `…/evidence` answer, runtime/read-views.ts), each with the
 * chart input drawn from them (runtime/chart-input.ts), the feeds' health, and the clock's "now".
 */
import type { ChartInput } from '../chart/index.js';
import { chartInputOf } from '../runtime/chart-input.js';
import type { PipelineDeps } from '../runtime/deps.js';
import { type ClaimDetail, readClaimDetails, readFeedViews } from '../runtime/read-views.js';
import type { FeedView } from '../runtime/views.js';

export interface ClaimPanel extends ClaimDetail {
  chart: ChartInput;
}

export interface StatusPageModel {
  /** ISO 8601: when the page was read. */
  now: string;
  claims: ClaimPanel[];
  feeds: FeedView[];
  /** Why the status could not be read (Redis away): the page says so instead of showing claims. */
  problem?: string | undefined;
}

export type PageDeps = Pick<PipelineDeps, 'config' | 'ledger' | 'redis' | 'keys' | 'clock'>;

export async function readStatusPage(deps: PageDeps): Promise<StatusPageModel> {
  const now = deps.clock.now();
  const [details, feeds] = await Promise.all([readClaimDetails(deps), readFeedViews(deps)]);
  const claims = details.flatMap((detail) => {
    const config = deps.config.claims.find((claim) => claim.id === detail.claim.id);
    return config ? [{ ...detail, chart: chartInputOf(config, detail, now) }] : [];
  });
  return { now: now.toISOString(), claims, feeds };
}
