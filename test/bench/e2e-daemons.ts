/**
 * The daemons of the end-to-end benchmark: N `policy-watch start --role worker` processes, exactly as the
 * Dockerfile runs them (`node dist/src/cli/main.js start`, built by `npm run bench` first; config from
 * PW_CONFIG_DIR, keys under PW_PREFIX, PW_HTTP_PORT=0 so several fit on one host), with their JSON logs at
 * the default level sent to /dev/null. Compiled, not under tsx: tsx's loader adds ~30 MB to a process's RSS
 * that a deployed daemon does not carry. `--role worker`: a scheduler's start-up catch-up would poll every
 * never-polled feed at once, before the benchmark asks; the benchmark enqueues the polls itself.
 *
 * Memory: VmRSS of each process from /proc/<pid>/status every `sampleMs`, and VmHWM (the kernel's own peak,
 * start-up included) just before the stop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Queues } from '../../src/queue/queues.js';

/** The daemon as built by tsconfig.build.json, relative to the repository root. */
export const DAEMON_MAIN = 'dist/src/cli/main.js';

export interface DaemonMemory {
  pid: number;
  /** Highest VmRSS sampled since the last `resetPeaks`, bytes. */
  peakRss: number;
  /** VmHWM at the stop, bytes. */
  hwm: number;
  /** VmRSS at the last `resetPeaks` (the daemon started and idle), bytes. */
  idleRss: number;
  /** CPU seconds (user + system) since the last `resetPeaks`, from /proc/<pid>/stat. */
  cpuSeconds: number;
}

export interface DaemonGroup {
  pids: number[];
  /** Resolves once every daemon has a worker on every queue (BullMQ's CLIENT LIST view). */
  ready(queues: Queues, webhookIds: readonly string[], timeoutMs: number): Promise<void>;
  resetPeaks(): void;
  /** SIGTERM (a graceful drain), wait for the exits; memory figures per daemon. */
  stop(): Promise<DaemonMemory[]>;
}

/** kB fields of /proc/<pid>/status, in bytes; 0 when the process is gone. */
function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of /proc/<pid>/stat, seconds (USER_HZ is 100 on Linux). */
function procCpuSeconds(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export function startDaemons(options: {
  root: string;
  count: number;
  configDir: string;
  prefix: string;
  env: NodeJS.ProcessEnv;
  sampleMs: number;
}): DaemonGroup {
  const main = path.join(options.root, DAEMON_MAIN);
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build)`);
  const children: ChildProcess[] = [];
  for (let i = 0; i < options.count; i++) {
    const child = spawn(process.execPath, [main, 'start', '--role', 'worker'], {
      cwd: options.root,
      env: {
        ...options.env,
        PW_PREFIX: options.prefix,
        PW_CONFIG_DIR: options.configDir,
        PW_HTTP_PORT: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal === null) console.error(`daemon ${child.pid} exited with code ${code}`);
    });
    children.push(child);
  }
  const pids = children.map((child) => child.pid as number);
  const peaks = new Map<number, number>(pids.map((pid) => [pid, 0]));
  const idle = new Map<number, number>();
  const cpuAtReset = new Map<number, number>();
  const sample = () => {
    for (const pid of pids) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, procStatus(pid, 'VmRSS')));
  };
  const timer = setInterval(sample, options.sampleMs);
  return {
    pids,
    ready: async (queues, webhookIds, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      const all = [queues.poll, queues.derive, ...webhookIds.map((id) => queues.alerts.of(id))];
      for (;;) {
        const dead = children.find((child) => child.exitCode !== null);
        if (dead) throw new Error(`daemon ${dead.pid} exited (code ${dead.exitCode}) during start-up`);
        const counts = await Promise.all(all.map((queue) => queue.getWorkersCount()));
        if (counts.every((n) => n >= options.count)) return;
        if (Date.now() > deadline) throw new Error(`daemons not ready within ${timeoutMs} ms: ${counts}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    resetPeaks: () => {
      for (const pid of pids) {
        peaks.set(pid, procStatus(pid, 'VmRSS'));
        idle.set(pid, peaks.get(pid) ?? 0);
        cpuAtReset.set(pid, procCpuSeconds(pid));
      }
    },
    stop: async () => {
      sample();
      clearInterval(timer);
      const memory = pids.map((pid) => ({
        pid,
        peakRss: peaks.get(pid) ?? 0,
        hwm: procStatus(pid, 'VmHWM'),
        idleRss: idle.get(pid) ?? 0,
        cpuSeconds: procCpuSeconds(pid) - (cpuAtReset.get(pid) ?? 0),
      }));
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const kill = setTimeout(() => child.kill('SIGKILL'), 40_000);
              child.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
      return memory;
    },
  };
}
