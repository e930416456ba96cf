import { describe, expect, it } from 'vitest';
import {
  evidenceAddedEvent,
  feedFailingEvent,
  feedRecoveredEvent,
  pingEvent,
  standardBody,
  statusChangedEvent,
} from '../../src/alerts/index.js';
import { CHANGE, CLAIM, EVIDENCE, expectGolden } from './sample.js';

const FEED = {
  id: 'caixin',
  source: 'Caixin',
  url: 'https://user:pw@www.caixinglobal.com/rss.xml?token=abc',
};
const FAILING = {
  consecutiveFailures: 3,
  lastError: {
    code: 'FETCH_TIMEOUT',
    message: 'The feed at www.caixinglobal.com did not finish within 15000 ms.',
  },
  lastErrorAt: '2025-07-01T12:30:00.000Z',
  lastSuccessAt: '2025-07-01T11:00:00.000Z',
};

describe('statusChangedEvent', () => {
  const event = statusChangedEvent(CLAIM, CHANGE, EVIDENCE, 30);

  describe('when a claim changes status', () => {
    it('is identified by <claim>:<seq>, typed and timed by the change', () => {
      expect(event).toMatchObject({
        id: 'rare-earths:3',
        type: 'claim.status_changed',
        timestamp: '2025-07-01T12:00:00.000Z',
      });
      expect(event.data.change.id).toBe(event.id);
    });

    it('renders the DESIGN.md body exactly (golden)', () => {
      expectGolden(standardBody(event), 'status-changed.standard.json');
    });

    it('lists the evidence in the order of the change record, with null for missing link and date', () => {
      expect(event.data.evidence.map((evidence) => evidence.id)).toEqual(CHANGE.evidence);
      expect(event.data.evidence[0]?.published).toBeNull();
    });
  });

  describe('when a cited record is missing (trimmed)', () => {
    it('skips it instead of inventing one', () => {
      const [first] = EVIDENCE;
      const partial = statusChangedEvent(CLAIM, CHANGE, first ? [first] : [], 30);
      expect(partial.data.evidence.map((evidence) => evidence.id)).toEqual(['rare-earths:caixin-shipments']);
    });
  });

  describe('when built twice from the same records', () => {
    it('gives the same body, so every retry sends the same bytes', () => {
      const again = statusChangedEvent(CLAIM, { ...CHANGE }, [...EVIDENCE].reverse(), 30);
      expect(standardBody(again)).toBe(standardBody(event));
    });
  });
});

describe('standardBody', () => {
  it('has exactly type, timestamp and data, in that order', () => {
    const body = standardBody(pingEvent('ops', new Date('2025-07-01T00:00:00Z')));
    expect(Object.keys(JSON.parse(body))).toEqual(['type', 'timestamp', 'data']);
  });
});

describe('evidenceAddedEvent', () => {
  const [record] = EVIDENCE;
  if (!record) throw new Error('sample evidence missing');

  it('is identified by claim and a hash of the story, and timed when first seen', () => {
    const event = evidenceAddedEvent(CLAIM, record);
    expect(event.id).toMatch(/^rare-earths:evidence:[0-9a-f]{16}$/);
    expect(event.timestamp).toBe(record.firstSeenAt);
    expect(event.data.evidence.title).toBe(record.title);
  });

  it('gives the same id for the same story seen again, another for another story', () => {
    const first = evidenceAddedEvent(CLAIM, record).id;
    expect(evidenceAddedEvent(CLAIM, { ...record, itemId: 'syndicated-copy' }).id).toBe(first);
    expect(evidenceAddedEvent(CLAIM, { ...record, storyKey: 'other' }).id).not.toBe(first);
  });
});

describe('feedFailingEvent', () => {
  it('keeps one id for a whole failing episode', () => {
    const third = feedFailingEvent(FEED, FAILING);
    const fourth = feedFailingEvent(FEED, {
      ...FAILING,
      consecutiveFailures: 4,
      lastErrorAt: '2025-07-01T13:30:00.000Z',
    });
    expect(third.id).toBe(`feed:caixin:failing:${Date.parse(FAILING.lastSuccessAt)}`);
    expect(fourth.id).toBe(third.id);
  });

  it('reports the feed without credentials or query string', () => {
    const event = feedFailingEvent(FEED, FAILING);
    expect(event.data.feed).toEqual({
      id: 'caixin',
      source: 'Caixin',
      url: 'https://www.caixinglobal.com/rss.xml',
    });
    expect(JSON.stringify(event)).not.toMatch(/token|pw@/);
  });

  it('uses 0 for a feed that never succeeded', () => {
    const { lastSuccessAt: _never, ...neverOk } = FAILING;
    expect(feedFailingEvent(FEED, neverOk).id).toBe('feed:caixin:failing:0');
  });
});

describe('feedRecoveredEvent', () => {
  it('is identified and timed by the success that ended the episode, and keeps the last error', () => {
    const recovered = { ...FAILING, consecutiveFailures: 0, lastSuccessAt: '2025-07-01T14:00:00.000Z' };
    const event = feedRecoveredEvent(FEED, recovered);
    expect(event).toMatchObject({
      id: `feed:caixin:recovered:${Date.parse('2025-07-01T14:00:00.000Z')}`,
      type: 'feed.recovered',
      timestamp: '2025-07-01T14:00:00.000Z',
    });
    expect(event.data.lastError?.code).toBe('FETCH_TIMEOUT');
  });
});

describe('pingEvent', () => {
  it('names the webhook and the time', () => {
    const now = new Date('2025-07-01T00:00:00.000Z');
    expect(pingEvent('ops', now)).toEqual({
      id: `ping:ops:${now.getTime()}`,
      type: 'ping',
      timestamp: '2025-07-01T00:00:00.000Z',
      data: { webhook: 'ops', message: expect.any(String) },
    });
  });
});
