/**
 * The `policy-watch` command line (DESIGN.md "Interfaces"). Builds the commander program, runs it, and maps
 * every outcome to the documented exit codes: 0 ok, 1 some input failed, 2 usage or config error. Nothing
 * here prints a stack trace: errors become one line naming the input and the reason.
 */
import { Command, CommanderError } from 'commander';
import { DEFAULT_USER_AGENT, feedDefaultsSchema } from '../config/feeds-schema.js';
import { loadConfig, resolveConfigDir } from '../config/load.js';
import { toPolicyWatchError } from '../errors.js';
import { checkConfigCommand, reportConfigError } from './commands/check-config.js';
import { matchCommand } from './commands/match.js';
import { parseCommand } from './commands/parse.js';
import { type CliIo, EXIT, type ExitCode, processIo } from './io.js';
import type { InputLimits } from './load-input.js';

const VERSION = '0.1.0';

function defaultLimits(): InputLimits {
  const defaults = feedDefaultsSchema.parse({});
  return { timeoutMs: defaults.timeout_ms, maxBytes: defaults.max_bytes, userAgent: DEFAULT_USER_AGENT };
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

  program
    .command('parse')
    .description('fetch or read each feed file or URL and print its normalized items (no Redis needed)')
    .option('--json', 'one JSON line per input')
    .argument('<input...>', 'feed file paths or http(s) URLs')
    .action(async (inputs: string[], options: { json?: boolean }) => {
      setExit(await parseCommand(inputs, { json: Boolean(options.json), limits: defaultLimits() }, io));
    });

  program
    .command('match')
    .description('parse each input and match every item against the claims (no Redis needed)')
    .option('--json', 'one JSON line per item')
    .argument('<input...>', 'feed file paths or http(s) URLs')
    .action(async (inputs: string[], options: { json?: boolean }) => {
      let config: ReturnType<typeof loadConfig>;
      try {
        config = loadConfig(configDir());
      } catch (thrown) {
        reportConfigError(thrown, io);
        setExit(EXIT.usage);
        return;
      }
      setExit(
        await matchCommand(inputs, config, { json: Boolean(options.json), limits: defaultLimits() }, io),
      );
    });

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
