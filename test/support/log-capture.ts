/**
 * A pino logger whose lines are kept in memory (createLogger with a destination stream), so a test can read
 * every line a run wrote, as text (what an operator's log store would hold) and parsed.
 */
import { createLogger, type Logger } from '../../src/log.js';
import { measureLogLine } from './log-line-limit.js';

export interface LogLine {
  event?: string;
  [field: string]: unknown;
}

export interface LogCapture {
  logger: Logger;
  /** Every line as written, newline excluded. */
  text: string[];
  lines(): LogLine[];
  /** Resolves with the first line that satisfies `test`, checking every 20 ms; rejects after `timeoutMs`. */
  waitFor(test: (line: LogLine) => boolean, timeoutMs: number, what: string): Promise<LogLine>;
}

/** @param level - @defaultValue 'debug': everything the code logs, so a leak at any level is caught */
export function captureLogs(level = 'debug'): LogCapture {
  const text: string[] = [];
  const destination = {
    write: (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        measureLogLine(line, 'captured logger');
        text.push(line);
      }
    },
  };
  const lines = () => text.map((line) => JSON.parse(line) as LogLine);
  return {
    logger: createLogger({ level, destination }),
    text,
    lines,
    waitFor: async (test, timeoutMs, what) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines().find(test);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`log: ${what} not logged within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
