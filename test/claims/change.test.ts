import { describe, expect, it } from 'vitest';
import { buildChange, changeId } from '../../src/claims/change.js';

const BASE = {
  claim: 'rare-earths',
  seq: 3,
  from: 'open',
  to: 'advancing',
  at: '2025-07-01T12:00:00.000Z',
  trigger: 'evidence',
  tally: { progress: 3, setback: 1, sources: 4, window_days: 30 },
  evidence: ['rare-earths:b', 'rare-earths:a'],
} as const;

describe('buildChange', () => {
  describe('when a derivation moves a claim', () => {
    it('gives the DESIGN.md record, in its key order, without window_days', () => {
      expect(JSON.stringify(buildChange({ ...BASE, note: 'two outlets report shipments resuming' }))).toBe(
        '{"claim":"rare-earths","seq":3,"from":"open","to":"advancing","at":"2025-07-01T12:00:00.000Z",' +
          '"trigger":"evidence","tally":{"progress":3,"setback":1,"sources":4},' +
          '"evidence":["rare-earths:b","rare-earths:a"],"note":"two outlets report shipments resuming"}',
      );
    });

    it('records a missing note as null', () => {
      expect(buildChange(BASE).note).toBeNull();
    });

    it('does not share the evidence array it was given', () => {
      const ids = ['rare-earths:a'];
      const record = buildChange({ ...BASE, evidence: ids });
      ids.push('rare-earths:late');
      expect(record.evidence).toEqual(['rare-earths:a']);
    });
  });

  describe('when an operator sets a status', () => {
    it('keeps the operator note and trigger', () => {
      const record = buildChange({
        ...BASE,
        from: 'confirmed',
        to: 'open',
        trigger: 'operator',
        note: 'reopened: wrong shipment',
      });
      expect(record).toMatchObject({
        trigger: 'operator',
        from: 'confirmed',
        to: 'open',
        note: 'reopened: wrong shipment',
      });
    });
  });
});

describe('changeId', () => {
  it('is claim and seq joined by a colon, as the webhook id', () => {
    expect(changeId('rare-earths', 12)).toBe('rare-earths:12');
  });
});
