/**
 * For tests of a client against a real server (src/replay/local-server.ts): whether the client gave up on a
 * request by closing its socket.
 */
import type { IncomingMessage } from 'node:http';

/** Resolves `true` when the request's socket closes, or `false` if it is still open after `withinMs`. */
export function socketClosed(req: IncomingMessage, withinMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (req.socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), withinMs);
    req.socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
