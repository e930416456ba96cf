/** LabelRow: labels where they ask to be, nudged aside by no more than their width, else left out. */
import { describe, expect, it } from 'vitest';
import { LabelRow } from '../../src/chart/label-row.js';
import { textWidth } from '../../src/chart/markup.js';

describe('LabelRow', () => {
  it('centres a label on the point it asks for', () => {
    const row = new LabelRow(0, 500);
    expect(row.place('window', 200)).toBeCloseTo(200 - textWidth('window') / 2, 5);
  });

  it('keeps a label inside the row', () => {
    const row = new LabelRow(50, 500);
    expect(row.place('tally window, 30 days', 495)).toBeCloseTo(500 - textWidth('tally window, 30 days'), 5);
    expect(row.place('start', 40)).toBe(50);
  });

  describe('when the place is taken', () => {
    it('moves the label just clear of the one before, when that is within its width', () => {
      const row = new LabelRow(0, 1000);
      row.reserve(300, 400);
      const from = row.place('quiet', 290) ?? Number.NaN;
      expect(from + textWidth('quiet')).toBeLessThanOrEqual(300 - 8);
    });

    it('leaves the label out when no free place is near enough', () => {
      const row = new LabelRow(0, 1000);
      row.reserve(100, 900);
      expect(row.place('54 days without news', 500)).toBeUndefined();
    });
  });
});
