/**
 * `policy-watch logs [FILE|-] [--since T] [--feed ID] [--claim ID] [--level L] [--summary] [--json]`:
 * reads what `policy-watch start > daemon.log` wrote (a file, or standard input for `-` or no FILE), keeps
 * the lines the filters select (src/logs/filter.ts) and either renders each for a person (src/logs/render.ts)
 * or summarises them (src/logs/summary.ts). With --json: the kept lines unchanged, or the summary as one JSON
 * object. No config, no Redis: a log copied off another machine reads the same.
 *
 * Lines stream through one at a time. On Linux, where the daemon runs, Node writes stdout synchronously to
 * files, pipes and terminals, so a multi-GB log never piles up in memory behind a slow reader (a pipe on
 * macOS is asynchronous: there output may queue); a reader that closes the pipe ends the process quietly
 * (closed-pipe.ts). Exit 0; 1 when the input cannot be read; 2 for usage errors.
 */
import { type LogFilter, lineSelector } from '../../logs/filter.js';
import { parseLogLine } from '../../logs/log-line.js';
import { linesOf, openLogFile, readError } from '../../logs/read-lines.js';
import { renderLine } from '../../logs/render.js';
import { summaryBuilder } from '../../logs/summary.js';
import { summaryReport } from '../../logs/summary-report.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';

export interface LogsCommandOptions {
  filter: LogFilter;
  summary: boolean;
  json: boolean;
}

type Opened = { lines: AsyncIterable<string>; name: string } | { exit: ExitCode };

async function openInput(file: string | undefined, io: CliIo): Promise<Opened> {
  if (file !== undefined && file !== '-') {
    try {
      return { lines: await openLogFile(file), name: file };
    } catch (thrown) {
      io.err(`policy-watch logs: ${file}: ${readError(thrown).message}`);
      return { exit: EXIT.inputFailed };
    }
  }
  const stdin = io.stdin?.();
  // Without FILE at a terminal nothing is piped in: say so rather than wait for typing.
  if (!stdin || (file === undefined && stdin.isTTY)) {
    io.err('policy-watch logs: name a log file, or pipe one in (policy-watch logs daemon.log)');
    return { exit: EXIT.usage };
  }
  return { lines: linesOf(stdin), name: 'standard input' };
}

export async function logsCommand(
  file: string | undefined,
  options: LogsCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const input = await openInput(file, io);
  if ('exit' in input) return input.exit;
  const select = lineSelector(options.filter);
  const summary = options.summary ? summaryBuilder() : undefined;
  let leftOut = 0;
  try {
    for await (const raw of input.lines) {
      const line = parseLogLine(raw);
      if (!line || !select(line)) continue;
      if (summary) summary.add(line);
      else if (!options.json) io.out(renderLine(line, { colour: io.colour === true }));
      else if (line.kind === 'record') io.out(line.raw);
      else leftOut += 1;
    }
  } catch (thrown) {
    io.err(`policy-watch logs: ${input.name}: ${readError(thrown).message}`);
    return EXIT.inputFailed;
  }
  if (summary) {
    const result = summary.finish();
    if (options.json) io.out(JSON.stringify(result));
    else for (const line of summaryReport(result)) io.out(line);
  }
  // JSON lines out must all be JSON: what was not is named here, so it is not silently gone.
  if (leftOut > 0) {
    const lines = leftOut === 1 ? '1 line was' : `${leftOut} lines were`;
    io.err(`policy-watch logs: ${lines} not JSON and left out of --json`);
  }
  return EXIT.ok;
}
