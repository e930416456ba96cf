/**
 * Feed credentials come from the environment, never from feeds.yaml (DESIGN.md "Feeds and webhooks";
 * a URL with user:password is a config error, feeds-schema.ts). `auth_env` names the variable:
 * - `user:password` → `Authorization: Basic <base64>`;
 * - `Bearer <token>` → sent as it is.
 * The header value is kept in a non-enumerable `authorization` on the resolved feed, so JSON.stringify,
 * pino, util.inspect and object spread never carry it (as webhook secrets, webhooks-schema.ts).
 */
import { withHidden } from './hidden.js';

export interface CredentialProblem {
  /** Index into `feeds`. */
  index: number;
  message: string;
}

/** The Authorization header value for the variable's value, or a problem naming the variable, never its value. */
export function authorizationOf(variable: string, value: string | undefined): string | { problem: string } {
  if (value === undefined || value.trim() === '') return { problem: `${variable} is not set` };
  const trimmed = value.trim();
  if (/^Bearer\s+\S+$/i.test(trimmed)) return trimmed;
  if (trimmed.includes(':')) return `Basic ${Buffer.from(trimmed, 'utf8').toString('base64')}`;
  return { problem: `${variable} must hold "user:password" or "Bearer <token>"` };
}

/** `feed` with the header value attached, hidden from every enumeration (hidden.ts). */
export function withAuthorization<Feed extends object>(feed: Feed, authorization: string): Feed {
  return withHidden(feed, 'authorization', authorization);
}
