/**
 * Schedule slots: the instant a cron expression fires, as ms since epoch, truncated to the second. Every
 * replica derives the same slot for the same tick, so the poll job id (feed, slot) is the same and BullMQ
 * keeps one job. Cron expressions are read in UTC, as node-cron is started with `timezone: 'UTC'`.
 */
import { CronExpressionParser } from 'cron-parser';

export function slotOf(date: Date): number {
  return Math.floor(date.getTime() / 1_000) * 1_000;
}

/** The latest time at or before `now` at which the expression fired. */
export function previousSlot(expression: string, now: Date): number {
  const at = new Date(slotOf(now) + 1_000); // prev() is exclusive; a tick exactly at `now` counts
  return slotOf(CronExpressionParser.parse(expression, { currentDate: at, tz: 'UTC' }).prev().toDate());
}

/** The usual gap between two ticks, measured at `now` (cron intervals vary; this is the local one). */
export function intervalAt(expression: string, now: Date): number {
  const previous = previousSlot(expression, now);
  const next = CronExpressionParser.parse(expression, { currentDate: new Date(previous), tz: 'UTC' }).next();
  return next.toDate().getTime() - previous;
}
