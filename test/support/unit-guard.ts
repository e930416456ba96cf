/**
 * Runs around every unit test file (the `unit` project in vitest.config.ts, which also points REDIS_URL at
 * 127.0.0.1:1, where nothing answers): a unit test does no I/O beyond reading files, so any attempt to open a
 * socket (Redis, an HTTP server on 127.0.0.1, the network), listen on one, or start a child process (a
 * daemon, redis-server, chromium, the CLI) throws at once and fails the test that made it, even when the code
 * under test catches the error and retries. A test that needs any of these is an integration test: name it
 * `*.redis.test.ts` and it runs in the `redis` project instead (README, Tests).
 */
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { afterEach, expect } from 'vitest';

const RULE = 'a unit test (*.test.ts) does no network or child-process I/O: name it *.redis.test.ts';

// Kept on globalThis: a worker that runs several test files patches the built-ins once, and every file's
// afterEach must read the attempts those patches record.
const GUARDED = Symbol.for('policy-watch.unit-guard');
const state = globalThis as { [GUARDED]?: string[] };
const installed = state[GUARDED] !== undefined;
state[GUARDED] ??= [];
const attempts = state[GUARDED];

function refuse(what: string): never {
  const message = `${what}: ${RULE}`;
  attempts.push(message);
  throw new Error(message);
}

function describeConnect(args: unknown[]): string {
  // net.connect() and ioredis hand Socket#connect one array, [options, callback], of normalized arguments.
  const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; port?: number; path?: string };
    return options.path ?? `${options.host ?? 'localhost'}:${options.port}`;
  }
  if (typeof first === 'string' && typeof second !== 'string') return first;
  return `${typeof second === 'string' ? second : 'localhost'}:${String(first)}`;
}

if (!installed) {
  net.Socket.prototype.connect = function connect(...args: unknown[]): never {
    refuse(`connection to ${describeConnect(args)}`);
  } as typeof net.Socket.prototype.connect;
  net.Server.prototype.listen = function listen(): never {
    refuse('a server listening');
  } as typeof net.Server.prototype.listen;
  for (const name of [
    'spawn',
    'spawnSync',
    'fork',
    'exec',
    'execSync',
    'execFile',
    'execFileSync',
  ] as const) {
    Object.assign(childProcess, {
      [name]: (command: unknown) => refuse(`child_process.${name}(${String(command)})`),
    });
  }
  // `import { spawn } from 'node:child_process'` reads the ESM named exports: bring them in line.
  syncBuiltinESMExports();
}

afterEach(() => {
  expect(attempts.splice(0), RULE).toEqual([]);
});
