/**
 * `npm run demo`: the entry point. Runs the demo (run.ts) and, however it ends — done, an error, Ctrl-C or
 * SIGTERM — undoes what it opened, in reverse order: the pipeline's workers and connections, the local
 * servers, every key under the demo's prefix, and the private redis-server if it started one.
 *
 * A first signal aborts the run, which stops at its next step (a replay day takes well under a second)
 * so the cleanups never race the pipeline; a watchdog cleans up anyway if it does not. A second signal
 * exits at once.
 */
import { performance } from 'node:perf_hooks';
import { toPolicyWatchError } from '../errors.js';
import { Cleanups } from './cleanup.js';
import { runDemo } from './run.js';

const WATCHDOG_MS = 10_000;
const startedAt = performance.now();
const cleanups = new Cleanups();
const controller = new AbortController();
let exitCode: number | undefined;

async function finish(code: number): Promise<void> {
  const failures = await cleanups.runAll();
  for (const failure of failures) process.stderr.write(`cleanup failed: ${failure}\n`);
  if (code === 0) {
    process.stdout.write(`Finished in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.\n`);
  }
  process.exitCode = failures.length > 0 && code === 0 ? 1 : code;
  // Everything is closed by now; a stray handle must not keep a finished demo alive.
  setTimeout(() => process.exit(), 2_000).unref();
}

function onSignal(signal: NodeJS.Signals): void {
  if (controller.signal.aborted) {
    process.stderr.write(`${signal} again: exiting now; keys under the demo's prefix may remain.\n`);
    process.exit(130);
  }
  exitCode = signal === 'SIGINT' ? 130 : 143;
  process.stderr.write(`\n${signal}: stopping the demo and removing its keys (${signal} again to force)…\n`);
  controller.abort();
  setTimeout(() => void finish(exitCode ?? 130).then(() => process.exit()), WATCHDOG_MS).unref();
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const io = { out: process.stdout, err: process.stderr, env: process.env, signal: controller.signal };
const code = await runDemo(io, cleanups).catch((error: unknown) => {
  if (!controller.signal.aborted) {
    process.stderr.write(`demo failed: ${toPolicyWatchError(error).message}\n`);
  }
  return 1;
});
await finish(exitCode ?? code);
