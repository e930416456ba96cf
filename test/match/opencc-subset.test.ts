/**
 * The filtered converters (src/match/opencc-subset.ts) must convert exactly as opencc-js's full ones: the
 * same four directions chinese.ts uses, on the default claims' terms, on words whose conversion depends on
 * the phrase around an ambiguous character, and on phrases drawn from OpenCC's own dictionaries.
 */
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { scriptVariants } from '../../src/match/chinese.js';
import { subsetConverter, subsetPreset } from '../../src/match/opencc-subset.js';

const DIRECTIONS = [
  ['t', 'cn'],
  ['cn', 't'],
  ['cn', 'tw'],
  ['cn', 'hk'],
] as const;

const AMBIGUOUS = [
  '干预',
  '干杯',
  '树干',
  '头发',
  '发展',
  '台风',
  '台湾',
  '后来',
  '皇后',
  '面条',
  '里面',
  '关税',
  '出口管制',
  '稀土',
  '留学生',
  '贸易谈判',
  '中美',
  '乾隆',
  '製造',
  '制造',
  '於是',
  '于是',
  '鬆弛',
  '松树',
  '范围',
  '姓范',
  '云南',
  '人云亦云',
  '只有',
  '一只',
  '系统',
  '联系',
  '关系',
  '钟表',
  '钟情',
  '历史',
  '日历',
  '冲突',
  '冲茶',
  '關稅',
  '關税',
  '臺灣',
  '裏面',
  '著名',
  '著作',
  '着急',
];

const full = new Map(DIRECTIONS.map(([from, to]) => [`${from}>${to}`, OpenCC.Converter({ from, to })]));

/**
 * Every `step`-th key of OpenCC's Simplified→Traditional and Traditional→Simplified dictionaries: real
 * phrases in both scripts, spread out.
 */
function dictionaryPhrases(step: number): string[] {
  const groups = [OpenCC.Locale.from.cn, OpenCC.Locale.to.cn] as unknown as string[][][];
  const phrases = groups.flat(2).join('|').split('|');
  return phrases.filter((_, index) => index % step === 0).map((entry) => entry.split(' ')[0] as string);
}

function expectSameConversions(terms: readonly string[]): void {
  const preset = subsetPreset(terms.join(''));
  for (const [from, to] of DIRECTIONS) {
    const subset = subsetConverter(preset, from, to);
    const reference = full.get(`${from}>${to}`) as (text: string) => string;
    for (const term of terms) expect(subset(term), `${from}→${to} of ${term}`).toBe(reference(term));
  }
}

describe('opencc subset converters', () => {
  it('convert words with ambiguous characters as the full converters do', () => {
    expectSameConversions(AMBIGUOUS);
  });

  it('convert each word alone as the full converters do (a one-word character set)', () => {
    for (const term of AMBIGUOUS.slice(0, 12)) expectSameConversions([term]);
  });

  it('convert the default claims’ Chinese terms as the full converters do', () => {
    const config = loadConfig(path.resolve(import.meta.dirname, '../../config'));
    const terms = config.claims
      .flatMap((claim) => [...claim.topic.flat(), ...claim.exclude, ...Object.values(claim.signals).flat()])
      .filter((term) => /\p{Script=Han}/u.test(term));
    expect(terms.length).toBeGreaterThan(5);
    expectSameConversions(terms);
  });

  it('convert a spread of OpenCC’s own dictionary phrases as the full converters do', () => {
    const phrases = dictionaryPhrases(97);
    expect(phrases.length).toBeGreaterThan(300);
    expectSameConversions(phrases);
  });

  it('give a term its Simplified and Traditional forms through scriptVariants', () => {
    expect(scriptVariants('关税')).toEqual(expect.arrayContaining(['关税', '關稅', '關税']));
    expect(scriptVariants('稀土')).toEqual(['稀土']);
  });
});
