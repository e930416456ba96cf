import { describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';

const heapGrowingPercentFromEnv = (env: Record<string, string>) => readEnv('PW_HEAP_GROWING_PERCENT', env);

describe('PW_HEAP_GROWING_PERCENT', () => {
  it('defaults to 20 % when unset or blank', () => {
    expect(heapGrowingPercentFromEnv({})).toBe(20);
    expect(heapGrowingPercentFromEnv({ PW_HEAP_GROWING_PERCENT: '  ' })).toBe(20);
  });

  it('reads a whole number, 0 meaning V8’s own policy', () => {
    expect(heapGrowingPercentFromEnv({ PW_HEAP_GROWING_PERCENT: '50' })).toBe(50);
    expect(heapGrowingPercentFromEnv({ PW_HEAP_GROWING_PERCENT: '0' })).toBe(0);
  });

  it.each(['-1', '12.5', '401', 'lots'])('refuses %s in one sentence naming the variable', (raw) => {
    expect(() => heapGrowingPercentFromEnv({ PW_HEAP_GROWING_PERCENT: raw })).toThrow(
      `PW_HEAP_GROWING_PERCENT must be a whole number from 0 to 400 (got "${raw}")`,
    );
  });
});
