/**
 * The fixed words of composition that are grammar rather than claim data: which words open a clause that
 * gives background (its change counts half: "after months of curbs, China approves licences" is about the
 * approval) or a contrast (counts more: "…but now says students are welcome"), and which change words are
 * attributive modifiers ("new curbs", "more licences"): those only decide a clause that has no verb-like
 * change word of its own ("Beijing defers its new curbs" is decided by "defers").
 */

export type ClauseRole = 'main' | 'background' | 'contrast';

export const CLAUSE_WEIGHT: Readonly<Record<ClauseRole, number>> = {
  main: 1,
  background: 0.5,
  contrast: 1.5,
};

/** A headline carries more of a story's lean than its summary. */
export const TITLE_WEIGHT = 2;

export const BACKGROUND_MARKERS: readonly string[] = [
  'after',
  'although',
  'though',
  'despite',
  'following',
  'since',
  'which',
  'who',
  'once',
  'amid',
  'earlier',
  'previously',
  'if',
  'unless',
  'until',
  'before',
  'even as',
  'having',
  'months after',
  'weeks after',
  'days after',
];

export const CONTRAST_MARKERS: readonly string[] = ['but', 'yet', 'however', 'now', 'instead'];

/** Words that join two facts of equal standing: they end a clause but weigh neither side. */
export const CLAUSE_JOINERS: readonly string[] = ['while', 'whereas', 'as well as', '同时', '同時'];

export const CHINESE_BACKGROUND_MARKERS: readonly string[] = [
  '此前',
  '之前',
  '先前',
  '早前',
  '虽然',
  '雖然',
  '尽管',
  '儘管',
  '在此之前',
  '曾经',
  '曾經',
  '如果',
  '若',
];

export const CHINESE_CONTRAST_MARKERS: readonly string[] = [
  '但',
  '但是',
  '然而',
  '不过',
  '不過',
  '却',
  '卻',
  '如今',
  '现在',
  '現在',
  '转而',
  '轉而',
];

/** Change-word lemmas that, right before a mover, describe it rather than change it. */
export const MODIFIER_LEMMAS: ReadonlySet<string> = new Set([
  'new',
  'fresh',
  'more',
  'further',
  'additional',
  'extra',
  'tight',
  'strict',
  'tough',
  'broad',
  'wide',
  'high',
  'low',
  'few',
  'less',
  'light',
  'deep',
  'sweeping',
]);

/** Characters that end a clause inside a sentence (a spaced dash "-" is handled apart: hyphens are not). */
export const CLAUSE_PUNCTUATION_CHARS: readonly string[] = [',', '(', ')', '[', ']', '，', '（', '）'];
/** Characters that end a statement: the clauses on either side share no mover. */
export const STRONG_PUNCTUATION_CHARS: readonly string[] = [';', ':', '；', '：', '|', '｜'];

/** A clause about another party ("exports to Japan rose") says little about this claim. */
export const ELSEWHERE_WEIGHT = 0.25;

/** A mover borrowed from another clause is a guess: its vote counts this much. */
export const BORROWED_WEIGHT = 0.5;

/**
 * Change-word lemmas of intention (plan, threaten, vow…): "more of" what follows, but weaker than an actual
 * change. They decide a clause only when it has no other change word, and they pass their sign on to a
 * change word they govern ("threatens to raise tariffs", "agrees to cut tariffs").
 */
export const INTENT_LEMMAS: ReadonlySet<string> = new Set([
  'plan',
  'schedule',
  'announce',
  'propose',
  'vow',
  'pledge',
  'promise',
  'agree',
  'accept',
  'invite',
  'prepare',
  'consider',
  'weigh',
  'threaten',
  'warn',
  'seek',
  'expect',
  'want',
  'urge',
  'predict',
  '计划',
  '拟',
  '研拟',
  '考虑',
  '威胁',
  '扬言',
  '同意',
  '承诺',
  '准备',
  '邀请',
  '宣布',
]);

/**
 * Phrases in which a change word is not a change: "a cut of the revenue" is a share, "this fall" a season,
 * "high-end batteries" and "end users" name things.
 * A change word inside one is ignored.
 */
export const NOT_CHANGES: readonly string[] = [
  'a cut of',
  'cut of',
  'this fall',
  'last fall',
  'next fall',
  'in the fall',
  'fall semester',
  'fall term',
  'high end',
  'low end',
  'end user',
  'end users',
  'end use',
  'end uses',
  'year end',
  'the end of',
  'end of the year',
  'at the end',
  'push back against',
];

/** A change word right after one of these is about a market price ("Nvidia shares fell"), not the mover. */
export const MARKET_WORDS: ReadonlySet<string> = new Set([
  'share',
  'shares',
  'stock',
  'stocks',
  'index',
  'price',
]);

/** Chinese single characters of change that count when a number follows (输美减11%, 年增15%). */
export const CHINESE_NUMBER_CHANGES: Readonly<Record<string, 1 | -1>> = {
  增: 1,
  升: 1,
  涨: 1,
  漲: 1,
  减: -1,
  減: -1,
  降: -1,
  跌: -1,
};
