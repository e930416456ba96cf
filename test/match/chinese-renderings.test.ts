/**
 * Chinese as mainland, Hong Kong and Taiwan outlets write it, against the default claims
 * (config/claims.yaml and config/lexicon.yaml): names transliterate differently (川普 / 特朗普,
 * 輝達 / 英偉達 / 英伟达), Taiwan writes 晶片 where the mainland writes 芯片, 陸生 for mainland students,
 * 訪華 / 訪陸 for visits, 習特會 / 川習會 for the leaders' meeting, and 陸 / 對陸 / 輸陸 for the mainland.
 * Headlines here are our own, written in each region's usage.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { compileMatcher } from '../../src/match/index.js';

const config = loadConfig(path.resolve('config'));
const matcher = compileMatcher(config.claims, config.lexicon);

function topMatch(title: string): string {
  const [top] = matcher.match({ title });
  return top ? `${top.claim} ${top.direction}` : 'no match';
}

describe('the default claims on Chinese headlines', () => {
  describe('when a Taiwan outlet writes', () => {
    it.each([
      ['川普 and 訪問北京', '川普宣布明年4月訪問北京 習近平年底回訪美國', 'leader-visits progress'],
      ['輝達, 晶片, 銷陸 and 獲准', '輝達H20晶片獲准銷陸 美商務部開始發放許可', 'tech-controls progress'],
      ['留學生 alone is any international student', '美國H-1B新規：F-1留學生轉簽免繳10萬美元', 'no match'],
      ['休兵 for the truce', '美中關稅休兵再延長90天', 'tariff-truce progress'],
      ['關鍵礦物 for critical minerals', '北京收緊關鍵礦物出口 美軍工供應吃緊', 'rare-earths setback'],
      ['陸生 and 撤銷', '陸生赴美簽證遭撤銷 大陸外交部提出交涉', 'chinese-students setback'],
      ['陸 for the mainland, 輸美 and 回升', '陸稀土磁鐵出口大增 輸美回升', 'rare-earths progress'],
      ['對陸 and 暫停加徵', '美國暫停對陸加徵關稅90天 休戰延長', 'tariff-truce progress'],
      ['川習會', '川習會前夕 美中經貿磋商達成初步共識', 'trade-talks progress'],
      [
        '停產 (halt production) a chip sold to China',
        '輝達通知供應商停產H20 對陸銷售無望',
        'tech-controls setback',
      ],
    ])('%s', (_name, title, expected) => {
      expect(topMatch(title)).toBe(expected);
    });
  });

  describe('when a Hong Kong outlet writes', () => {
    it.each([
      ['英偉達, 芯片 and 收緊', '英偉達芯片對華出口再遭收緊', 'tech-controls setback'],
      ['特朗普 and 習特會', '習特會在釜山登場 特朗普稱中美經貿磋商達成共識', 'trade-talks progress'],
      ['內地 rare earths, 放寬 (loosen)', '中國放寬稀土出口管制 對美出貨恢復', 'rare-earths progress'],
    ])('%s', (_name, title, expected) => {
      expect(topMatch(title)).toBe(expected);
    });
  });

  describe('when a mainland outlet writes', () => {
    it.each([
      ['英伟达 and 芯片', '美方批准英伟达H20芯片对华销售', 'tech-controls progress'],
      ['中国留学生 and 吊销', '美方吊销中国留学生签证 外交部：坚决反对', 'chinese-students setback'],
      ['尚未 negates the change', '美方尚未恢复中国留学生签证面谈', 'chinese-students neutral'],
      ['下降两成 reads a number as change', '中国稀土出口美国下降两成', 'rare-earths setback'],
      ['加税 is a tariff', '特朗普扬言对中国加税 北京誓言反制', 'tariff-truce setback'],
      ['暂缓期 再延 extends the pause', '美国对华关税暂缓期再延90天', 'tariff-truce progress'],
      ['a student from China named apart', '中国籍博士生入境美国遭盘问后被遣返', 'chinese-students setback'],
      ['续谈 is talks held', '美方代表团下周赴京与中方续谈', 'trade-talks progress'],
      ['学者 is not a student', '美国学者警告中国收紧稀土出口', 'rare-earths setback'],
      ['稀土新规 deferred', '中国稀土出口新规暂缓一年实施', 'rare-earths progress'],
    ])('%s', (_name, title, expected) => {
      expect(topMatch(title)).toBe(expected);
    });
  });
});
