/**
 * SIGHUP: re-read the config directory the daemon started from and apply it without a restart (DESIGN,
 * "Signals"). The new config is loaded and its claims compiled before anything changes, so an invalid one
 * is logged with every problem (`config.reload_failed`) and the running config stays whole. A valid one
 * is swapped in (jobs read `deps.config` and `deps.matcher` when they run, so the next job sees it), then
 * the parts that hold config of their own follow: webhook workers, and the scheduler when feeds changed.
 */
import { type ConfigDiff, describeDiff, diffConfig, isUnchanged } from '../config/diff.js';
import { loadConfig, type PolicyWatchConfig } from '../config/load.js';
import { ConfigError, formatProblem } from '../config/problems.js';
import { errOf, toPolicyWatchError } from '../errors.js';
import { LOG_EVENTS } from '../log.js';
import { compileMatcher } from '../match/index.js';
import type { Runtime } from './open.js';

export interface ReloadTargets {
  /** Restarts the schedule with these feeds (daemons that schedule). */
  schedule?(config: PolicyWatchConfig): Promise<void>;
  /** Brings the webhook workers in line and drops removed webhooks' waiting jobs (daemons that work). */
  webhooks?(config: PolicyWatchConfig): Promise<void>;
}

export type ReloadOutcome = { applied: true; diff: ConfigDiff } | { applied: false; problems: string[] };

function problemsOf(thrown: unknown): string[] {
  if (thrown instanceof ConfigError) return thrown.problems.map(formatProblem);
  return [toPolicyWatchError(thrown).message];
}

export async function reloadConfig(
  runtime: Runtime,
  targets: ReloadTargets,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReloadOutcome> {
  const dir = runtime.config.dir;
  let next: PolicyWatchConfig;
  let matcher: Runtime['matcher'];
  try {
    next = loadConfig(dir, env);
    matcher = compileMatcher(next.claims, next.lexicon);
  } catch (thrown) {
    const problems = problemsOf(thrown);
    runtime.logger.error(
      { event: LOG_EVENTS.configReloadFailed, dir, problems },
      `config reload failed (${problems.length} problem(s)); the running config stays: ${problems.join('; ')}`,
    );
    return { applied: false, problems };
  }
  const diff = diffConfig(runtime.config, next);
  runtime.config = next;
  runtime.matcher = matcher;
  // The swap has happened: a part that fails to follow is logged, and the next SIGHUP tries again.
  const follow = async (part: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      runtime.logger.error(
        { event: LOG_EVENTS.configReloadFailed, dir, part, err: errOf(error) },
        `config reloaded, but the ${part} could not follow: ${toPolicyWatchError(error).message}`,
      );
    }
  };
  const { webhooks, schedule } = targets;
  if (webhooks && !isUnchanged(diff.webhooks)) await follow('webhook workers', () => webhooks(next));
  if (schedule && !isUnchanged(diff.feeds)) await follow('scheduler', () => schedule(next));
  runtime.logger.info(
    {
      event: LOG_EVENTS.configReloaded,
      dir,
      claims: diff.claims,
      feeds: diff.feeds,
      webhooks: diff.webhooks,
      settings: diff.settings,
    },
    `config reloaded: ${describeDiff(diff)}`,
  );
  return { applied: true, diff };
}
