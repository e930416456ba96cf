/**
 * The replay's simulated clock: a ManualClock (src/clock.ts) that the driver sets, on each replayed day,
 * to a fixed hour UTC after that day's news (the demo's replay stands at 23:00, US afternoons included;
 * the tests' news days at 18:00). The pipeline runs on it, so evidence, statuses and change records carry
 * the replay's dates; alert deliveries do not (alert-workers.ts says why).
 */

/** One replayed day. */
export interface ReplayDay {
  /** YYYY-MM-DD */
  date: string;
  /** Run the sweep job after the day's polls. @defaultValue false */
  sweep?: boolean | undefined;
}

export function dayInstant(day: Pick<ReplayDay, 'date'>, hourUtc: number): Date {
  return new Date(`${day.date}T${String(hourUtc).padStart(2, '0')}:00:00.000Z`);
}
