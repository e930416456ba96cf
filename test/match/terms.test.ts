import { describe, expect, it } from 'vitest';
import { hitsIn } from './claims-table.js';

describe('compileMatcher term matching', () => {
  describe('when a Latin term is a plain word', () => {
    it.each([
      ['China exports more magnets', ['china'], ['china']],
      ["China's magnet exports", ['china'], ['china']],
      ['Chinaware auction in London', ['china'], []],
      ['Chinaware auction in London', ['china*'], ['china*']],
      ['Start of the art fair', ['art'], ['art']],
      ['Talks start in London', ['art'], []],
      ['CHINA EXPORTS SURGE', ['china'], ['china']],
      ['中国china出口', ['china'], ['china']],
    ])('"%s" with %j hits %j', (headline, terms, expected) => {
      expect(hitsIn(terms, headline)).toEqual(expected);
    });
  });

  describe('when a term uses wildcards', () => {
    it.each([
      ['Beijing grants export licences', ['licen?e*'], ['licen?e*']],
      ['Beijing grants export licenses', ['licen?e*'], ['licen?e*']],
      ['Licensing delays persist', ['licen?e*'], []],
      ['Magnets shipped at last', ['magnet*'], ['magnet*']],
      ['Magnetic levitation trains', ['magnet*'], ['magnet*']],
      ['Shipments resume to Detroit', ['shipments resum*'], ['shipments resum*']],
      ['Shipments to resume soon', ['shipments resum*'], []],
    ])('"%s" with %j hits %j', (headline, terms, expected) => {
      expect(hitsIn(terms, headline)).toEqual(expected);
    });
  });

  describe('when a phrase meets hyphens, case and line breaks', () => {
    it.each([
      ['Rare-earth magnets', ['rare earth*'], ['rare earth*']],
      ['RARE EARTHS', ['rare-earth*'], ['rare-earth*']],
      ['Rare\n  earth exports', ['rare earth*'], ['rare earth*']],
      ['Rare – earth', ['rare earth*'], ['rare earth*']],
      ['Rare. Earth shaking news', ['rare earth*'], []],
      ['Rare metals and earth movers', ['rare earth*'], []],
    ])('"%s" with %j hits %j', (headline, terms, expected) => {
      expect(hitsIn(terms, headline)).toEqual(expected);
    });
  });

  describe('when a term names the U.S.', () => {
    it.each([
      ['U.S. welcomes students', ['united states'], ['united states']],
      ['US welcomes students', ['U.S.'], ['U.S.']],
      ['Let us welcome students', ['united states'], []],
      ['U.S.-China talks resume', ['US-China'], ['US-China']],
    ])('"%s" with %j hits %j', (headline, terms, expected) => {
      expect(hitsIn(terms, headline)).toEqual(expected);
    });
  });

  describe('when a term is Chinese', () => {
    it.each([
      ['a substring inside a longer run', '中国稀土出口恢复', ['稀土出口'], ['稀土出口']],
      ['Traditional text, Simplified term', '中美貿易談判重啟', ['中美贸易'], ['中美贸易']],
      ['Traditional students', '美國歡迎中國留學生', ['留学生'], ['留学生']],
      ['Taiwan Traditional tariffs', '美國調降關稅', ['关税'], ['关税']],
      ['Hong Kong Traditional tariffs', '美國調降關税', ['关税'], ['关税']],
      ['Simplified text, Traditional term', '中美贸易谈判', ['中美貿易'], ['中美貿易']],
      ['full-width digits', 'Ｇ２０峰会', ['g20峰会'], ['g20峰会']],
      ['no match', '日本稀有金属', ['稀土'], []],
    ])('%s hits', (_name, text, terms, expected) => {
      expect(hitsIn(terms, text)).toEqual(expected);
    });
  });

  describe('when several terms hit', () => {
    it('lists them in config order, once each', () => {
      expect(
        hitsIn(['magnet*', 'rare earth*', 'rare-earth*'], 'Magnets: rare earths, rare-earth magnets'),
      ).toEqual(['magnet*', 'rare earth*', 'rare-earth*']);
    });
  });
});
