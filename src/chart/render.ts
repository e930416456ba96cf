/**
 * renderChart: a claim's story as one SVG — status bands over time with their names, evidence marks above
 * (progress, confirms) and below (setback, refutes) the bands sized by weight, the quiet stretches, the
 * window the current tally counts, resolutions and operator changes as rules, and a legend.
 *
 * Pure and deterministic: the same input gives the same bytes (no ids from the evidence, no clock, numbers
 * rounded), so a committed chart can be regenerated and compared. Every piece of text from the ledger is
 * escaped (markup.ts), and only http(s) links become hrefs: a hostile headline stays text.
 *
 * Accessible: the root names the chart (`<title>`, `aria-label`) and lists the bands in order (`<desc>`);
 * every mark is focusable — an `<a>` to its story, or a focusable group when it has no usable link — and
 * its `<title>` is the headline, source, day and direction (the tooltip on hover; the status page shows it
 * on focus too).
 */
import type { Direction } from '../match/types.js';
import { axisLayer, backgroundLayer, bandLayer, markLayer } from './layers.js';
import { CHART_WIDTH, type Layout, layoutOf } from './layout.js';
import { legendOf } from './legend.js';
import { esc, isoDay, textWidth } from './markup.js';
import { CHART_DEFS, CHART_STYLE } from './style.js';
import type { ChartInput, ChartOptions } from './types.js';

const DIRECTIONS: readonly Direction[] = ['progress', 'setback', 'confirms', 'refutes', 'neutral'];
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function summary(input: ChartInput, layout: Layout): string {
  const { claim, history, evidence } = input;
  const counts = DIRECTIONS.flatMap((direction) => {
    const n = evidence.filter((e) => e.direction === direction).length;
    return n > 0 ? [`${n} ${direction}`] : [];
  });
  const span = `${isoDay(layout.scale.start)} to ${isoDay(layout.now)}`;
  const changes = plural(history.length, 'status change', 'status changes');
  const items = plural(evidence.length, 'evidence item', 'evidence items');
  const detail = counts.length > 0 ? ` (${counts.join(', ')})` : '';
  return `Timeline of “${claim.title}”, ${span}: ${changes}, now ${claim.status}; ${items}${detail}.`;
}

function heading(input: ChartInput): string {
  const { claim } = input;
  // The heading is 14 px, the estimate is for 11 px.
  const fits = (text: string) => textWidth(text) * (14 / 11) <= CHART_WIDTH - 16;
  let title = claim.title;
  while (!fits(title)) title = `${[...title].slice(0, -2).join('').trimEnd()}…`;
  const sub = `policy-watch · ${claim.id} · now ${claim.status} · as of ${isoDay(input.now.getTime())} UTC`;
  return `<text class="h" x="8" y="18">${esc(title)}</text><text class="mu" x="8" y="35">${esc(sub)}</text>`;
}

export function renderChart(input: ChartInput, options: ChartOptions = {}): string {
  const standalone = options.standalone === true;
  const { claim } = input;
  const layout = layoutOf(input, standalone);
  const { back, labels } = backgroundLayer(layout, claim);
  const legendTop = layout.lanesBottom + 30;
  const legend = legendOf(
    {
      statuses: new Set([...layout.bands.map((band) => band.status), claim.status]),
      directions: new Set(input.evidence.map((e) => e.direction)),
      quiet: layout.quiet.length > 0,
      staleDays: claim.stale_after_days,
      windowDays: claim.window_days,
      kept: layout.kept !== undefined,
    },
    8,
    legendTop,
    CHART_WIDTH - 8,
  );
  const height = Math.ceil(legendTop + legend.height + 4);
  const name = esc(summary(input, layout));
  const bands = layout.bands.map((band) => `${band.status} from ${isoDay(band.from)}`).join('; ');
  const namespace = standalone ? ' xmlns="http://www.w3.org/2000/svg"' : '';
  return [
    `<svg${namespace} class="pwc" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" role="group" aria-label="${name}">`,
    `<title>${name}</title><desc>${esc(`Status bands in order: ${bands}.`)}</desc>`,
    standalone ? `<style>${CHART_STYLE}</style>\n${CHART_DEFS}` : '',
    `<rect class="bg" width="${CHART_WIDTH}" height="${height}" fill="#fff"/>`,
    standalone ? heading(input) : '',
    ...back,
    ...bandLayer(layout, claim.status),
    ...axisLayer(layout),
    ...markLayer(layout),
    ...labels,
    legend.markup,
    '</svg>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}
