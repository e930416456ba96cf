/**
 * A deterministic news-like corpus for the benchmarks: the same seed gives the same items on every machine.
 * ~90 % general news (markets, sport, weather, politics elsewhere), ~10 % US–China items built from the
 * phrases the default claims look for, a fifth of those in Chinese (Simplified or Traditional). About a
 * third of the summaries carry HTML markup and entities, as feed descriptions do.
 */

export interface CorpusItem {
  title: string;
  summary: string;
}

/** mulberry32: a tiny, fast, seedable PRNG; quality is irrelevant here, repeatability is not. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = [
  'The central bank',
  'Local officials',
  'The city council',
  'Shareholders',
  'The company',
  'Scientists',
  'The coach',
  'Farmers',
  'Investors',
  'The ministry',
  'Union leaders',
  'Researchers',
];
const VERBS = [
  'announced',
  'rejected',
  'welcomed',
  'criticised',
  'postponed',
  'approved',
  'reviewed',
  'questioned',
  'expanded',
  'delayed',
  'celebrated',
  'outlined',
];
const OBJECTS = [
  'a new budget',
  'the stadium plan',
  'quarterly results',
  'the merger',
  'flood defences',
  'a vaccine trial',
  'the transfer',
  'crop insurance',
  'interest rates',
  'the wage deal',
  'a climate study',
  'the rail strike',
  'housing rules',
  'the film festival',
  'battery recycling',
  'steel prices',
  'the soybean harvest',
  'a lithium mine',
  'drone deliveries',
  'crude oil output',
  'a cyber attack',
];
const PLACES = [
  'in Berlin',
  'in Lagos',
  'in Ohio',
  'in São Paulo',
  'in Mumbai',
  'in Sydney',
  'in Madrid',
  'in Toronto',
  'after talks in Paris',
  'in the U.K.',
  'across the EU',
  'in Nairobi',
  'in Beijing',
  'in Washington',
];
const TAILS = [
  'on Tuesday',
  'amid rising costs',
  'despite protests',
  'as markets closed',
  'for 2026',
  'after a long debate',
  '“for now”',
  'in a surprise move',
  '— sources say',
  'by a narrow margin',
];

const US_CHINA_TITLES = [
  'China approves rare earth export licences for US automakers',
  'No sign of rare earth shipments resuming, US magnet buyers say',
  'Ford halts production as China rare-earth magnet shortage bites',
  'US and China agree on framework after trade talks in London',
  'Trade talks between Beijing and Washington stall over chips',
  'Harvard welcomes Chinese students as State Department resumes visa interviews',
  'US revokes visas of Chinese students, Rubio says',
  'Trump says he will visit Beijing after Xi accepts invitation',
  'China extends tariff truce with the U.S. for 90 days',
  'Washington adds Chinese chip firms to the Entity List',
  'Nvidia to resume H20 chip sales to China after US approval',
  'China has yet to approve licences for rare earth magnets',
];
const US_CHINA_ZH = [
  '中国商务部批准部分稀土出口许可申请',
  '中美经贸磋商达成原则共识',
  '美國宣布吊銷部分中國留學生簽證',
  '稀土出口尚未恢复正常，美国车企面临短缺',
  '中美貿易談判陷入僵局',
  '特朗普称将访华，习近平发出邀请',
];
const US_CHINA_BODIES = [
  'Beijing has approved export licences for rare earth magnets to suppliers of the largest U.S. carmakers.',
  'Commerce Secretary Howard Lutnick said the two sides agreed on a framework after two days of talks.',
  'Manufacturers say Chinese export licences are slow and shortages persist across the supply chain.',
  'The State Department said visa interviews for Chinese students would resume next week.',
  'The Commerce Department said new export controls on chips would take effect at once.',
  'China&#8217;s commerce ministry said it would keep the 10% tariff while talks continue.',
];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function generalSentence(random: () => number): string {
  return `${pick(random, SUBJECTS)} ${pick(random, VERBS)} ${pick(random, OBJECTS)} ${pick(random, PLACES)} ${pick(random, TAILS)}.`;
}

function withMarkup(random: () => number, text: string): string {
  if (random() > 0.33) return text;
  const sentences = text.split(/(?<=\.) /);
  return sentences
    .map(
      (s) =>
        `<p>${s.replace(/ (\w+) /, ' <b>$1</b> ')} <a href="https://example.com/${Math.floor(random() * 1e6)}">more&nbsp;&raquo;</a></p>`,
    )
    .join('');
}

export function generateCorpus(count: number, seed = 20250605): CorpusItem[] {
  const random = prng(seed);
  const items: CorpusItem[] = [];
  for (let i = 0; i < count; i++) {
    const sentences = 1 + Math.floor(random() * 3);
    const roll = random();
    let title: string;
    const parts: string[] = [];
    if (roll < 0.02) {
      title = pick(random, US_CHINA_ZH);
      parts.push(pick(random, US_CHINA_ZH), `${pick(random, US_CHINA_ZH)}。`);
    } else if (roll < 0.1) {
      title = pick(random, US_CHINA_TITLES);
      parts.push(pick(random, US_CHINA_BODIES));
      for (let s = 1; s < sentences; s++) parts.push(generalSentence(random));
    } else {
      title = generalSentence(random).slice(0, -1);
      for (let s = 0; s < sentences; s++) parts.push(generalSentence(random));
    }
    items.push({ title, summary: withMarkup(random, parts.join(' ')) });
  }
  return items;
}
