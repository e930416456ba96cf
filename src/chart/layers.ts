/**
 * The chart's layers as markup, back to front: the spans behind everything (month grid, trimmed past,
 * quiet stretches, tally window, resolution rules), the status bands and the "now" column, the axis and the
 * lane names, then the marks. Annotation labels are collected in one LabelRow, most important first, so
 * they never overlap.
 */
import { type ClaimStatus, DAY_MS } from '../claims/index.js';
import type { Band } from './bands.js';
import { LabelRow } from './label-row.js';
import { BAND, CHART_WIDTH, type Layout, LEFT, NOW_COLUMN, RIGHT } from './layout.js';
import type { Lane, Mark } from './marks.js';
import { esc, isoDay, num, safeHref, textWidth } from './markup.js';
import type { Span } from './stretches.js';
import { DARK_STATUSES } from './style.js';
import { axisTicks } from './time-axis.js';
import type { ChartClaim } from './types.js';

const dark = (status: ClaimStatus) => ((DARK_STATUSES as readonly string[]).includes(status) ? ' d' : '');

function spanRect(layout: Layout, cls: string, span: Span, top: number, bottom: number, title: string) {
  const x = layout.scale.x(span.from);
  const width = Math.max(0, layout.scale.x(span.to) - x);
  return `<rect class="${cls}" x="${num(x)}" y="${num(top)}" width="${num(width)}" height="${num(bottom - top)}"><title>${esc(title)}</title></rect>`;
}

/** Everything behind the bands and marks, and the annotation labels (drawn last, on top). */
export function backgroundLayer(layout: Layout, claim: ChartClaim): { back: string[]; labels: string[] } {
  const { scale, lanesTop, lanesBottom, bandTop, belowTop, annotations } = layout;
  const back: string[] = [];
  const labels: string[] = [];
  const row = new LabelRow(LEFT, CHART_WIDTH - 4);
  row.reserve(RIGHT + 4, CHART_WIDTH);
  const label = (text: string, centre: number, cls = 'mu') => {
    const x = row.place(text, centre);
    if (x !== undefined)
      labels.push(`<text class="${cls}" x="${num(x)}" y="${annotations}">${esc(text)}</text>`);
  };
  const middle = (span: Span) => (scale.x(span.from) + scale.x(span.to)) / 2;

  for (const tick of axisTicks(scale)) {
    const x = num(scale.x(tick.time));
    back.push(`<line class="grid" x1="${x}" x2="${x}" y1="${lanesTop}" y2="${num(lanesBottom)}"/>`);
  }
  if (layout.kept) {
    const title = `Evidence before ${isoDay(layout.kept.to)} may have been trimmed by the sweep; the status bands are complete.`;
    back.push(spanRect(layout, 'kept', layout.kept, lanesTop, lanesBottom, title));
  }
  for (const stretch of layout.quiet) {
    const title = `No evidence for ${stretch.days} days: ${isoDay(stretch.from)} → ${isoDay(stretch.to)}`;
    back.push(spanRect(layout, 'hush', stretch, lanesTop, bandTop, title));
    back.push(spanRect(layout, 'hush', stretch, belowTop, lanesBottom, title));
  }
  const { window } = layout;
  const windowTitle = `The current tally counts the last ${claim.window_days} days: ${isoDay(window.from)} → ${isoDay(window.to)}`;
  back.push(spanRect(layout, 'win', window, lanesTop, lanesBottom, windowTitle));
  const [x1, x2] = [num(scale.x(window.from)), num(scale.x(window.to))];
  back.push(`<path class="winb" d="M${x1} ${lanesTop + 5}V${lanesTop}H${x2}V${lanesTop + 5}"/>`);

  labels.push(
    `<text class="mu" x="${num(RIGHT + NOW_COLUMN / 2)}" y="${annotations}" text-anchor="middle">now</text>`,
  );
  label(`tally window, ${claim.window_days} days`, middle(window), 'wint');
  for (const rule of layout.rules) {
    const x = num(scale.x(rule.at));
    const { change } = rule;
    const title = `${isoDay(rule.at)}: ${change.from} → ${change.to} by ${change.trigger}`;
    const cls = rule.kind === 'operator' ? 'rule op' : 'rule';
    back.push(
      `<line class="${cls}" x1="${x}" x2="${x}" y1="${lanesTop}" y2="${num(lanesBottom)}"><title>${esc(title)}</title></line>`,
    );
    label(rule.kind === 'operator' ? `operator: ${change.to}` : rule.kind, scale.x(rule.at));
  }
  if (layout.kept) {
    const days = Math.round((layout.now - layout.kept.to) / DAY_MS);
    label(`evidence older than ${days} days is not kept`, middle(layout.kept));
  }
  for (const stretch of layout.quiet) label(`${stretch.days} days without news`, middle(stretch));
  return { back, labels };
}

function bandMarkup(band: Band, top: number): string {
  const title = `<title>${esc(band.title)}</title>`;
  const rect = `<rect class="band b-${band.status}" data-status="${band.status}" x="${num(band.x)}" y="${top}" width="${num(band.width)}" height="${BAND}">${title}</rect>`;
  if (!band.label) return rect;
  const x = num(band.x + band.width / 2);
  return `${rect}<text class="lbl${dark(band.status)}" x="${x}" y="${top + 15}" text-anchor="middle">${band.label}</text>`;
}

/** The bands in history order, then the status now in its own column. */
export function bandLayer(layout: Layout, status: ClaimStatus): string[] {
  const top = layout.bandTop;
  const parts = [`<g class="bands">${layout.bands.map((band) => bandMarkup(band, top)).join('')}</g>`];
  const left = RIGHT + 6;
  const width = CHART_WIDTH - 4 - left;
  const text =
    textWidth(status) + 8 <= width
      ? `<text class="lbl${dark(status)}" x="${num(left + width / 2)}" y="${top + 15}" text-anchor="middle">${status}</text>`
      : '';
  parts.push(
    `<g class="now"><rect class="sw b-${status}" x="${left}" y="${top}" width="${width}" height="${BAND}" rx="4"><title>now: ${status}</title></rect>${text}</g>`,
  );
  return parts;
}

/** The time axis with its ticks, the "now" line, and the lane names in the left gutter. */
export function axisLayer(layout: Layout): string[] {
  const { scale, lanesTop, lanesBottom, bandTop, belowTop, neutralTop, placed } = layout;
  const bottom = num(lanesBottom);
  const parts = [
    `<line class="nowl" x1="${RIGHT}" x2="${RIGHT}" y1="${lanesTop}" y2="${bottom}"/>`,
    `<line class="axis" x1="${LEFT}" x2="${RIGHT}" y1="${bottom}" y2="${bottom}"/>`,
  ];
  for (const tick of axisTicks(scale)) {
    const x = scale.x(tick.time);
    const anchor = x + textWidth(tick.label) / 2 > CHART_WIDTH - 4 ? 'end' : 'middle';
    parts.push(
      `<line class="axis" x1="${num(x)}" x2="${num(x)}" y1="${bottom}" y2="${num(lanesBottom + 4)}"/>`,
    );
    parts.push(
      `<text class="mu" x="${num(x)}" y="${num(lanesBottom + 16)}" text-anchor="${anchor}">${esc(tick.label)}</text>`,
    );
  }
  const gutter = (text: string, y: number) =>
    parts.push(`<text class="mu" x="${LEFT - 8}" y="${num(y + 4)}" text-anchor="end">${text}</text>`);
  gutter('progress ▲', lanesTop + placed.above / 2);
  gutter('status', bandTop + BAND / 2);
  gutter('setback ▼', belowTop + placed.below / 2);
  if (placed.neutral > 0) gutter('neutral', neutralTop + placed.neutral / 2);
  return parts;
}

function markTitle(mark: Mark): string {
  const e = mark.evidence;
  const weight = e.weight === 1 ? '' : `, weight ${e.weight}`;
  return `${e.title} — ${e.source}, ${isoDay(mark.time)} (${e.direction}${weight})`;
}

function markShape(mark: Mark, y: number): string {
  if (mark.evidence.direction === 'confirms' || mark.evidence.direction === 'refutes') {
    const d = mark.r * 1.3;
    return `<path d="M${num(mark.x)} ${num(y - d)}l${num(d)} ${num(d)}l${num(-d)} ${num(d)}l${num(-d)} ${num(-d)}z"/>`;
  }
  return `<circle cx="${num(mark.x)}" cy="${num(y)}" r="${num(mark.r)}"/>`;
}

function markMarkup(mark: Mark, y: number): string {
  const inner = `<title>${esc(markTitle(mark))}</title>${markShape(mark, y)}`;
  const href = safeHref(mark.evidence.link);
  return href ? `<a href="${esc(href)}">${inner}</a>` : `<g tabindex="0">${inner}</g>`;
}

/** One group per lane, oldest first within it: the order a keyboard walks the marks. */
export function markLayer(layout: Layout): string[] {
  const { bandTop, belowTop, neutralTop } = layout;
  const y: Record<Lane, (mark: Mark) => number> = {
    above: (mark) => bandTop - mark.offset,
    below: (mark) => belowTop + mark.offset,
    neutral: (mark) => neutralTop + mark.offset,
  };
  return (['above', 'below', 'neutral'] as const).map((lane) => {
    const marks = layout.placed.marks.filter((mark) => mark.lane === lane);
    return `<g class="marks ${lane}">${marks.map((mark) => markMarkup(mark, y[lane](mark))).join('')}</g>`;
  });
}
