/**
 * The chart's time axis: which span it covers, where an instant falls on it, and the ticks it labels.
 *
 * The span runs from the earliest of the claim's origin day, its first change and its first evidence, to
 * `now` (or a later evidence time, when a clock ran ahead). Ticks are whole UTC days, weeks (Mondays),
 * months, quarters or years: the finest step whose ticks stay MIN_TICK_STEP apart. A label names the year
 * on the first tick and wherever the year turns.
 */
import { DAY_MS } from '../claims/index.js';
import { textWidth } from './markup.js';

export interface TimeScale {
  start: number;
  end: number;
  left: number;
  right: number;
  x(time: number): number;
}

export function timeScale(start: number, end: number, left: number, right: number): TimeScale {
  const span = Math.max(end - start, DAY_MS);
  return {
    start,
    end: start + span,
    left,
    right,
    x: (time) => left + ((time - start) / span) * (right - left),
  };
}

export interface Tick {
  time: number;
  label: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Least distance between two ticks: wider than any label, and few enough lines to read the marks. */
const MIN_TICK_STEP = 76;

type Step = { kind: 'day'; days: number } | { kind: 'month'; months: number };

const STEPS: readonly Step[] = [
  { kind: 'day', days: 1 },
  { kind: 'day', days: 2 },
  { kind: 'day', days: 7 },
  { kind: 'day', days: 14 },
  { kind: 'month', months: 1 },
  { kind: 'month', months: 2 },
  { kind: 'month', months: 3 },
  { kind: 'month', months: 6 },
  { kind: 'month', months: 12 },
  { kind: 'month', months: 24 },
  { kind: 'month', months: 60 },
];

function dayTicks(scale: TimeScale, days: number): Tick[] {
  const ticks: Tick[] = [];
  let time = Math.ceil(scale.start / DAY_MS) * DAY_MS;
  if (days === 7 || days === 14) {
    // Weeks start on Monday (UTC day 1); 1970-01-01 was a Thursday.
    while (new Date(time).getUTCDay() !== 1) time += DAY_MS;
  }
  let year: number | undefined;
  for (; time <= scale.end; time += days * DAY_MS) {
    const date = new Date(time);
    const label = `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
    ticks.push({
      time,
      label: year === date.getUTCFullYear() ? label : `${label}, ${date.getUTCFullYear()}`,
    });
    year = date.getUTCFullYear();
  }
  return ticks;
}

function monthTicks(scale: TimeScale, months: number): Tick[] {
  const ticks: Tick[] = [];
  const first = new Date(scale.start);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth();
  if (Date.UTC(year, month, 1) < scale.start) month += 1;
  // Align multi-month steps on the calendar (quarters on Jan/Apr/Jul/Oct, years on January).
  while (month % Math.min(months, 12) !== 0) month += 1;
  for (;;) {
    year += Math.floor(month / 12);
    month %= 12;
    const time = Date.UTC(year, month, 1);
    if (time > scale.end) return ticks;
    const name = months >= 12 ? String(year) : MONTHS[month];
    const label = months < 12 && (ticks.length === 0 || month === 0) ? `${name} ${year}` : `${name}`;
    ticks.push({ time, label });
    month += months;
  }
}

function ticksOf(scale: TimeScale, step: Step): Tick[] {
  return step.kind === 'day' ? dayTicks(scale, step.days) : monthTicks(scale, step.months);
}

function fits(scale: TimeScale, ticks: readonly Tick[]): boolean {
  return ticks.every((tick, index) => {
    const next = ticks[index + 1];
    if (!next) return true;
    const room = scale.x(next.time) - scale.x(tick.time);
    return room >= Math.max(MIN_TICK_STEP, (textWidth(tick.label) + textWidth(next.label)) / 2 + 12);
  });
}

export function axisTicks(scale: TimeScale): Tick[] {
  for (const step of STEPS) {
    const ticks = ticksOf(scale, step);
    if (fits(scale, ticks)) return ticks;
  }
  return [];
}
