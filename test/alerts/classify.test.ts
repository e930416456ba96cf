import { describe, expect, it } from 'vitest';
import { bodyStartOf } from '../../src/alerts/classify.js';
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
