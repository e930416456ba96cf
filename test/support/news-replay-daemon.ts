/**
 * `policy-watch start` as a real child process (node --import tsx src/cli/main.ts), for the replica and
 * crash tests: its JSON log lines are collected from stdout, `started` resolves on `daemon.started`, and
 * `exited` with the exit code or the signal that ended it. `stopAll` kills whatever is still running, so
 * a failing test leaves no process behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { LOG_EVENTS } from '../../src/log.js';
import { measureLogLine } from './log-line-limit.js';
import { REPO_ROOT } from './news-replay.js';

export interface LogLine {
  event?: string;
  feedId?: string;
  slot?: number;
  jobId?: string;
  [field: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface DaemonProcess {
  name: string;
  child: ChildProcess;
  lines: LogLine[];
  stderr: string[];
  started: Promise<void>;
  exited: Promise<Exit>;
  /** Resolves with the first log line that satisfies `test`, already logged or still to come. */
  waitForLine(test: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine>;
}

export interface DaemonSpawnOptions {
  name: string;
  prefix: string;
  configDir: string;
  /** @defaultValue 'all' */
  role?: 'all' | 'scheduler' | 'worker';
  env?: Record<string, string>;
}

const running = new Set<DaemonProcess>();

export function spawnDaemon(options: DaemonSpawnOptions): DaemonProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/main.ts'), 'start', '--role', options.role ?? 'all'],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PW_PREFIX: options.prefix,
        PW_CONFIG_DIR: options.configDir,
        LOG_LEVEL: 'info',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: LogLine[] = [];
  const stderr: string[] = [];
  const waiters = new Set<{ test: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    measureLogLine(text, `daemon ${options.name}`);
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { event: 'unparsed', text };
    }
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (!waiter.test(line)) continue;
      waiters.delete(waiter);
      waiter.resolve(line);
    }
  });
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (text) => stderr.push(text));

  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const waitForLine = (test: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine> => {
    const found = lines.find(test);
    if (found) return Promise.resolve(found);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = {
        test,
        resolve: (line: LogLine) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(
            `${options.name}: no matching log line within ${timeoutMs} ms; stderr: ${stderr.join(' | ')}`,
          ),
        );
      }, timeoutMs);
      waiters.add(waiter);
      void exited.then((exit) => {
        if (!waiters.delete(waiter)) return;
        clearTimeout(timer);
        reject(
          new Error(`${options.name} exited (${JSON.stringify(exit)}) first; stderr: ${stderr.join(' | ')}`),
        );
      });
    });
  };

  const daemon: DaemonProcess = {
    name: options.name,
    child,
    lines,
    stderr,
    exited,
    waitForLine,
    started: waitForLine((line) => line.event === LOG_EVENTS.daemonStarted, 30_000).then(() => undefined),
  };
  // A test that fails before awaiting `started` must not turn into an unhandled rejection.
  daemon.started.catch(() => undefined);
  running.add(daemon);
  void exited.then(() => running.delete(daemon));
  return daemon;
}

/** SIGKILLs every daemon this module started that is still running, and waits for each to be gone. */
export async function killAllDaemons(): Promise<void> {
  const left = [...running];
  for (const daemon of left) daemon.child.kill('SIGKILL');
  await Promise.all(left.map((daemon) => daemon.exited));
}
