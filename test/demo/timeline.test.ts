import { describe, expect, it } from 'vitest';
import type { StatusChangedData } from '../../src/alerts/index.js';
import type { ChangeRecord } from '../../src/claims/index.js';
import { timelineLines, totalsLine } from '../../src/demo/timeline.js';

const change: ChangeRecord = {
  claim: 'rare-earths',
  seq: 1,
  from: 'open',
  to: 'advancing',
  at: '2025-06-07T23:00:00.000Z',
  trigger: 'evidence',
  tally: { progress: 2, setback: 0, sources: 2 },
  evidence: ['rare-earths:a', 'rare-earths:b'],
  note: '2 sources report progress.',
};

function alertFor(record: ChangeRecord, titles: Array<[string, string]>): StatusChangedData {
  return {
    claim: { id: record.claim, title: 'Rare earths', question: '?' },
    change: { ...record, id: `${record.claim}:${record.seq}` },
    tally: { ...record.tally, window_days: 30 },
    evidence: titles.map(([title, source], index) => ({
      id: `e${index}`,
      title,
      link: null,
      source,
      published: '2025-06-06T10:00:00Z',
      direction: 'progress',
      terms: [],
    })),
  };
}

describe('timelineLines', () => {
  const claim = { id: 'rare-earths', title: 'Rare earths', status: 'advancing' as const, history: [change] };

  describe('when the change has a verified alert', () => {
    it('shows the date, the move, the trigger, the reason and the headlines with their publishers', () => {
      const alert = alertFor(change, [
        ['China grants licences - Reuters', 'Reuters'],
        ['Licences approved', '新华社'],
      ]);
      expect(timelineLines([claim], [alert])).toEqual([
        '',
        'Rare earths [rare-earths]: now ADVANCING',
        '  2025-06-07  open → advancing       by evidence; progress 2, setback 0, 2 sources',
        '      2 sources report progress.',
        '      + China grants licences (Reuters, 2025-06-06)',
        '      + Licences approved (新华社, 2025-06-06)',
      ]);
    });

    it('counts the headlines past the first three', () => {
      const alert = alertFor(change, [
        ['a', 'A'],
        ['b', 'B'],
        ['c', 'C'],
        ['d', 'D'],
        ['e', 'E'],
      ]);
      expect(timelineLines([claim], [alert]).at(-1)).toBe('      … and 2 more');
    });
  });

  describe('when no alert arrived for a change', () => {
    it('says so under the change', () => {
      expect(timelineLines([claim], []).at(-1)).toBe('      (no verified alert received for this change)');
    });
  });
});

describe('totalsLine', () => {
  it('names changes, deliveries and unique ids, and rejections only when there are some', () => {
    expect(totalsLine({ changes: 3, delivered: 3, uniqueIds: 3, rejected: 0 })).toBe(
      '3 changes, 3 alerts delivered and verified, 3 unique webhook ids',
    );
    expect(totalsLine({ changes: 1, delivered: 1, uniqueIds: 1, rejected: 2 })).toBe(
      '1 change, 1 alerts delivered and verified, 1 unique webhook ids, 2 REJECTED',
    );
  });
});
