/**
 * `policy-watch check-config [--dump] [--json]`: validate the environment and the config directory and
 * print every problem of both in one run (exit 2 on any). `--dump` then prints the effective settings,
 * secrets left out (config/dump.ts): as `NAME=value` lines and YAML, or as one JSON object with `--json`.
 */
import { stringify as stringifyYaml } from 'yaml';
import { dumpSettings } from '../../config/dump.js';
import { environmentProblems } from '../../config/env.js';
import { loadConfig, type PolicyWatchConfig } from '../../config/load.js';
import { ConfigError, formatProblem } from '../../config/problems.js';
import { toPolicyWatchError } from '../../errors.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';

export interface CheckConfigOptions {
  dump?: boolean;
  json?: boolean;
}

function changeWords(config: PolicyWatchConfig): number {
  const { up, down, loosen, tighten } = config.lexicon;
  return up.length + down.length + loosen.length + tighten.length;
}

function printDump(config: PolicyWatchConfig, json: boolean, io: CliIo): void {
  const dump = dumpSettings(config);
  if (json) {
    io.out(JSON.stringify(dump));
    return;
  }
  io.out('# environment (a value not set is shown as its default)');
  for (const setting of dump.environment) {
    io.out(`${setting.name}=${setting.value}  # ${setting.source}: ${setting.description}`);
  }
  io.out(`# config, defaults applied (${config.dir})`);
  io.out(stringifyYaml(dump.config, { lineWidth: 0 }).trimEnd());
}

export function checkConfigCommand(configDir: string, io: CliIo, options: CheckConfigOptions = {}): ExitCode {
  // The environment first: its problems are reported beside the files', in the same run.
  const envProblems = environmentProblems();
  for (const problem of envProblems) io.err(`environment: ${problem}`);
  try {
    const config = loadConfig(configDir);
    if (envProblems.length > 0) {
      io.err(`policy-watch: the environment has ${envProblems.length} problem(s); the files are fine`);
      return EXIT.usage;
    }
    if (options.dump) printDump(config, Boolean(options.json), io);
    else if (options.json) {
      const counts = {
        claims: config.claims.length,
        feeds: config.feeds.length,
        webhooks: config.webhooks.length,
      };
      io.out(JSON.stringify({ ok: true, dir: config.dir, ...counts, changeWords: changeWords(config) }));
    } else {
      io.out(
        `config OK: ${config.claims.length} claims, ${config.feeds.length} feeds, ${config.webhooks.length} webhooks, ` +
          `${changeWords(config)} change words (${configDir})`,
      );
    }
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
