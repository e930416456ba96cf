/** `policy-watch check-config`: validate the config directory and print every problem (exit 2 on any). */
import { environmentProblems } from '../../config/env-check.js';
import { loadConfig, type PolicyWatchConfig } from '../../config/load.js';
import { ConfigError, formatProblem } from '../../config/problems.js';
import { toPolicyWatchError } from '../../errors.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';

function changeWords(config: PolicyWatchConfig): number {
  const { up, down, loosen, tighten } = config.lexicon;
  return up.length + down.length + loosen.length + tighten.length;
}

export function checkConfigCommand(configDir: string, io: CliIo): ExitCode {
  // The environment first: its problems are reported beside the files', in the same run.
  const envProblems = environmentProblems();
  for (const problem of envProblems) io.err(`environment: ${problem}`);
  try {
    const config = loadConfig(configDir);
    if (envProblems.length > 0) {
      io.err(`policy-watch: the environment has ${envProblems.length} problem(s); the files are fine`);
      return EXIT.usage;
    }
    io.out(
      `config OK: ${config.claims.length} claims, ${config.feeds.length} feeds, ${config.webhooks.length} webhooks, ` +
        `${changeWords(config)} change words (${configDir})`,
    );
    return EXIT.ok;
  } catch (thrown) {
    reportConfigError(thrown, io);
    return EXIT.usage;
  }
}

/** Shared by every command that needs the config: one line per problem, then a count. */
export function reportConfigError(thrown: unknown, io: CliIo): void {
  if (thrown instanceof ConfigError) {
    for (const problem of thrown.problems) io.err(formatProblem(problem));
    io.err(`policy-watch: config has ${thrown.problems.length} problem(s); nothing was started`);
    return;
  }
  io.err(`policy-watch: ${toPolicyWatchError(thrown).message}`);
}
