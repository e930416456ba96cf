/**
 * The `policy-watch` command line (DESIGN.md "Interfaces"). Builds the commander program, runs it, and maps
 * every outcome to the documented exit codes: 0 ok, 1 some input failed, 2 usage or config error. Nothing
 * here prints a stack trace: errors become one line naming the input and the reason.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { FETCH_DEFAULTS, feedDefaultsSchema } from '../config/feeds-schema.js';
import { loadConfig, resolveConfigDir } from '../config/load.js';
import { toPolicyWatchError } from '../errors.js';
import { checkConfigCommand, reportConfigError } from './commands/check-config.js';
import { registerDaemonCommands } from './commands/daemon-commands.js';
import { registerLedgerCommands } from './commands/ledger-commands.js';
import { matchCommand } from './commands/match.js';
import { parseCommand } from './commands/parse.js';
import { type CliIo, EXIT, type ExitCode, processIo } from './io.js';
import type { InputLimits } from './load-input.js';

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

export function buildProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  const program = new Command('policy-watch')
    .description('Follows up on what governments say they will do.')
    .version(VERSION)
    .option('--config <dir>', 'config directory (default: $PW_CONFIG_DIR or ./config)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
    });

  const configDir = () => resolveConfigDir(program.opts<{ config?: string }>().config);

  program
    .command('check-config')
    .description('validate the config files and print every problem')
    .action(() => setExit(checkConfigCommand(configDir(), io)));

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
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig(configDir());
    } catch (thrown) {
      reportConfigError(thrown, io);
      setExit(EXIT.usage);
      return;
    }
    setExit(await matchCommand(inputs, config, { json: Boolean(options.json), limits }, io));
  });

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
