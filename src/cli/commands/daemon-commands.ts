/**
 * Registers the commands that run the pipeline and its alerts: `start`, `poll`, `dlq list|retry` and
 * `webhooks test` (the read commands live in ledger-commands.ts). All need a valid config; all but
 * `webhooks test` a reachable Redis.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { DaemonRole } from '../../app/daemon.js';
import type { PolicyWatchConfig } from '../../config/load.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { loadCliConfig, withRuntime } from '../with-runtime.js';
import { dlqListCommand, dlqRetryCommand } from './dlq.js';
import { pollCommand } from './poll.js';
import { DAEMON_ROLES, startCommand } from './start.js';
import { webhooksTestCommand } from './webhooks.js';

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
    const config = loadCliConfig(configDir(), io);
    setExit(config ? await run(config) : EXIT.usage);
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
    .description('poll feeds now; --wait returns when their evidence is recorded and its claims derived')
    .option('--feed <id>', 'only this feed')
    .option('--wait', 'wait for the polls, and derive the claims they touched at once')
    .option('--json', 'one JSON line per feed')
    .action((options: { feed?: string; wait?: boolean; json?: boolean }) =>
      withConfig(async (config) => {
        const known = config.feeds.map((feed) => feed.id);
        if (options.feed && !known.includes(options.feed)) {
          io.err(`policy-watch: unknown feed "${options.feed}" (known: ${known.join(', ')})`);
          return EXIT.usage;
        }
        const feedIds = options.feed ? [options.feed] : known;
        const pollOptions = { feedIds, wait: Boolean(options.wait), json: Boolean(options.json) };
        return withRuntime(config, io, (runtime) => pollCommand(runtime, pollOptions, io));
      })(),
    );

  const dlq = program
    .command('dlq')
    .description('alert dead letters: deliveries that failed for good, over every webhook queue');
  dlq
    .command('list')
    .description('list the dead letters with their last attempt')
    .option('--json', 'one JSON line per dead letter')
    .action((options: { json?: boolean }) =>
      withConfig((config) =>
        withRuntime(config, io, (runtime) => dlqListCommand(runtime, Boolean(options.json), io)),
      )(),
    );
  dlq
    .command('retry')
    .alias('resend')
    .description(
      're-send one dead letter (or all) with its original event id; of a batch, its undelivered events',
    )
    .argument('[job-id]', 'a job id from `dlq list`; all dead letters when absent')
    .option('--json', 'one JSON line per dead letter: what became of it')
    .action((jobId: string | undefined, options: { json?: boolean }) =>
      withConfig((config) =>
        withRuntime(config, io, (runtime) =>
          dlqRetryCommand(runtime, { jobId, json: Boolean(options.json) }, io),
        ),
      )(),
    );

  program
    .command('webhooks')
    .description('webhook operations')
    .command('test')
    .description('send a signed ping event to a webhook now')
    .argument('<id>', 'a webhook id from webhooks.yaml')
    .option('--json', 'the outcome as one JSON line')
    .action((webhookId: string, options: { json?: boolean }) =>
      withConfig((config) => webhooksTestCommand(config, webhookId, io, Boolean(options.json)))(),
    );
}
