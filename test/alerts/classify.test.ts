import { describe, expect, it } from 'vitest';
import { bodyStartOf, classifyThrown } from '../../src/alerts/classify.js';
import { isRetryableStatus } from '../../src/alerts/index.js';
import { parseRetryAfter } from '../../src/retry-after.js';

const NOW = Date.parse('2025-07-01T12:00:00Z');

describe('isRetryableStatus', () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [599, true],
    [400, false],
    [401, false],
    [404, false],
    [410, false],
    [301, false],
    [304, false],
  ])('%i → %s', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['delta-seconds', '120', 120_000],
    ['an HTTP-date ahead', 'Tue, 01 Jul 2025 12:01:30 GMT', 90_000],
    ['an HTTP-date in the past means now', 'Tue, 01 Jul 2025 11:00:00 GMT', 0],
    ['a negative number is ignored', '-5', undefined],
    ['a bare year-like number is not a date', '2025.5', undefined],
    ['garbage is ignored', 'soon', undefined],
    ['absent', null, undefined],
  ])('%s', (_name, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('bodyStartOf', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('cuts at 200 bytes on a character edge', () => {
    expect(bodyStartOf(bytes(`${'a'.repeat(199)}稀土`), [])).toBe('a'.repeat(199));
  });

  it('redacts a hidden value even where the cut would split it', () => {
    const start = bodyStartOf(bytes(`${'a'.repeat(195)}SIGNATUREVALUE and more`), ['SIGNATUREVALUE']);
    expect(start).toBe(`${'a'.repeat(195)}[reda`);
  });

  it('blanks control characters that could drive a terminal', () => {
    expect(bodyStartOf(bytes('bad\u001b[31m request\r\n'), [])).toBe('bad [31m request \n');
  });
});

describe('classifyThrown', () => {
  const context = { target: 'webhook ops at hooks.example', durationMs: 12, timeoutMs: 300 };
  const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

  it.each([
    [
      'a refused connection',
      coded('ECONNREFUSED'),
      'could not reach webhook ops at hooks.example: ECONNREFUSED',
    ],
    [
      'a reset keep-alive socket',
      coded('ECONNRESET'),
      'could not reach webhook ops at hooks.example: ECONNRESET',
    ],
    [
      'a name that does not resolve',
      coded('ENOTFOUND'),
      'could not reach webhook ops at hooks.example: ENOTFOUND',
    ],
    [
      'a certificate for another name',
      coded('ERR_TLS_CERT_ALTNAME_INVALID'),
      'could not reach webhook ops at hooks.example: ERR_TLS_CERT_ALTNAME_INVALID',
    ],
    [
      'a socket error nested as the cause',
      new Error('socket failed', { cause: coded('EPIPE') }),
      'could not reach webhook ops at hooks.example: EPIPE',
    ],
  ])('retries %s, naming its code', (_name, thrown, error) => {
    expect(classifyThrown(thrown, { ...context, timedOut: false, aborted: false })).toEqual({
      outcome: 'retry',
      durationMs: 12,
      error,
    });
  });

  it.each([
    ['a header value Node will not send', coded('ERR_INVALID_CHAR'), 'ERR_INVALID_CHAR'],
    ['an error without a code', new TypeError('a webhook URL must be http or https, not ftp:'), 'TypeError'],
  ])('dead-letters %s: no retry changes it', (_name, thrown, kind) => {
    expect(classifyThrown(thrown, { ...context, timedOut: false, aborted: false })).toEqual({
      outcome: 'dead',
      durationMs: 12,
      error: `could not send to webhook ops at hooks.example: the request was refused (${kind})`,
    });
  });

  it('retries at our deadline and after a shutdown, whatever was thrown', () => {
    const aborted = coded('ABORT_ERR', 'The operation was aborted');
    expect(classifyThrown(aborted, { ...context, timedOut: true, aborted: false })).toMatchObject({
      outcome: 'retry',
      error: 'webhook ops at hooks.example did not answer within 300 ms',
    });
    expect(classifyThrown(aborted, { ...context, timedOut: false, aborted: true })).toMatchObject({
      outcome: 'retry',
      error: 'delivery to webhook ops at hooks.example was cancelled',
    });
  });
});
