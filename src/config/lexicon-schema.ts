/**
 * The schema of config/lexicon.yaml: the change words that compose with a claim's movers (DESIGN.md
 * "Claims and statuses"). `up` words say there is more of a thing (rise, impose, 增长), `down` words less
 * (fall, defer, 暂停). English entries are lemmas ("rise" also finds rose, risen, rising: the matcher
 * lemmatizes) or phrases ("step up", "push back"); Chinese entries match as substrings in Simplified and
 * Traditional script. A word listed on both sides is an error: it could never decide anything.
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
    }),
  })
  .superRefine((file, ctx) => {
    const up = new Set(file.change.up.map((word) => word.toLowerCase()));
    for (const [index, word] of file.change.down.entries()) {
      if (up.has(word.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['change', 'down', index],
          message: `"${word}" is listed as both up and down`,
        });
      }
    }
  });

export type LexiconFile = z.infer<typeof lexiconFileSchema>;
