/**
 * The status bands: the claim's status over time, one band per stretch between two changes, read from the
 * history in order. The first band holds the first change's `from` (the status before any change; `open`
 * for a claim with no history unless an operator set one) from the chart's start; each change opens the
 * next band at its `at`; the last runs to `now`. So a chart has history.length + 1 bands, in history order,
 * and no band is ever merged or dropped (a change at the very start gives a band of width zero).
 *
 * A band carries its label only where the label fits inside it; the legend and the band's own title name
 * it otherwise. Labels therefore never overlap one another.
 */
import type { ClaimStatus } from '../claims/index.js';
import { FONT_PX, isoDay, textWidth } from './markup.js';
import type { TimeScale } from './time-axis.js';
import type { ChartChange } from './types.js';

export interface Band {
  status: ClaimStatus;
  from: number;
  to: number;
  x: number;
  width: number;
  /** The change that opened this band; undefined for the first. */
  opened?: ChartChange | undefined;
  /** The status name, when it fits inside the band. */
  label?: string | undefined;
  /** What the band's tooltip says. */
  title: string;
}

/** Room kept on each side of a label inside its band. */
const LABEL_PAD = 4;

function describe(status: ClaimStatus, from: number, to: number, opened: ChartChange | undefined): string {
  const days = Math.round((to - from) / 86_400_000);
  const span = `${isoDay(from)} → ${isoDay(to)}, ${days} ${days === 1 ? 'day' : 'days'}`;
  const how = opened ? `, from ${opened.from} by ${opened.trigger}` : '';
  return `${status}: ${span}${how}`;
}

export function bandsOf(
  history: readonly ChartChange[],
  current: ClaimStatus,
  scale: TimeScale,
  fontPx = FONT_PX,
): Band[] {
  const bands: Band[] = [];
  let status: ClaimStatus = history[0]?.from ?? current;
  let from = scale.start;
  let opened: ChartChange | undefined;
  const close = (to: number) => {
    const x = scale.x(from);
    const width = Math.max(0, scale.x(to) - x);
    const label = textWidth(status, fontPx) + 2 * LABEL_PAD <= width ? status : undefined;
    bands.push({ status, from, to, x, width, opened, label, title: describe(status, from, to, opened) });
  };
  for (const change of history) {
    const at = Math.max(Date.parse(change.at), from);
    close(at);
    status = change.to;
    from = at;
    opened = change;
  }
  close(Math.max(scale.end, from));
  return bands;
}
