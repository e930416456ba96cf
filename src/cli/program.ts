/**
 * The `policy-watch` command line (DESIGN.md "Interfaces"). Builds the commander program, runs it, and maps
 * every outcome to the documented exit codes: 0 ok, 1 some input failed, 2 usage or config error. Nothing
 * here prints a stack trace: errors become one line naming the input and the reason.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { FETCH_DEFAULTS, feedDefaultsSchema } from '../config/feeds-schema.js';
import { loadConfig, type PolicyWatchConfig, resolveConfigDir } from '../config/load.js';
import { toPolicyWatchError } from '../errors.js';
import { checkConfigCommand, reportConfigError } from './commands/check-config.js';
import { registerDaemonCommands } from './commands/daemon-commands.js';
import { evalCommand, type Floor, parseFloor, type Split } from './commands/eval.js';
import { registerLedgerCommands } from './commands/ledger-commands.js';
import { registerLogsCommand } from './commands/logs-registration.js';
import { matchCommand } from './commands/match.js';
import { parseCommand } from './commands/parse.js';
import { type CliIo, EXIT, type ExitCode, processIo } from './io.js';
import type { InputLimits } from './load-input.js';
import { setVerbose } from './log-level.js';

const VERSION = '0.1.0';

interface InputOptions {
  json?: boolean;
  timeout?: number;
  maxBytes?: number;
}

/** Commander argument parser: a bad value becomes a usage error (exit 2) naming the flag. */
function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new InvalidArgumentError('expected a positive whole number');
  return parsed;
}

/** The fetch limits for CLI inputs: the flags, else the product defaults of feeds.yaml's `defaults`. */
function inputLimits(options: InputOptions): InputLimits {
  const defaults = feedDefaultsSchema.parse({});
  return {
    timeoutMs: options.timeout ?? defaults.timeout_ms,
    maxBytes: options.maxBytes ?? defaults.max_bytes,
    userAgent: FETCH_DEFAULTS.userAgent,
  };
}

function withInputOptions(command: Command, jsonHelp: string): Command {
  return command
    .option('--json', jsonHelp)
    .option('--timeout <ms>', 'total deadline per URL input, in milliseconds (default 15000)', positiveInt)
    .option('--max-bytes <n>', 'largest body to accept, in bytes (default 5 MiB)', positiveInt)
    .argument('<input...>', 'feed file paths or http(s) URLs');
}

interface EvalOptions {
  json?: boolean;
  split: Split;
  minClaim?: Floor;
  minDirection?: Floor;
  maxLookalike?: number;
}

function splitOption(value: string): Split {
  if (value === 'all' || value === 'dev' || value === 'holdout') return value;
  throw new InvalidArgumentError('expected all, dev or holdout');
}

function floorOption(value: string): Floor {
  const floor = parseFloor(value);
  if (!floor) throw new InvalidArgumentError('expected a ratio from 0 to 1, or LANG=RATIO,LANG=RATIO');
  return floor;
}

function ratioOption(value: string): number {
  const ratio = Number(value);
  if (value.trim() === '' || !(ratio >= 0 && ratio <= 1))
    throw new InvalidArgumentError('expected a ratio from 0 to 1');
  return ratio;
}

/** The config, or undefined after printing every problem (the caller exits 2). */
function loadConfigOrReport(dir: string, io: CliIo): PolicyWatchConfig | undefined {
  try {
    return loadConfig(dir);
  } catch (thrown) {
    reportConfigError(thrown, io);
    return undefined;
  }
}

export function buildProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  const program: Command = new Command('policy-watch')
    .description('Follows up on what governments say they will do.')
    .version(VERSION)
    .option('--config <dir>', 'config directory (default: $PW_CONFIG_DIR or ./config)')
    .option('-v, --verbose', "log the pipeline's info lines on stderr (commands log warnings only)")
    .hook('preAction', () => setVerbose(program.opts<{ verbose?: boolean }>().verbose === true))
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
    });

  const configDir = () => resolveConfigDir(program.opts<{ config?: string }>().config);

  program
    .command('check-config')
    .description('validate the environment and the config files and print every problem')
    .option(
      '--dump',
      'then print the effective settings (environment and config, defaults applied, no secrets)',
    )
    .option('--json', 'one JSON object')
    .action((options: { dump?: boolean; json?: boolean }) =>
      setExit(checkConfigCommand(configDir(), io, options)),
    );

  withInputOptions(
    program
      .command('parse')
      .description('fetch or read each feed file or URL and print its normalized items (no Redis needed)'),
    'one JSON line per input',
  ).action(async (inputs: string[], options: InputOptions) => {
    const limits = inputLimits(options);
    setExit(await parseCommand(inputs, { json: Boolean(options.json), limits }, io));
  });

  withInputOptions(
    program
      .command('match')
      .description('parse each input and match every item against the claims (no Redis needed)'),
    'one JSON line per item',
  ).action(async (inputs: string[], options: InputOptions) => {
    const limits = inputLimits(options);
    const config = loadConfigOrReport(configDir(), io);
    if (!config) {
      setExit(EXIT.usage);
      return;
    }
    setExit(await matchCommand(inputs, config, { json: Boolean(options.json), limits }, io));
  });

  program
    .command('eval')
    .description('score the claims against a labeled set of real headlines (no Redis needed)')
    .argument('<file>', 'JSON lines of labeled stories (test/fixtures/eval/stories.jsonl)')
    .option('--json', 'one JSON object with every figure and miss')
    .option(
      '--split <split>',
      'all, dev or holdout: which part the floors and misses are for',
      splitOption,
      'all',
    )
    .option(
      '--min-claim <floor>',
      'exit 1 when top-claim accuracy is below (0.9, or en=0.92,zh=0.88)',
      floorOption,
    )
    .option(
      '--min-direction <floor>',
      'exit 1 when direction accuracy is below (as --min-claim)',
      floorOption,
    )
    .option('--max-lookalike <ratio>', 'exit 1 when more look-alikes than this match a claim', ratioOption)
    .action((file: string, options: EvalOptions) => {
      const config = loadConfigOrReport(configDir(), io);
      if (!config) {
        setExit(EXIT.usage);
        return;
      }
      setExit(evalCommand(file, config, { ...options, json: Boolean(options.json) }, io));
    });

  registerLogsCommand(program, io, setExit);
  registerDaemonCommands(program, io, setExit, configDir);
  registerLedgerCommands(program, io, setExit, configDir);

  return program;
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function runCli(args: string[], io: CliIo = processIo): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (thrown) {
    if (thrown instanceof CommanderError) {
      // Help and --version end through here too, with exit code 0.
      return thrown.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.err(`policy-watch: ${toPolicyWatchError(thrown).message}`);
    return EXIT.inputFailed;
  }
}
