/**
 * PW_HTTP_PORT (DESIGN.md "Interfaces"): the port the daemon serves HTTP on. `0` asks the system for a free
 * port (tests, several daemons on one machine); the port actually bound is logged as `http.listening`.
 */
import { PolicyWatchError } from '../errors.js';

export const DEFAULT_HTTP_PORT = 8080;

export function httpPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PW_HTTP_PORT?.trim();
  if (!raw) return DEFAULT_HTTP_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) {
    throw new PolicyWatchError(
      'CONFIG_INVALID',
      `PW_HTTP_PORT must be a port number from 0 to 65535 (got "${raw}")`,
    );
  }
  return port;
}
