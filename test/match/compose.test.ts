/**
 * Composed direction (src/match/compose.ts): a mover times a change word in the same clause, with the
 * product's lexicon (config/lexicon.yaml) and a claim shaped like the default rare-earths claim. Each
 * describe block is one class of miss that adjacent-pair signals could not read.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLexiconOf } from '../../src/config/load.js';
import { compileMatcher } from '../../src/match/index.js';
import type { ClaimMatchSpec } from '../../src/match/types.js';

const CLAIM: ClaimMatchSpec = {
  id: 'rare-earths',
  topic: [['rare earth*', 'magnet*', '稀土', '磁铁']],
  exclude: [],
  movers: {
    more_is_progress: ['export*', 'shipment*', 'licen?e*', 'supply', '出口', '许可', '出货'],
    more_is_setback: ['export control*', 'curb*', 'restriction*', 'ban*', '出口管制', '管制', '限制'],
  },
  signals: { progress: ['flowing again'], setback: ['shortage*'], confirms: [], refutes: [] },
};

const matcher = compileMatcher([CLAIM], loadLexiconOf(path.resolve('config')));

function direction(title: string, body?: string): string {
  return matcher.match({ title, body })[0]?.direction ?? 'no match';
}

describe('composed direction', () => {
  describe('when a change word acts on a mover', () => {
    it.each([
      ['defer × curb → progress', 'Beijing defers its new curbs on magnet exports', 'progress'],
      ['rescind × restriction → progress', 'China rescinds restrictions on rare earth exports', 'progress'],
      ['impose × curb → setback', 'China imposes new curbs on rare earth magnets', 'setback'],
      ['curb as verb × exports → setback', 'China curbs rare earth exports', 'setback'],
      [
        'speed × licences → progress',
        'Beijing speeds up approvals of rare earth export licences',
        'progress',
      ],
      ['a modifier alone: new curbs → setback', "China's new rare earth curbs", 'setback'],
      ['lift × ban → progress', 'Beijing lifts its ban on rare earth shipments', 'progress'],
    ])('%s', (_name, title, expected) => {
      expect(direction(title)).toBe(expected);
    });

    it('explains the pair that decided', () => {
      const [match] = matcher.match({ title: 'Beijing defers its new curbs on magnet exports' });
      expect(match?.terms).toContain('curb* ↓ defer → progress');
    });

    it('lets a signal phrase win over composition', () => {
      expect(direction('Magnet exports fall, but rare earths are flowing again')).toBe('progress');
    });
  });

  describe('when the change word is inflected', () => {
    it.each([
      ['rose', 'Rare earth exports rose in July', 'progress'],
      ['risen', 'Rare earth exports have risen', 'progress'],
      ['fell', 'Rare earth shipments fell in May', 'setback'],
      ['fallen', 'Rare earth shipments have fallen', 'setback'],
      ['slid', 'Magnet exports slid again', 'setback'],
      ['deferred', 'Rare earth curbs deferred for a year', 'progress'],
      ['halved', 'Magnet exports halved', 'setback'],
      ['froze', 'China froze rare earth export licences', 'setback'],
    ])('%s', (_name, title, expected) => {
      expect(direction(title)).toBe(expected);
    });
  });

  describe('when a number carries the change', () => {
    it.each([
      ['up 40%', 'Rare earth magnet exports up 40% in June', 'progress'],
      ['down by 11%', 'Magnet shipments to America down by 11% in November', 'setback'],
      ['fell by a third', 'Rare earth exports fell by a third', 'setback'],
      ['增长三成', '稀土出口增长三成', 'progress'],
      ['下降两成', '稀土出口下降两成', 'setback'],
      ['年增 in Traditional', '稀土磁鐵出口年增15%', 'progress'],
    ])('%s', (_name, title, expected) => {
      expect(direction(title)).toBe(expected);
    });

    it('does not read a particle "up" without a number as change', () => {
      expect(direction('Rare earth exports set up for review')).toBe('neutral');
    });
  });

  describe('when clauses point different ways', () => {
    it('keeps the subject across a relative clause', () => {
      const title =
        'Shipments of the magnets to American buyers, which had dried up in spring, climbed again';
      expect(direction(title)).toBe('progress');
    });

    it('reads the new position after a contrast, not the earlier hard line', () => {
      expect(direction('After months of curbs, China approves rare earth export licences')).toBe('progress');
      expect(direction('稀土出口此前大减，如今出货回升')).toBe('progress');
    });

    it('gives each clause its own mover', () => {
      expect(direction('Rare earth curbs were tightened in April; now magnet exports surge')).toBe(
        'progress',
      );
    });

    it('weighs the headline over the summary', () => {
      expect(direction('Rare earth magnet exports jump', 'Shipments to Europe fell slightly.')).toBe(
        'progress',
      );
    });
  });

  describe('when the change is negated', () => {
    it.each([
      ['has not lifted', 'China has not lifted its rare earth export controls', 'neutral'],
      ['yet to resume', 'Rare earth shipments are yet to resume', 'neutral'],
      ['no new curbs', 'Beijing says no new curbs on rare earth exports', 'neutral'],
      ['尚未恢复', '稀土出口尚未恢复', 'neutral'],
      ['沒有放寬 (Traditional)', '北京沒有放寬稀土出口管制', 'neutral'],
    ])('%s', (_name, title, expected) => {
      expect(direction(title)).toBe(expected);
    });
  });

  describe('when a change word is part of a phrase that changes nothing', () => {
    it.each([
      // Resisting curbs is not easing them (to "push back" a deadline is).
      ['push back against', "Allies push back against China's rare earth export curbs", 'neutral'],
      ['a cut of (a share)', 'US takes a cut of rare earth export licence fees', 'neutral'],
    ])('%s', (_name, title, expected) => {
      expect(direction(title)).toBe(expected);
    });
  });

  describe('when a mover only dates the story', () => {
    it.each([
      ['a change word does not reach it', 'Magnet makers raise prices after export curbs', 'neutral'],
      ['the same words acting on it', 'Beijing raises export curbs on magnets', 'setback'],
    ])('%s', (_name, title, expected) => {
      expect(direction(title)).toBe(expected);
    });
  });

  describe('when the text is Chinese', () => {
    it.each([
      ['暂停 × 出口管制 (Simplified)', '中方暂停实施稀土出口管制措施', 'progress'],
      ['暫停 × 出口管制 (Traditional)', '中方暫停實施稀土出口管制措施', 'progress'],
      ['收緊 × 管制 (Traditional)', '北京收緊稀土管制', 'setback'],
      ['出貨 × 大增 (Taiwan)', '陸7月稀土磁鐵出貨大增75%', 'progress'],
      ['撤销 × 许可 (Simplified)', '商务部撤销部分稀土出口许可', 'setback'],
    ])('%s', (_name, title, expected) => {
      expect(direction(title)).toBe(expected);
    });
  });

  // Rule 8 (verdict.ts): a story whose headline does not name the claim's subject mentions it in passing.
  describe('when the headline does not name the subject', () => {
    it.each([
      [
        'a direction the summary alone composed is no evidence',
        'Markets rally as trade hopes rise',
        'Traders noted that China resumed rare earth exports last week.',
        'no match',
      ],
      [
        'the same summary decides under a headline that names the subject',
        'Rare earth markets rally as trade hopes rise',
        'Traders noted that China resumed rare earth exports last week.',
        'progress',
      ],
      [
        'a direction the headline composed still counts',
        'China resumes exports to US carmakers',
        'The shipments are rare earth magnets.',
        'progress',
      ],
      [
        'a signal in the summary still counts',
        'Carmakers warn of halted lines',
        'A shortage of rare earth magnets is spreading.',
        'setback',
      ],
    ])('%s', (_name, title, body, expected) => {
      expect(direction(title, body)).toBe(expected);
    });
  });
});
