/**
 * What a schedule must be for the daemon to run it. Two libraries read every expression — node-cron fires
 * the ticks (scheduler.ts), cron-parser names their slots (slots.ts) — and they disagree at the edges:
 * node-cron accepts `5-3 * * * *`, a reversed range, which cron-parser rejects, so a config that passed
 * check-config used to leave a daemon running without a scheduler. `cronProblem` asks both, the way the
 * daemon will use them, so what check-config accepts is what start runs.
 */
import { CronExpressionParser } from 'cron-parser';
import { validate as nodeCronAccepts } from 'node-cron';

/** Why the daemon could not schedule `expression`, or undefined when it can. */
export function cronProblem(expression: string): string | undefined {
  if (!nodeCronAccepts(expression))
    return 'not a valid cron expression (five fields, or six with seconds first)';
  try {
    const parsed = CronExpressionParser.parse(expression, { currentDate: new Date(0), tz: 'UTC' });
    parsed.next();
    return undefined;
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    return `not a cron expression the scheduler can run: ${reason}`;
  }
}
