/**
 * Claim sets for the matching benchmark: the default claims (config/claims.yaml when it is there and its
 * entries carry topic/exclude/signals, else an inline set shaped like it) and synthetic claims with
 * realistic policy-news terms to reach 100, sharing words and prefixes with the defaults so the tries
 * branch as they would in a grown config.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ClaimMatchSpec, SignalKind } from '../../src/match/types.js';
import { prng } from './corpus.js';

const KINDS: SignalKind[] = ['progress', 'setback', 'confirms', 'refutes'];

const INLINE_DEFAULTS: ClaimMatchSpec[] = [
  {
    id: 'rare-earths',
    topic: [
      ['rare earth*', 'magnet*', 'critical mineral*', '稀土'],
      ['china', 'chinese', 'beijing', '中国'],
      ['export*', 'shipment*', 'licen?e*', '出口'],
    ],
    exclude: ['australia*', 'lynas'],
    signals: {
      progress: ['licen?e* approv*', 'approv* licen?e*', 'shipments resum*', '恢复出口', '批准'],
      setback: ['shortage*', 'halt* production', '短缺'],
      confirms: ['exports return* to normal'],
      refutes: ['halt* all rare earth exports'],
    },
  },
  {
    id: 'chinese-students',
    topic: [
      ['chinese student*', '中国留学生', '留学生'],
      ['united states', 'washington', 'harvard', 'rubio', '美国'],
    ],
    exclude: [],
    signals: {
      progress: ['welcom*', 'visa* approv*', 'resum* visa*', '欢迎'],
      setback: ['revok* visa*', 'revocation*', '吊销'],
      confirms: [],
      refutes: [],
    },
  },
  {
    id: 'trade-talks',
    topic: [
      ['trade talk*', 'trade deal*', '经贸磋商', '贸易谈判'],
      ['china', 'beijing', '中国', '中美'],
      ['united states', 'washington', 'trump', '美国', '中美'],
    ],
    exclude: [],
    signals: {
      progress: ['agree* on', 'framework', 'breakthrough', '达成', '共识'],
      setback: ['stall*', 'collaps*', 'no deal', '僵局'],
      confirms: ['sign* a trade deal'],
      refutes: ['talks end* without a deal'],
    },
  },
  {
    id: 'tariff-truce',
    topic: [
      ['tariff*', 'truce', '关税'],
      ['china', 'beijing', '中国'],
      ['united states', 'washington', 'trump', '美国'],
    ],
    exclude: ['european union', 'mexico', 'canada'],
    signals: {
      progress: ['extend* the truce', 'cut* tariff*', '延长'],
      setback: ['rais* tariff*', 'new tariff*', '加征'],
      confirms: ['truce for one year'],
      refutes: ['truce collaps*'],
    },
  },
  {
    id: 'tech-controls',
    topic: [
      ['export control*', 'entity list', 'chip*', 'semiconductor*', 'nvidia', '芯片'],
      ['china', 'chinese', 'huawei', '中国'],
      ['united states', 'washington', 'commerce department', '美国'],
    ],
    exclude: [],
    signals: {
      progress: ['eas* restrictions', 'resum* sales', 'lift* the ban'],
      setback: ['tighten*', 'new export control*', 'add* to the entity list'],
      confirms: [],
      refutes: [],
    },
  },
  {
    id: 'leader-visits',
    topic: [
      ['visit*', 'trip', 'summit', 'invitation', '访问', '访华'],
      ['trump', '特朗普'],
      ['xi', '习近平'],
    ],
    exclude: [],
    signals: {
      progress: ['accept* the invitation', 'will visit', 'plan* to visit'],
      setback: ['cancel*', 'postpon*'],
      confirms: ['arriv* in beijing'],
      refutes: [],
    },
  },
];

interface YamlClaim {
  id?: unknown;
  topic?: unknown;
  exclude?: unknown;
  signals?: Partial<Record<SignalKind, string[]>>;
}

/** The default claims and where they came from. */
export function defaultClaims(root: string): { claims: ClaimMatchSpec[]; source: string } {
  const file = path.join(root, 'config/claims.yaml');
  if (existsSync(file)) {
    const doc = parse(readFileSync(file, 'utf8')) as { claims?: YamlClaim[] } | null;
    const entries = doc?.claims ?? [];
    if (
      entries.length > 0 &&
      entries.every((c) => typeof c.id === 'string' && Array.isArray(c.topic) && c.signals)
    ) {
      const claims = entries.map((c) => ({
        id: c.id as string,
        topic: c.topic as string[][],
        exclude: (c.exclude as string[] | undefined) ?? [],
        signals: Object.fromEntries(KINDS.map((kind) => [kind, c.signals?.[kind] ?? []])) as Record<
          SignalKind,
          string[]
        >,
      }));
      return { claims, source: 'config/claims.yaml' };
    }
  }
  return { claims: INLINE_DEFAULTS, source: 'inline defaults' };
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
      signals: {
        progress: [...some(PROGRESS, 4), progressPhrase],
        setback: [...some(SETBACK, 4), setbackPhrase],
        confirms: random() < 0.3 && isLatin ? [`${word} deal signed`] : [],
        refutes: [],
      },
    };
  });
}
