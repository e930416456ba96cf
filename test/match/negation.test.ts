import { describe, expect, it } from 'vitest';
import { isChineseNegated } from '../../src/match/negation.js';

/** Whether the signal written in brackets is negated: "尚未[恢复]出口". */
function negated(marked: string): boolean {
  const start = marked.indexOf('[');
  return isChineseNegated(marked.replace(/[[\]]/g, ''), start);
}

describe('isChineseNegated', () => {
  describe('when a negation stands just before the signal', () => {
    it.each([
      ['尚未恢复', '稀土出口尚未[恢复]'],
      ['沒有恢復 (Traditional)', '稀土出口沒有[恢復]'],
      ['并未 with one character between', '中方并未正式[批准]'],
      ['不 with two characters between', '美方不会再[取消]'],
      ['未能', '谈判未能[达成]协议'],
    ])('%s is negated', (_name, text) => {
      expect(negated(text)).toBe(true);
    });
  });

  describe('when no negation governs the signal', () => {
    it.each([
      ['no negation', '稀土出口[恢复]'],
      ['three characters between', '尚未有消息称[恢复]'],
      ['a comma between', '尚未公布，出口[恢复]'],
      ['不断 (continuously)', '出口不断[恢复]'],
      ['未来 (the future)', '未来[恢复]出口'],
      ['无人机 (drone)', '无人机[出口]'],
      ['at the start of the text', '[恢复]出口'],
    ])('%s is not negated', (_name, text) => {
      expect(negated(text)).toBe(false);
    });
  });
});
