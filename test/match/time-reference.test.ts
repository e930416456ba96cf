/**
 * A headline term that only dates the story (src/match/time-reference.ts): the story is about what
 * happened then, not about the event it is dated by.
 */
import { describe, expect, it } from 'vitest';
import { isTimeReference } from '../../src/match/time-reference.js';

/** Whether `term`'s first occurrence in the (normalized) headline only dates it. */
function dates(headline: string, term: string): boolean {
  const start = headline.indexOf(term);
  if (start === -1) throw new Error(`"${term}" is not in "${headline}"`);
  return isTimeReference(headline, start, start + term.length);
}

describe('isTimeReference', () => {
  it.each([
    ['after the event', 'china ends timber ban after the trump-xi meeting', 'trump-xi meeting'],
    ['after, inside a longer name', 'china ends timber ban after trump-xi meeting', 'xi meeting'],
    ['ahead of', 'soybean cargoes booked ahead of the busan summit', 'busan summit'],
    ['on the eve of', 'beijing opens a probe on the eve of madrid talks', 'madrid talks'],
    ['as it nears', "trump: tariff load 'not sustainable' as xi meeting nears", 'xi meeting'],
    ['前夕', '习特会前夕 中粮购入美国大豆', '习特会'],
    ['后', '川习会后中方再松绑', '川习会'],
    ['後 (Traditional)', '休戰後美企仍難取得稀土', '休戰'],
  ])('%s dates the story', (_name, headline, term) => {
    expect(dates(headline, term)).toBe(true);
  });

  it.each([
    ['the subject of the sentence', 'trump-xi meeting ends with a soybean deal', 'trump-xi meeting'],
    ['an object', 'us and china resume trade talks after a pause', 'trade talks'],
    ['前景 (prospects) is a word of its own', '中美会谈前景不明', '会谈'],
    ['后续 (follow-up) is a word of its own', '川习会后续磋商展开', '川习会'],
  ])('%s does not', (_name, headline, term) => {
    expect(dates(headline, term)).toBe(false);
  });
});
