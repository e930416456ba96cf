/**
 * FeedHealth ⇄ the string fields of its Redis hash. Encoding lists every field as set or unset, so a write
 * can delete what the record no longer has. Decoding is lenient: a field that does not read back (a number
 * that is not one, an outcome or error code this version does not know) is treated as absent, or as
 * INTERNAL for an unknown error code, because a damaged record must not stop a feed from being polled.
 */
import { ERROR_CATALOG, type ErrorCode } from '../../errors.js';
import type { FeedHealth, PollOutcomeKind } from './health.js';

export const SLOT_FIELD = 'lastPolledSlot';

const STRING_FIELDS = [
  'etag',
  'lastModified',
  'lastPollAt',
  'lastSuccessAt',
  'lastErrorAt',
  'nextPollAt',
] as const;
const NUMBER_FIELDS = [SLOT_FIELD, 'consecutiveFailures', 'itemsSeen'] as const;
const OUTCOMES: readonly string[] = [
  'fetched',
  'not-modified',
  'failed',
  'deferred',
] satisfies PollOutcomeKind[];

export interface EncodedFeedHealth {
  set: Record<string, string>;
  unset: string[];
}

export function encodeFeedHealth(health: FeedHealth): EncodedFeedHealth {
  const fields: Record<string, string | number | undefined> = {
    lastErrorCode: health.lastError?.code,
    lastErrorMessage: health.lastError?.message,
  };
  for (const name of [...STRING_FIELDS, ...NUMBER_FIELDS, 'lastOutcome'] as const)
    fields[name] = health[name];
  const encoded: EncodedFeedHealth = { set: {}, unset: [] };
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) encoded.unset.push(name);
    else encoded.set[name] = String(value);
  }
  return encoded;
}

function readNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function readErrorCode(value: string): ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, value) ? (value as ErrorCode) : 'INTERNAL';
}

export function decodeFeedHealth(hash: Record<string, string>): FeedHealth {
  const health: FeedHealth = { consecutiveFailures: readNumber(hash.consecutiveFailures) ?? 0 };
  for (const name of STRING_FIELDS) {
    const value = hash[name];
    if (value !== undefined) health[name] = value;
  }
  const outcome = hash.lastOutcome;
  if (outcome !== undefined && OUTCOMES.includes(outcome)) health.lastOutcome = outcome as PollOutcomeKind;
  const slot = readNumber(hash[SLOT_FIELD]);
  if (slot !== undefined) health.lastPolledSlot = slot;
  const itemsSeen = readNumber(hash.itemsSeen);
  if (itemsSeen !== undefined) health.itemsSeen = itemsSeen;
  if (hash.lastErrorCode !== undefined || hash.lastErrorMessage !== undefined) {
    health.lastError = {
      code: readErrorCode(hash.lastErrorCode ?? 'INTERNAL'),
      message: hash.lastErrorMessage ?? '',
    };
  }
  return health;
}
