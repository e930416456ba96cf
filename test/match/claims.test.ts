import { describe, expect, it } from 'vitest';
import {
  compileMatcher,
  LEAD_POINTS,
  SIGNAL_POINTS,
  SUBJECT_POINTS,
  TITLE_FACTOR,
  TOPIC_POINTS,
} from '../../src/match/index.js';
import type { ClaimMatch, ClaimMatchSpec, MatchInput } from '../../src/match/types.js';
import { CLAIMS, matcher } from './claims-table.js';

function matchOf(claim: string, input: MatchInput): ClaimMatch | undefined {
  return matcher.match(input).find((match) => match.claim === claim);
}

describe('compileMatcher claims', () => {
  describe('when every topic group has a hit', () => {
    it.each([
      ['China halts rare earth magnet exports', 'rare-earths'],
      ['Beijing ships rare-earth magnets', 'rare-earths'],
      ['中国稀土出口', 'rare-earths'],
      ['Harvard welcomes Chinese students', 'students'],
      ['美國歡迎中國留學生', 'students'],
      ['中美貿易談判重啟', 'trade-talks'],
    ])('"%s" is about %s', (title, claim) => {
      expect(matchOf(claim, { title })).toBeDefined();
    });
  });

  describe('when a topic group has no hit', () => {
    it.each([
      ['Rare earth prices climb', 'rare-earths'],
      ['China posts record car exports', 'rare-earths'],
      ['Chinese students flock to Britain', 'students'],
    ])('"%s" is not about %s', (title, claim) => {
      expect(matchOf(claim, { title })).toBeUndefined();
    });
  });

  describe('when the groups hit in different fields', () => {
    it('combines title and body', () => {
      expect(
        matchOf('rare-earths', { title: 'Magnet shortage deepens', body: 'Beijing is slow.' }),
      ).toBeDefined();
    });
  });

  describe('when an exclude term hits', () => {
    it.each([
      ['Australian miner ships rare earths outside China', 'rare-earths'],
      ['Lynas: rare earth output up as China curbs bite', 'rare-earths'],
      ['European Union weighs China tariff truce', 'tariff-truce'],
    ])('"%s" is dropped for %s', (title, claim) => {
      expect(matchOf(claim, { title })).toBeUndefined();
    });
  });

  describe('when signals point one way', () => {
    it.each([
      ['Beijing approves licences for rare earth magnets', 'rare-earths', 'progress'],
      ['China rare earth shipments resume to Detroit', 'rare-earths', 'progress'],
      ['Ford halts production over China rare earth shortage', 'rare-earths', 'setback'],
      ['Rare earth exports return to normal, China says', 'rare-earths', 'confirms'],
      ['China halts all rare earth exports', 'rare-earths', 'refutes'],
      ['China rare earth output steady', 'rare-earths', 'neutral'],
      ['US revokes visas of Chinese students', 'students', 'setback'],
      ['中国稀土出口恢复正常', 'rare-earths', 'confirms'],
      ['中美贸易谈判达成框架', 'trade-talks', 'progress'],
      ['中美贸易谈判陷入僵局', 'trade-talks', 'setback'],
    ])('"%s" is %s %s', (title, claim, direction) => {
      expect(matchOf(claim, { title })?.direction).toBe(direction);
    });
  });

  describe('when signals point both ways', () => {
    it.each([
      ['China approves licences, shipments resume despite magnet shortage', 'progress'],
      ['Magnet shortage halts production as China approves licences', 'setback'],
      ['China approves licences as magnet shortage bites', 'neutral'],
    ])('"%s" follows the side with more distinct terms: %s', (title, direction) => {
      expect(matchOf('rare-earths', { title })?.direction).toBe(direction);
    });

    it('lets resolution evidence outrank progress and setback', () => {
      const title = 'China rare earth shortage over as exports return to normal';
      expect(matchOf('rare-earths', { title })?.direction).toBe('confirms');
    });

    it('falls back to progress and setback when confirms and refutes tie', () => {
      const title = 'China halts all rare earth exports, then exports return to normal; shipments resume';
      expect(matchOf('rare-earths', { title })?.direction).toBe('progress');
    });
  });

  describe('when a negation stands before a signal', () => {
    it.each([
      ['No sign of shipments resuming from China, rare earth buyers say', ['shipments resum*']],
      ['China has yet to approve licences for rare earth magnets', ['approv* licen?e*']],
      ['Beijing did not immediately approve licences for magnets', ['approv* licen?e*']],
      ["Beijing didn't approve licences for magnets", ['approv* licen?e*']],
      ['China rules out rare earth shortages', ['shortage*']],
      ['中国稀土出口尚未恢复', []],
    ])('"%s" is neutral', (title, negated) => {
      expect(matchOf('rare-earths', { title })).toMatchObject({ direction: 'neutral', negated });
    });

    it.each([
      ['Not only did shipments resume, China approves licences for magnets', 'progress'],
      ['No change in policy: Beijing approves licences for magnets', 'progress'],
      ['China will not cut output. Rare earth shipments resume', 'progress'],
      ['China not worried as rare earth supply shortages ease', 'setback'],
    ])('"%s" outside the window or sentence stays %s', (title, direction) => {
      expect(matchOf('rare-earths', { title })?.direction).toBe(direction);
    });

    it('counts the signal when another occurrence of it is not negated', () => {
      const match = matchOf('rare-earths', {
        title: 'No sign of shipments resuming to Europe',
        body: 'Rare earth shipments resumed to Detroit from China.',
      });
      expect(match).toMatchObject({ direction: 'progress', negated: [] });
    });

    it('reports a negated Chinese signal', () => {
      const match = matchOf('rare-earths', { title: '中国稀土尚未恢复出口' });
      expect(match).toMatchObject({ direction: 'neutral', negated: ['恢复出口'] });
    });
  });

  describe('when the score is computed', () => {
    it("gives each topic group its best term's 1, each signal term 2, ×1.5 in the title, and the subject more", () => {
      const match = matchOf('rare-earths', {
        title: 'Rare earth shipments resume',
        body: 'China approved licences for magnets.',
      });
      // group 0: rare earth* in the title (magnet* in the body counts no more); group 1: china
      const topic = TOPIC_POINTS * TITLE_FACTOR + SUBJECT_POINTS + TOPIC_POINTS;
      const signals = SIGNAL_POINTS * TITLE_FACTOR + SIGNAL_POINTS; // shipments resum* (title), approv* licen?e*
      expect(match).toMatchObject({
        direction: 'progress',
        score: topic + signals,
        terms: ['rare earth*', 'rare-earth*', 'magnet*', 'china', 'approv* licen?e*', 'shipments resum*'],
      });
    });

    it('orders matches by score, then claim id', () => {
      const matches = matcher.match({
        title: 'China tariff truce: trade talks stall, then tariffs rise',
        body: 'China and Beijing trade deal talks stalled.',
      });
      // trade-talks: trade talk* 1.5 + subject 3, china 1.5, stall* 2 × 1.5; tariff-truce: tariff* 1.5 + 3,
      // china 1.5, and the lead's tie-break (its subject comes first in the headline)
      expect(matches.map((match) => [match.claim, match.score])).toEqual([
        ['trade-talks', 9],
        ['tariff-truce', 6 + LEAD_POINTS],
      ]);
    });

    it('breaks an equal score by which subject the headline names first', () => {
      const claim = (id: string, subject: string): ClaimMatchSpec => ({
        id,
        topic: [[subject], ['china']],
        exclude: [],
        signals: { progress: [], setback: [], confirms: [], refutes: [] },
      });
      const both = compileMatcher([claim('a-claim', 'gallium'), claim('b-claim', 'tariff*')]);
      const scored = (title: string) => both.match({ title }).map((match) => [match.claim, match.score]);
      const base = TOPIC_POINTS * TITLE_FACTOR * 2 + SUBJECT_POINTS;
      expect(scored('Tariffs on China gallium')).toEqual([
        ['b-claim', base + LEAD_POINTS],
        ['a-claim', base],
      ]);
      expect(scored('Gallium from China meets tariffs')).toEqual([
        ['a-claim', base + LEAD_POINTS],
        ['b-claim', base],
      ]);
    });

    it('orders equal scores by claim id', () => {
      const matches = compileMatcher([
        { ...CLAIMS[0], id: 'b-claim' } as ClaimMatchSpec,
        { ...CLAIMS[0], id: 'a-claim' } as ClaimMatchSpec,
      ]).match({ title: 'China rare earths' });
      expect(matches.map((match) => match.claim)).toEqual(['a-claim', 'b-claim']);
    });
  });

  describe('when the headline names the subject only to date the story', () => {
    it('is a mention in passing without a direction (rule 8), and earns no subject points', () => {
      expect(
        matchOf('trade-talks', { title: 'Beijing buys soybeans ahead of China trade talks' }),
      ).toBeUndefined();
      const named = matchOf('trade-talks', { title: 'China trade talks resume in London' });
      const dated = matchOf('trade-talks', {
        title: 'Beijing stalls soybean buying after China trade talks',
      });
      expect(named?.score).toBe(TOPIC_POINTS * TITLE_FACTOR + SUBJECT_POINTS + TOPIC_POINTS * TITLE_FACTOR);
      expect(dated?.direction).toBe('setback');
      expect(dated?.score).toBe(
        TOPIC_POINTS * TITLE_FACTOR + TOPIC_POINTS * TITLE_FACTOR + SIGNAL_POINTS * TITLE_FACTOR,
      );
    });
  });

  describe('when the item is about nothing configured', () => {
    it('returns no match', () => {
      expect(matcher.match({ title: 'Local team wins the cup', body: 'Fans celebrate.' })).toEqual([]);
      expect(matcher.match({})).toEqual([]);
    });
  });

  describe('when a claim has no topic group', () => {
    it('never matches', () => {
      const lonely = compileMatcher([
        {
          id: 'x',
          topic: [],
          exclude: [],
          signals: { progress: ['china'], setback: [], confirms: [], refutes: [] },
        },
      ]);
      expect(lonely.match({ title: 'China' })).toEqual([]);
    });
  });

  describe('when a term is invalid', () => {
    it('throws CONFIG_INVALID naming the claim and the path', () => {
      const bad = { ...CLAIMS[0], topic: [['ra*re']] } as ClaimMatchSpec;
      expect(() => compileMatcher([bad])).toThrow(/rare-earths: topic\[0\]\[0\]: "ra\*re"/);
    });
  });
});
