import { describe, expect, it } from 'vitest';
import { evidenceForDerivation } from '../../src/claims/reopen.js';
import { evidence, NOW } from './evidence-factory.js';

const before = NOW.toISOString();
const after = new Date(NOW.getTime() + 60_000).toISOString();

describe('evidenceForDerivation', () => {
  describe('when the claim was never reopened', () => {
    it('passes every record through unchanged', () => {
      const items = [evidence('confirms', 'a', 1), evidence('refutes', 'b', 1)];
      expect(evidenceForDerivation(items, null)).toEqual(items);
    });
  });

  describe('when the claim was reopened', () => {
    const items = [
      evidence('confirms', 'a', 3, { firstSeenAt: before }),
      evidence('refutes', 'b', 3, { firstSeenAt: before }),
      evidence('progress', 'c', 3, { firstSeenAt: before }),
      evidence('confirms', 'd', 0, { firstSeenAt: after }),
    ];

    it('counts resolution evidence seen up to the reopen as neutral, and nothing else', () => {
      expect(evidenceForDerivation(items, before).map((e) => e.direction)).toEqual([
        'neutral',
        'neutral',
        'progress',
        'confirms',
      ]);
    });

    it('leaves the stored records untouched', () => {
      evidenceForDerivation(items, before);
      expect(items[0]?.direction).toBe('confirms');
    });
  });
});
