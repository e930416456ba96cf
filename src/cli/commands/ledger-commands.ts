/**
 * Registers the commands that read and write what the daemon keeps in Redis: `claims`, `history`,
 * `evidence`, `chart`, `feeds` (read) and `resolve` (operator change). Each action checks its arguments against the
 * config first (exit 2, without Redis), then runs against a runtime that with-runtime.ts opens and closes.
 */
import type { Command } from 'commander';
import type { Runtime } from '../../app/open.js';
import type { ClaimConfig } from '../../config/claims-schema.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { findClaim, loadCliConfig, withRuntime } from '../with-runtime.js';
import { backtestCommand } from './backtest.js';
import { chartCommand } from './chart.js';
import { claimsCommand } from './claims.js';
import { dismissCommand } from './dismiss.js';
import { evidenceCommand } from './evidence.js';
import { feedsCommand } from './feeds.js';
import { historyCommand } from './history.js';
import { parseResolveInput, resolveCommand } from './resolve.js';

interface JsonOption {
  json?: boolean;
}

interface ResolveOptions extends JsonOption {
  status: string;
  note: string;
}

export function registerLedgerCommands(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
  configDir: () => string,
): void {
  const forConfig = async (action: (runtime: Runtime) => Promise<ExitCode>): Promise<void> => {
    const config = loadCliConfig(configDir(), io);
    if (!config) return setExit(EXIT.usage);
    setExit(await withRuntime(config, io, action));
  };
  const forClaim = async (
    claimId: string,
    action: (runtime: Runtime, claim: ClaimConfig) => Promise<ExitCode>,
  ): Promise<void> => {
    const config = loadCliConfig(configDir(), io);
    if (!config) return setExit(EXIT.usage);
    const claim = findClaim(config, claimId, io);
    if (!claim) return setExit(EXIT.usage);
    setExit(await withRuntime(config, io, (runtime) => action(runtime, claim)));
  };

  program
    .command('claims')
    .description('current status per claim with tally and last change')
    .option('--json', 'one JSON line per claim')
    .action((options: JsonOption) =>
      forConfig((runtime) => claimsCommand(runtime, { json: Boolean(options.json) }, io)),
    );

  program
    .command('history')
    .description("a claim's change records, oldest first")
    .argument('<claim>', 'claim id')
    .option('--json', 'one JSON line per change record')
    .action((claimId: string, options: JsonOption) =>
      forClaim(claimId, (runtime, claim) =>
        historyCommand(runtime, claim, { json: Boolean(options.json) }, io),
      ),
    );

  program
    .command('evidence')
    .description("a claim's evidence, newest first")
    .argument('<claim>', 'claim id')
    .option('--json', 'one JSON line per evidence record')
    .action((claimId: string, options: JsonOption) =>
      forClaim(claimId, (runtime, claim) =>
        evidenceCommand(runtime, claim, { json: Boolean(options.json) }, io),
      ),
    );

  program
    .command('chart')
    .description(
      "a claim's timeline chart as SVG: status bands, evidence marks, quiet stretches, tally window",
    )
    .argument('<claim>', 'claim id')
    .option('--out <file>', 'write the SVG to this file (default: standard output)')
    .action((claimId: string, options: { out?: string }) =>
      forClaim(claimId, (runtime, claim) => chartCommand(runtime, claim, { out: options.out }, io)),
    );

  program
    .command('feeds')
    .description('health of every configured feed')
    .option('--json', 'one JSON line per feed')
    .action((options: JsonOption) =>
      forConfig((runtime) => feedsCommand(runtime, { json: Boolean(options.json) }, io)),
    );

  program
    .command('resolve')
    .description("set a claim's status as an operator (recorded in its history)")
    .argument('<claim>', 'claim id')
    .requiredOption('--status <status>', 'the new status')
    .requiredOption('--note <text>', 'why; kept in the history')
    .option('--json', 'print the change record as one JSON line')
    .action((claimId: string, options: ResolveOptions) => {
      // The status and note are checked first: a typo is a usage error whatever the config or Redis say.
      const input = parseResolveInput(options.status, options.note);
      if (typeof input === 'string') {
        io.err(input);
        return setExit(EXIT.usage);
      }
      const json = Boolean(options.json);
      return forClaim(claimId, (runtime, claim) => resolveCommand(runtime, claim, { ...input, json }, io));
    });

  program
    .command('backtest')
    .description('try the claims in --config DIR (a draft) on the recent items archive; read-only')
    .option('--since <date>', 'from this date or time (ISO 8601, UTC unless it names an offset)')
    .option('--claim <id>', "only this claim's report")
    .option('--json', 'one JSON line per claim')
    .action((options: { since?: string; claim?: string; json?: boolean }) => {
      const sinceMs = options.since === undefined ? undefined : Date.parse(options.since);
      if (sinceMs !== undefined && Number.isNaN(sinceMs)) {
        io.err(
          `policy-watch: --since "${options.since}" is not a date (e.g. 2025-06-05 or 2025-06-05T12:00Z)`,
        );
        return setExit(EXIT.usage);
      }
      const backtest = { sinceMs, claimId: options.claim, json: Boolean(options.json) };
      return forConfig((runtime) => backtestCommand(runtime, backtest, io));
    });

  program
    .command('dismiss')
    .description('mark a piece of evidence as wrongly matched: it stops counting, the claim is derived again')
    .argument('<claim>', 'claim id')
    .argument('<evidence-id>', 'an id from `policy-watch evidence CLAIM`')
    .requiredOption('--note <text>', 'why; kept with the evidence and in the history')
    .option('--json', 'print the outcome as one JSON line')
    .action((claimId: string, evidenceId: string, options: { note: string; json?: boolean }) => {
      if (options.note.trim() === '') {
        io.err('policy-watch: --note must say why the evidence is wrong (it is kept with it)');
        return setExit(EXIT.usage);
      }
      const dismiss = { evidenceId, note: options.note, json: Boolean(options.json) };
      return forClaim(claimId, (runtime, claim) => dismissCommand(runtime, claim, dismiss, io));
    });
}
