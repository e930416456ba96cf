/**
 * `npm run demo -- --serve`: after the replay, the daemon's own HTTP server (src/http) over the demo's
 * Redis prefix, on 127.0.0.1, so a newcomer can open the status page the demo's news produced. It serves
 * until the demo is stopped (Ctrl-C), then closes before the demo's keys are deleted. The page's clock is
 * the replay's: it shows the claims as of the replay's last day.
 */

import type { Runtime } from '../app/open.js';
import { startHttpServer } from '../http/server.js';
import type { Cleanups } from './cleanup.js';

export async function serveStatusPage(
  runtime: Runtime,
  options: { port: number; onServing(url: string): void },
  cleanups: Cleanups,
  signal: AbortSignal,
): Promise<void> {
  signal.throwIfAborted();
  // No token: the server binds 127.0.0.1 only, and the demo's data is the replay's.
  const server = await startHttpServer(runtime, { port: options.port, host: '127.0.0.1', token: undefined });
  cleanups.add('status page server', () => server.close());
  options.onServing(`${server.url}/`);
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
