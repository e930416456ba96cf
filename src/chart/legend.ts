/**
 * The chart's key: a swatch and a name for every status the chart shows and every kind of mark and span
 * it draws, flowing left to right and wrapping at the chart's width. Statuses come in DESIGN.md's order;
 * only what the chart contains is listed.
 */
import { CLAIM_STATUSES, type ClaimStatus } from '../claims/index.js';
import type { Direction } from '../match/types.js';
import { esc, num, textWidth } from './markup.js';

export interface LegendContent {
  statuses: ReadonlySet<ClaimStatus>;
  directions: ReadonlySet<Direction>;
  quiet: boolean;
  staleDays: number;
  windowDays: number;
  kept: boolean;
}

interface Item {
  /** Drawn in a 14 × 12 box whose top-left corner is (0, 0). */
  swatch: string;
  label: string;
  /** A group heading: no swatch, muted text. */
  heading?: boolean;
}

const ROW = 18;
const SWATCH = 14;
const GAP = 14;

const DIRECTION_SWATCH: Partial<Record<Direction, Item>> = {
  progress: { swatch: '<circle class="lg-p" cx="7" cy="6" r="4.5"/>', label: 'progress' },
  setback: { swatch: '<circle class="lg-s" cx="7" cy="6" r="4"/>', label: 'setback' },
  confirms: { swatch: '<path class="lg-c" d="M7 0.5L12.5 6L7 11.5L1.5 6Z"/>', label: 'confirms' },
  refutes: { swatch: '<path class="lg-r" d="M7 1L12 6L7 11L2 6Z"/>', label: 'refutes' },
  neutral: { swatch: '<circle class="lg-n" cx="7" cy="6" r="3.5"/>', label: 'neutral' },
};

function items(content: LegendContent): Item[] {
  const list: Item[] = [{ swatch: '', label: 'Status:', heading: true }];
  for (const status of CLAIM_STATUSES) {
    if (!content.statuses.has(status)) continue;
    list.push({ swatch: `<rect class="sw b-${status}" width="14" height="12"/>`, label: status });
  }
  list.push({ swatch: '', label: 'Evidence (size: weight):', heading: true });
  for (const direction of ['progress', 'setback', 'confirms', 'refutes', 'neutral'] as const) {
    const item = DIRECTION_SWATCH[direction];
    if (item && (content.directions.has(direction) || direction === 'progress' || direction === 'setback')) {
      list.push(item);
    }
  }
  if (content.quiet) {
    list.push({
      swatch: '<rect class="lg-h" width="14" height="12"/>',
      label: `no news for ${content.staleDays}+ days`,
    });
  }
  list.push({
    swatch: '<rect class="lg-w" width="14" height="12"/>',
    label: `tally window (last ${content.windowDays} days)`,
  });
  if (content.kept)
    list.push({ swatch: '<rect class="lg-k" width="14" height="12"/>', label: 'evidence not kept' });
  return list;
}

/** The legend's markup from `top`, and the height it takes. */
export function legendOf(content: LegendContent, left: number, top: number, right: number) {
  const parts: string[] = [];
  let x = left;
  let row = 0;
  for (const item of items(content)) {
    const width = (item.heading ? 0 : SWATCH + 4) + textWidth(item.label);
    if (x > left && x + width > right) {
      row += 1;
      x = left;
    }
    const y = top + row * ROW;
    if (item.heading) {
      parts.push(`<text class="mu" x="${num(x)}" y="${num(y + 10)}">${esc(item.label)}</text>`);
      x += width + 6;
      continue;
    }
    parts.push(`<g transform="translate(${num(x)} ${num(y)})">${item.swatch}</g>`);
    parts.push(`<text x="${num(x + SWATCH + 4)}" y="${num(y + 10)}">${esc(item.label)}</text>`);
    x += width + GAP;
  }
  return { markup: `<g class="legend">${parts.join('')}</g>`, height: (row + 1) * ROW };
}
