/**
 * The README's picture: the timeline chart of one of the demo's claims, written as a standalone SVG
 * (`npm run demo -- --chart FILE`; `npm run docs:chart` writes docs/demo-rare-earths.svg).
 *
 * The chart is the product's own (views/chart-input.ts, chart/), drawn from the claim's history and
 * evidence as the ledger holds them, with two differences that make the picture complete and the file the
 * same on every run:
 * - evidence is collected after every replay day, so what the sweep trims later (claims/trim.ts keeps 90
 *   days) still shows, and the whole June–November story is there;
 * - the links are left out: they point at the demo's own feed server on a random port, which is gone when
 *   the demo ends (the replay's stories are written in our own words and claim no publisher URL).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderChart } from '../chart/index.js';
import type { ClaimConfig } from '../config/claims-schema.js';
import { chartInputOf } from '../views/chart-input.js';
import { type ClaimDetail, readClaimDetail } from '../views/read.js';
import { type EvidenceView, evidenceView } from '../views/views.js';
import type { DemoPipeline } from './pipeline.js';

export const DEMO_CHART_CLAIM = 'rare-earths';

export interface ChartCollector {
  /** Reads the claim's evidence as it stands after a replay day. */
  afterDay(): Promise<void>;
  /** The chart as of the pipeline's clock, with every piece of evidence seen on any day. */
  render(): Promise<string>;
}

export function collectChart(pipeline: DemoPipeline, claim: ClaimConfig): ChartCollector {
  const { runtime } = pipeline;
  const seen = new Map<string, EvidenceView>();
  return {
    afterDay: async () => {
      for (const evidence of await runtime.ledger.getEvidence(claim.id)) {
        seen.set(evidence.id, evidenceView(evidence));
      }
    },
    render: async () => {
      const detail: ClaimDetail = await readClaimDetail(runtime, claim);
      const evidence = [...seen.values()].map((view) => ({ ...view, link: null }));
      const input = chartInputOf(claim, { ...detail, evidence }, runtime.clock.now(), {
        mayBeTrimmed: false,
      });
      return `${renderChart(input, { standalone: true })}\n`;
    },
  };
}

export function writeChart(file: string, svg: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, svg);
}
