/**
 * The schema of config/lexicon.yaml: the change words that compose with a claim's movers (DESIGN.md
 * "Claims and statuses"). `up` words say there is more of a thing (rise, impose, 增长), `down` words less
 * (fall, defer, 暂停). `loosen` and `tighten` words mean less or more restriction whatever they touch
 * (放宽出口 is more exports, 放宽管制 fewer controls). English entries are lemmas ("rise" also finds rose, risen, rising: the matcher
 * lemmatizes) or phrases ("step up", "push back"); Chinese entries match as substrings in Simplified and
 * Traditional script. A word listed twice, or in two lists, is an error.
 */
import { z } from 'zod';
import { validateTerm } from '../match/index.js';

const changeWord = z.string().superRefine((word, ctx) => {
  if (/[*?]/.test(word)) {
    ctx.addIssue({ code: 'custom', message: 'change words are lemmas: no wildcards ("rise" finds "rose")' });
    return;
  }
  const problem = validateTerm(word);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const lexiconFileSchema = z
  .strictObject({
    change: z.strictObject({
      up: z.array(changeWord).default([]).describe('More of the mover: rise, impose, approve, 增长, 批准.'),
      down: z.array(changeWord).default([]).describe('Less of the mover: fall, defer, lift, 下降, 暂停.'),
      loosen: z
        .array(changeWord)
        .default([])
        .describe(
          'Less restriction, whatever the mover: 放宽 exports = more exports, 放宽 curbs = fewer curbs.',
        ),
      tighten: z
        .array(changeWord)
        .default([])
        .describe(
          'More restriction, whatever the mover: 收紧 exports = fewer exports, 收紧 curbs = more curbs.',
        ),
    }),
  })
  .superRefine((file, ctx) => {
    const firstList = new Map<string, string>();
    for (const list of ['up', 'down', 'loosen', 'tighten'] as const) {
      for (const [index, word] of file.change[list].entries()) {
        const key = word.trim().toLowerCase();
        const first = firstList.get(key);
        if (first === undefined) {
          firstList.set(key, list);
          continue;
        }
        ctx.addIssue({
          code: 'custom',
          path: ['change', list, index],
          message:
            first === list ? `"${word}" is listed twice` : `"${word}" is listed in both ${first} and ${list}`,
        });
      }
    }
  });

export type LexiconFile = z.infer<typeof lexiconFileSchema>;
