/**
 * `npm run demo [-- --chart FILE] [-- --serve [--port N]]`: the entry point. Runs the demo (run.ts) and,
 * however it ends — done, an error, Ctrl-C or SIGTERM — undoes what it opened, in reverse order: the status
 * page's server, the pipeline's workers and connections, the local servers, every key under the demo's
 * prefix, and the private redis-server if it started one.
 *
 * `--chart FILE` also writes the rare-earths timeline chart (chart.ts); `--serve` keeps the status page up
 * on 127.0.0.1 after the report (serve.ts), until Ctrl-C, which then ends the demo with exit 0.
 *
 * A first signal aborts the run, which stops at its next step (a replay day takes well under a second)
 * so the cleanups never race the pipeline; a watchdog cleans up anyway if it does not. A second signal
 * exits at once.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { toPolicyWatchError } from '../errors.js';
import { Cleanups } from './cleanup.js';
import { type DemoOptions, runDemo } from './run.js';

const USAGE = 'usage: npm run demo [-- --chart FILE.svg] [-- --serve [--port N]]';

const WATCHDOG_MS = 10_000;
const startedAt = performance.now();
const cleanups = new Cleanups();
const controller = new AbortController();
let exitCode: number | undefined;
let serving = false;

function demoOptions(): DemoOptions {
  try {
    const { values } = parseArgs({
      options: { chart: { type: 'string' }, serve: { type: 'boolean' }, port: { type: 'string' } },
      strict: true,
    });
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new Error(`--port ${values.port}: not a port`);
    const onServing = (url: string) => {
      serving = true;
      process.stdout.write(`\nThe status page: ${url} (Ctrl-C to stop the demo and remove its keys)\n`);
    };
    return { chart: values.chart, serve: values.serve ? { port, onServing } : undefined };
  } catch (error) {
    process.stderr.write(`${toPolicyWatchError(error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const options = demoOptions();

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
  // Stopping a demo that serves its page is how it is meant to end.
  exitCode = serving ? 0 : signal === 'SIGINT' ? 130 : 143;
  process.stderr.write(`\n${signal}: stopping the demo and removing its keys (${signal} again to force)…\n`);
  controller.abort();
  setTimeout(() => void finish(exitCode ?? 130).then(() => process.exit()), WATCHDOG_MS).unref();
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const io = { out: process.stdout, err: process.stderr, env: process.env, signal: controller.signal };
const code = await runDemo(io, cleanups, options).catch((error: unknown) => {
  if (!controller.signal.aborted) {
    process.stderr.write(`demo failed: ${toPolicyWatchError(error).message}\n`);
  }
  return 1;
});
await finish(exitCode ?? code);
