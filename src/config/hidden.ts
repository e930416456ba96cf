/**
 * A secret carried on a config object without travelling with it: `key` is non-enumerable, so
 * JSON.stringify, pino, object spread and Object.keys never see it, and util.inspect (even with showHidden,
 * and console.dir) shows `[redacted]`. Webhook secrets (webhooks-schema.ts) and feed credentials
 * (feed-credentials.ts) are kept this way.
 */
import { inspect } from 'node:util';

export function withHidden<T extends object>(plain: T, key: string, value: string | undefined): T {
  return Object.defineProperties(
    { ...plain },
    {
      [key]: { value, enumerable: false, writable: false, configurable: false },
      [inspect.custom]: {
        value: () => ({ ...plain, [key]: value === undefined ? undefined : '[redacted]' }),
        enumerable: false,
      },
    },
  ) as T;
}
