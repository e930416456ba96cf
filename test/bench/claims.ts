/**
 * Claim sets for the matching benchmark: the default claims (config/claims.yaml) and synthetic claims with
 * realistic policy-news terms to reach 100, sharing words and prefixes with the defaults so the tries
 * branch as they would in a grown config.
 */
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { ClaimMatchSpec, LexiconSpec } from '../../src/match/types.js';
import { prng } from './corpus.js';

/** The default claims and lexicon (config/, read and validated as the daemon reads them) and where they came from. */
export function defaultClaims(root: string): {
  claims: ClaimMatchSpec[];
  lexicon: LexiconSpec;
  source: string;
} {
  const config = loadConfig(path.join(root, 'config'));
  return { claims: config.claims, lexicon: config.lexicon, source: 'config/claims.yaml' };
}

const SUBJECTS = [
  'soybean*',
  'fentanyl',
  'tiktok',
  'boeing',
  'taiwan',
  'south china sea',
  'panama canal',
  'solar panel*',
  'steel',
  'aluminium',
  'aluminum',
  'electric vehicle*',
  'battery',
  'batteries',
  'lithium',
  'graphite',
  'drone*',
  'port fees',
  'shipping',
  'pork',
  'beef',
  'wheat',
  'corn',
  'lng',
  'crude oil',
  'pharmaceutical*',
  'antibiotic*',
  'ai chip*',
  'quantum',
  'satellite*',
  'cyber*',
  'hack*',
  'journalist*',
  'detained',
  'embassy',
  'consulate*',
  'sanction*',
  'hong kong',
  'xinjiang',
  'tibet',
  'philippines',
  'currency',
  'yuan',
  'treasur*',
  'bond*',
  'investment screening',
  'outbound investment',
  'delist*',
  '大豆',
  '芬太尼',
  '台湾',
  '南海',
  '光伏',
  '电动汽车',
  '锂电池',
  '无人机',
  '制裁',
  '人民币',
];
const ACTORS = [
  'china',
  'chinese',
  'beijing',
  'united states',
  'washington',
  'trump',
  'xi',
  'pentagon',
  'treasury',
  'congress',
  'senate',
  'commerce ministry',
  'mofcom',
  '中国',
  '美国',
  '中方',
  '美方',
];
const PROGRESS = [
  'agree*',
  'resum*',
  'approv*',
  'eas*',
  'lift*',
  'restor*',
  'reopen*',
  'extend*',
  'deal reached',
  'purchase*',
  'buy*',
  'cooperat*',
  'release*',
  'welcom*',
  '恢复',
  '批准',
  '合作',
  '放宽',
];
const SETBACK = [
  'ban*',
  'halt*',
  'suspend*',
  'restrict*',
  'tighten*',
  'escalat*',
  'retaliat*',
  'threat*',
  'sanction*',
  'detain*',
  'expel*',
  'block*',
  'cancel*',
  'probe*',
  'investigat*',
  '禁止',
  '暂停',
  '制裁',
  '反制',
];

const MOVERS_UP = ['export*', 'shipment*', 'purchase*', 'sale*', 'licen?e*', 'visa*', '出口', '采购'];
const MOVERS_DOWN = [
  'ban*',
  'curb*',
  'restriction*',
  'tariff*',
  'sanction*',
  'probe*',
  '禁令',
  '限制',
  '制裁',
];

/** `count` synthetic claims, the same for a given seed. */
export function syntheticClaims(count: number, seed = 92): ClaimMatchSpec[] {
  const random = prng(seed);
  const some = (list: string[], n: number): string[] =>
    Array.from(new Set(Array.from({ length: n }, () => list[Math.floor(random() * list.length)] as string)));
  const latin = (list: string[]): string[] => list.filter((term) => /^[a-z* ]+$/.test(term));
  const [latinProgress, latinSetback] = [latin(PROGRESS), latin(SETBACK)];
  return Array.from({ length: count }, (_, i) => {
    const subject = SUBJECTS[i % SUBJECTS.length] as string;
    // Phrases join a subject with a verb; CJK terms take no wildcards, so a CJK subject gets a noun instead.
    const isLatin = /^[a-z* ]+$/.test(subject);
    const word = subject.replace(/\*$/, '');
    const progressPhrase = isLatin ? `${word} ${latinProgress[i % latinProgress.length]}` : subject;
    const setbackPhrase = isLatin ? `${latinSetback[i % latinSetback.length]} ${subject}` : `${subject}禁令`;
    return {
      id: `synthetic-${String(i).padStart(3, '0')}`,
      topic: [[subject, ...some(SUBJECTS, 3)], some(ACTORS, 4)],
      exclude: random() < 0.3 && isLatin ? [`${word} festival`] : [],
      // Movers so that composition runs for synthetic claims too, as it would in a grown config.
      movers: { more_is_progress: [subject, ...some(MOVERS_UP, 2)], more_is_setback: some(MOVERS_DOWN, 3) },
      signals: {
        progress: [...some(PROGRESS, 4), progressPhrase],
        setback: [...some(SETBACK, 4), setbackPhrase],
        confirms: random() < 0.3 && isLatin ? [`${word} deal signed`] : [],
        refutes: [],
      },
    };
  });
}
