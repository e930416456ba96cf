/** Registers `policy-watch logs` and parses its options (the command itself is logs.ts). */
import { type Command, InvalidArgumentError } from 'commander';
import { parseLevel, parseSince } from '../../logs/filter.js';
import type { CliIo, ExitCode } from '../io.js';
import { logsCommand } from './logs.js';

interface LogsOptions {
  since?: number;
  feed?: string;
  claim?: string;
  level?: number;
  summary?: boolean;
  json?: boolean;
}

function sinceOption(value: string): number {
  const since = parseSince(value, Date.now());
  if (since === undefined) {
    throw new InvalidArgumentError(
      'expected an ISO date or time (2025-06-05, 2025-06-05T10:00, UTC unless it names an offset) or a duration before now (30m, 2h, 1d)',
    );
  }
  return since;
}

function levelOption(value: string): number {
  const level = parseLevel(value);
  if (level === undefined)
    throw new InvalidArgumentError('expected trace, debug, info, warn, error or fatal');
  return level;
}

export function registerLogsCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('logs')
    .description("read the daemon's log for a person: each line, or a summary of the day (no Redis needed)")
    .argument('[file]', 'what `policy-watch start` wrote; - or none: standard input')
    .option('--since <time>', 'lines from then on: an ISO date/time, or 30m, 2h, 1d before now', sinceOption)
    .option('--feed <id>', 'lines about this feed (feedId)')
    .option('--claim <id>', 'lines about this claim (claimId)')
    .option(
      '--level <level>',
      'lines at this level or above: trace, debug, info, warn, error, fatal',
      levelOption,
    )
    .option(
      '--summary',
      'one report: feed failures, alerts, status changes, Redis outages, restarts, job failures',
    )
    .option('--json', 'the kept lines unchanged; with --summary, one JSON object')
    .action(async (file: string | undefined, options: LogsOptions) => {
      const filter = {
        since: options.since,
        feedId: options.feed,
        claimId: options.claim,
        minLevel: options.level,
      };
      const flags = { summary: Boolean(options.summary), json: Boolean(options.json) };
      setExit(await logsCommand(file, { filter, ...flags }, io));
    });
}
