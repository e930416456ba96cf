/**
 * A small claims table for the matcher tests, shaped like config/claims.yaml but independent of it, plus a
 * helper that compiles a one-claim matcher around a few terms.
 */
import { compileMatcher } from '../../src/match/index.js';
import type { ClaimMatchSpec, Matcher, SignalKind } from '../../src/match/types.js';

export const CLAIMS: ClaimMatchSpec[] = [
  {
    id: 'rare-earths',
    topic: [
      ['rare earth*', 'rare-earth*', 'magnet*', '稀土'],
      ['china', 'chinese', 'beijing', '中国'],
    ],
    exclude: ['australia*', 'lynas'],
    signals: {
      progress: ['licen?e* approv*', 'approv* licen?e*', 'shipments resum*', 'export* resum*', '恢复出口'],
      setback: ['shortage*', 'halt* production', '短缺'],
      confirms: ['exports return* to normal', '恢复正常'],
      refutes: ['halt* all rare earth exports'],
    },
  },
  {
    id: 'students',
    topic: [
      ['chinese student*', '中国留学生', '留学生'],
      ['united states', 'washington', 'harvard', '美国'],
    ],
    exclude: [],
    signals: {
      progress: ['welcom*', 'visa* approv*', '欢迎'],
      setback: ['revok* visa*', 'revocation*', '吊销'],
      confirms: [],
      refutes: [],
    },
  },
  {
    id: 'trade-talks',
    topic: [
      ['trade talk*', 'trade deal*', '中美贸易', '贸易谈判'],
      ['china', 'beijing', '中国', '中美'],
    ],
    exclude: [],
    signals: {
      progress: ['agree* on', 'framework', 'breakthrough', '达成'],
      setback: ['stall*', 'collaps*', 'no deal', '僵局'],
      confirms: ['sign* a trade deal'],
      refutes: ['talks end* without a deal'],
    },
  },
  {
    id: 'tariff-truce',
    topic: [
      ['tariff*', 'truce', '关税'],
      ['china', '中国'],
    ],
    exclude: ['european union'],
    signals: {
      progress: ['extend* the truce', 'cut* tariff*', '下调'],
      setback: ['rais* tariff*', 'new tariff*', '加征'],
      confirms: [],
      refutes: [],
    },
  },
];

export const matcher: Matcher = compileMatcher(CLAIMS);

const NO_SIGNALS: Record<SignalKind, string[]> = { progress: [], setback: [], confirms: [], refutes: [] };

/** A matcher with one claim `t` whose single topic group is `terms`. */
export function topicMatcher(terms: string[]): Matcher {
  return compileMatcher([{ id: 't', topic: [terms], exclude: [], signals: NO_SIGNALS }]);
}

/** The terms that hit when `text` (as a title) is matched against a one-group topic of `terms`. */
export function hitsIn(terms: string[], text: string): string[] {
  return topicMatcher(terms).match({ title: text })[0]?.terms ?? [];
}
