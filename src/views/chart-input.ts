/**
 * What the timeline chart of one claim is drawn from, for every place that draws it (the status page,
 * `policy-watch chart`, the demo): the claim's view, history and evidence in the API's shapes, its
 * settings from the config, and the clock. One mapping, so the picture, the page and `history` agree.
 *
 * The chart shades the stretch before the retention horizon (claims/trim.ts): the sweep may have dropped
 * evidence there, while the history is never trimmed.
 */
import type { ChartInput } from '../chart/index.js';
import { DAY_MS, retentionDays } from '../claims/index.js';
import type { ClaimConfig } from '../config/claims-schema.js';
import type { ClaimDetail } from './read.js';

export interface ChartInputOptions {
  /** false when `detail.evidence` is known to be complete (the demo collects it day by day). @defaultValue true */
  mayBeTrimmed?: boolean;
}

export function chartInputOf(
  config: ClaimConfig,
  detail: ClaimDetail,
  now: Date,
  options: ChartInputOptions = {},
): ChartInput {
  const trimmed = options.mayBeTrimmed ?? true;
  return {
    claim: {
      id: config.id,
      title: config.title,
      status: detail.claim.status,
      window_days: config.window_days,
      stale_after_days: config.stale_after_days,
      since: config.origin.date,
    },
    history: detail.history,
    // Dismissed evidence counts nowhere, so it is not drawn; the page lists it struck through.
    evidence: detail.evidence.filter((record) => !record.dismissed),
    now,
    keptSince: trimmed ? new Date(now.getTime() - retentionDays(config) * DAY_MS) : undefined,
  };
}
