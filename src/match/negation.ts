/**
 * Negation: a signal preceded by a negation does not count as that signal ("no sign of shipments
 * resuming" is not progress); the term is reported in `negated` instead.
 *
 * English (Latin-script signals): a phrase from ENGLISH_NEGATIONS whose last token is at most
 * NEGATION_WINDOW_TOKENS tokens before the signal's first token ("did not [immediately] [fully] approve"),
 * in the same sentence and field. Phrases are matched as words after normalization, so "didn't" is the
 * phrase "didn t" and typographic apostrophes work. A phrase in NOT_NEGATIONS that starts where a
 * negation ends cancels it ("not only did shipments resume").
 *
 * Chinese (Han signals): a CHINESE_NEGATIONS entry ending at most NEGATION_WINDOW_CHARS Han characters
 * before the signal, with only Han characters in between (尚未恢复, 没有完全恢复). Words that start with a
 * negation character but do not negate (不断, 未来, 无论…) are masked first.
 */

/** Tokens allowed between an English negation and the signal it negates. */
export const NEGATION_WINDOW_TOKENS = 2;
/** Han characters allowed between a Chinese negation and the signal it negates. */
export const NEGATION_WINDOW_CHARS = 2;

export const ENGLISH_NEGATIONS: readonly string[] = [
  'not',
  'no',
  'never',
  'nor',
  'neither',
  'cannot',
  "can't",
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "won't",
  "wouldn't",
  "hasn't",
  "haven't",
  "hadn't",
  'no longer',
  'no sign of',
  'no sign that',
  'no signs of',
  'no signs that',
  'yet to',
  'has yet to',
  'have yet to',
  'fail to',
  'fails to',
  'failed to',
  'without',
  'deny',
  'denies',
  'denied',
  'rule out',
  'rules out',
  'ruled out',
  'unlikely to',
  'did not',
  'refuse to',
  'refuses to',
  'refused to',
  'lack of',
];

/** Phrases that begin with a negation word but do not negate what follows. */
export const NOT_NEGATIONS: readonly string[] = [
  'not only',
  'not just',
  'no doubt',
  'no wonder',
  'not least',
  'no matter',
];

export const CHINESE_NEGATIONS: readonly string[] = [
  '未',
  '没有',
  '沒有',
  '没',
  '沒',
  '尚未',
  '不',
  '并未',
  '並未',
  '无',
  '难以',
  '難以',
  '無',
  '并非',
  '並非',
  '别',
  '別',
];

/** Words that start with a negation character but are not negations. */
export const CHINESE_NOT_NEGATIONS: readonly string[] = [
  '不断',
  '不斷',
  '不仅',
  '不僅',
  '不但',
  '不少',
  '不久',
  '不过',
  '不過',
  '不光',
  '不得不',
  '不管',
  '不同',
  '未来',
  '未來',
  '无论',
  '無論',
  '无疑',
  '無疑',
  '无人机',
  '無人機',
  '无线',
  '無線',
  '别国',
  '別國',
];

const HAN_RUN_RE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*$/u;

/**
 * Whether the CJK signal starting at `start` in `text` is negated. Looks back over the Han characters just
 * before it (at most the longest negation plus the window, plus room to spot a masking word).
 */
export function isChineseNegated(text: string, start: number): boolean {
  const lookBack = 3 + NEGATION_WINDOW_CHARS + 2;
  const before = text.slice(Math.max(0, start - lookBack), start);
  // Only Han characters count: punctuation or a space ends the clause the negation could belong to.
  let run = HAN_RUN_RE.exec(before)?.[0] ?? '';
  if (run === '') return false;
  for (const word of CHINESE_NOT_NEGATIONS) {
    if (run.includes(word)) run = run.replaceAll(word, '\u0000'.repeat(word.length));
  }
  for (const negation of CHINESE_NEGATIONS) {
    const at = run.lastIndexOf(negation);
    if (at !== -1 && run.length - (at + negation.length) <= NEGATION_WINDOW_CHARS) return true;
  }
  return false;
}
