/**
 * Registers `start` and `poll`, the commands that run the pipeline (the read commands live in
 * ledger-commands.ts). Both need a valid config; `poll` also a reachable Redis.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig, type PolicyWatchConfig } from '../../config/load.js';
import { toPolicyWatchError } from '../../errors.js';
import { createLogger } from '../../log.js';
import type { DaemonRole } from '../../runtime/daemon.js';
import { openRuntime } from '../../runtime/open.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { reportConfigError } from './check-config.js';
import { pollCommand } from './poll.js';
import { DAEMON_ROLES, startCommand } from './start.js';

function parseRole(value: string): DaemonRole {
  if (!(DAEMON_ROLES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${DAEMON_ROLES.join(', ')}`);
  }
  return value as DaemonRole;
}

export function registerDaemonCommands(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
  configDir: () => string,
): void {
  const withConfig = (run: (config: PolicyWatchConfig) => Promise<ExitCode>) => async () => {
    let config: PolicyWatchConfig;
    try {
      config = loadConfig(configDir());
    } catch (thrown) {
      reportConfigError(thrown, io);
      setExit(EXIT.usage);
      return;
    }
    setExit(await run(config));
  };

  program
    .command('start')
    .description('run the daemon: scheduler, workers (logs JSON lines on stdout)')
    .option('--role <role>', `which parts to run: ${DAEMON_ROLES.join(', ')}`, parseRole, 'all')
    .action((options: { role: DaemonRole }) =>
      withConfig((config) => startCommand(config, options.role, io))(),
    );

  program
    .command('poll')
    .description('poll feeds now; --wait returns when their evidence is recorded')
    .option('--feed <id>', 'only this feed')
    .option('--wait', 'wait for the polls and the evidence they produce')
    .option('--json', 'one JSON line per feed')
    .action((options: { feed?: string; wait?: boolean; json?: boolean }) =>
      withConfig(async (config) => {
        const known = config.feeds.map((feed) => feed.id);
        if (options.feed && !known.includes(options.feed)) {
          io.err(`policy-watch: unknown feed "${options.feed}" (known: ${known.join(', ')})`);
          return EXIT.usage;
        }
        // Logs go to stderr here: stdout carries the command's own output.
        const logger = createLogger({ destination: process.stderr });
        let runtime: Awaited<ReturnType<typeof openRuntime>> | undefined;
        try {
          runtime = await openRuntime({ config, logger });
          const feedIds = options.feed ? [options.feed] : known;
          return await pollCommand(
            runtime,
            { feedIds, wait: Boolean(options.wait), json: Boolean(options.json) },
            io,
          );
        } catch (thrown) {
          io.err(`policy-watch: ${toPolicyWatchError(thrown).message}`);
          return EXIT.inputFailed;
        } finally {
          await runtime?.close();
        }
      })(),
    );
}
