/**
 * Whether a term in a headline only says *when*: "China reinstates soy licences after Trump–Xi meeting",
 * "Trump: tariff load 'not sustainable' as Xi meeting nears", "习特会前夕 中粮购入美国大豆", "川习会后中方再松绑".
 * The story is about what happened then, not about the event it is dated by, so such a term does not count
 * as the headline naming the claim's subject (verdict.ts, rule 8).
 *
 * Text is normalized (lower case, one space); `start`/`end` are the term's UTF-16 offsets in it.
 */

/**
 * English words right before the term that date the story by it ("after the", "on the eve of"), with up to
 * two words between for a term inside a longer name ("after Trump-Xi meeting" dates by "Xi meeting" too).
 */
const DATED_BY =
  /(?:^|[\s,;:])(?:after|before|ahead of|following|on the eve of|in the run-up to|in the wake of)(?: the| a| this| next| last)?\s(?:[\p{L}\p{N}]+[-\s]){0,2}$/u;
/** English words right after it that say it is coming ("as Xi meeting nears"). */
const COMING = /^\s(?:nears|looms|approaches)\b/;
/**
 * Chinese right after it: 前夕 (on the eve of), 前 / 之前 (before), 后 / 後 / 之后 (after). Not 前景 (prospects),
 * 前途, 前提, 后续 (follow-up) and the like, which are words of their own.
 */
const CHINESE_DATED = /^(?:前夕|之前|之后|之後|前(?![景途提进進线線沿])|后(?![续續])|後(?![续續]))/;

export function isTimeReference(text: string, start: number, end: number): boolean {
  const after = text.slice(end, end + 8);
  if (CHINESE_DATED.test(after) || COMING.test(after)) return true;
  return DATED_BY.test(text.slice(Math.max(0, start - 24), start));
}
