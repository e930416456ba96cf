/**
 * Redis command accounting for the pipeline benchmark, two ways:
 * - server side, `INFO commandstats`: calls per command on the whole server. It counts what BullMQ's and
 *   our Lua scripts run inside them (each redis.call is a call), and every other client of a shared Redis.
 * - client side: commands this process writes to its sockets (ioredis `sendCommand`, pipelines and MULTI
 *   included, BullMQ's connections too). A Lua script counts once here; this is the round-trip view.
 */
import { Redis } from 'ioredis';
import type { RedisClient } from '../../src/redis/client.js';
import { type StepCounts, stepCounter } from './pipeline-steps.js';

export type CommandStats = Map<string, number>;

export async function commandStats(redis: RedisClient): Promise<CommandStats> {
  const text = await redis.info('commandstats');
  const stats: CommandStats = new Map();
  for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    stats.set(match[1] as string, Number(match[2]));
  }
  return stats;
}

export interface StatsDelta {
  total: number;
  /** Commands by calls in the interval, most first. */
  byCommand: Array<[string, number]>;
}

export function statsDelta(before: CommandStats, after: CommandStats): StatsDelta {
  const byCommand: Array<[string, number]> = [];
  for (const [name, calls] of after) {
    const delta = calls - (before.get(name) ?? 0);
    if (delta > 0) byCommand.push([name, delta]);
  }
  byCommand.sort((a, b) => b[1] - a[1]);
  return { total: byCommand.reduce((sum, [, calls]) => sum + calls, 0), byCommand };
}

interface SendCommand {
  sendCommand(command: object, ...rest: unknown[]): unknown;
}

/** Counts every command any ioredis client of this process sends, until `restore()`. */
export function countSentCommands(): { read(): number; restore(): void } {
  const proto = Redis.prototype as unknown as SendCommand;
  const original = proto.sendCommand;
  // ioredis passes a command through sendCommand again when it flushes its offline queue: count it once.
  const seen = new WeakSet<object>();
  let sent = 0;
  proto.sendCommand = function counted(this: SendCommand, command: object, ...rest: unknown[]) {
    if (!seen.has(command)) {
      seen.add(command);
      sent++;
    }
    return original.call(this, command, ...rest);
  };
  return {
    read: () => sent,
    restore: () => {
      proto.sendCommand = original;
    },
  };
}

/** What MONITOR saw on one prefix: every call, and the same calls by pipeline step (pipeline-steps.ts). */
export interface PrefixCalls {
  calls: number;
  steps: StepCounts;
}

/**
 * Server-side calls made for one key prefix only, from MONITOR: a shared server's other clients are left
 * out. A top-level command is ours when it names a key under `tag` (e.g. `{pwbench-…}`) or comes from a
 * connection that did; a script's redis.call lines (source `lua`) follow their EVAL/EVALSHA line, since a
 * script runs atomically, and are ours when that line was. MONITOR slows the server: never time with it.
 */
export async function monitorPrefix(url: string, tag: string): Promise<{ stop(): Promise<PrefixCalls> }> {
  // monitor() opens a second connection for the feed; both are closed by stop().
  const base = new Redis(url, { connectionName: 'policy-watch:bench-monitor' });
  const monitor = await base.monitor();
  const ours = new Set<string>();
  const steps = stepCounter(tag);
  let lastWasOurs = false;
  let calls = 0;
  let lastEventAt = Date.now();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    lastEventAt = Date.now();
    if (source === 'lua') {
      if (lastWasOurs) {
        calls++;
        steps.inner(args);
      }
      return;
    }
    lastWasOurs = ours.has(source) || args.some((arg) => arg.includes(tag));
    if (!lastWasOurs) return;
    ours.add(source);
    calls++;
    steps.top(source, args);
  });
  return {
    stop: async () => {
      // The feed lags the server: wait for it to go quiet (our idle workers still block and time out).
      const deadline = Date.now() + 2_000;
      while (Date.now() - lastEventAt < 150 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      monitor.disconnect();
      base.disconnect();
      return { calls, steps: steps.counts() };
    },
  };
}
