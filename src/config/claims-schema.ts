/**
 * The schema of config/claims.yaml: the single source of its defaults and of what each option means.
 * Unknown keys are errors (strict objects): a typo such as `stale_afer_days` must not pass silently.
 */
import { z } from 'zod';
import { validateTerm } from '../match/index.js';

/** A term in the DESIGN.md syntax; its syntax errors come from the matcher that will compile it. */
export const termSchema = z.string().superRefine((term, ctx) => {
  const problem = validateTerm(term);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const termList = z.array(termSchema);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a real calendar date');

export const claimSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'ids use lower-case letters, digits and hyphens only'),
  title: z.string().min(1).describe('One line naming what was promised or claimed.'),
  question: z.string().min(1).describe('The open question the claim leaves, as a reader would ask it.'),
  origin: z
    .strictObject({
      quote: z.string().min(1),
      speaker: z.string().min(1),
      date: isoDate,
      /** Where the quote was published, when a link helps the reader. */
      url: z.url().optional(),
    })
    .describe('Where the claim comes from.'),
  topic: z
    .array(termList.min(1, 'a topic group needs at least one term'))
    .min(1, 'a claim needs at least one topic group')
    .describe('AND of ORs: an item is about the claim when every group has a hit.'),
  also_about: z
    .array(z.array(termList.min(1, 'a topic group needs at least one term')).min(1, 'a topic needs a group'))
    .default([])
    .describe('Other topics an item may be about instead of `topic`, each an AND of ORs like it.'),
  exclude: termList.default([]).describe('Any hit drops the item for this claim.'),
  movers: z
    .strictObject({
      more_is_progress: termList.default([]).describe('Things the claim wants more of: exports, licences.'),
      more_is_setback: termList.default([]).describe('Things the claim wants less of: curbs, bans.'),
    })
    .default({ more_is_progress: [], more_is_setback: [] })
    .describe('What the claim is about moving; a change word in the same clause tells which way.'),
  elsewhere: termList
    .default([])
    .describe(
      'Other parties (countries, companies): a clause naming one counts a quarter for the direction.',
    ),
  signals: z
    .strictObject({
      progress: termList.default([]),
      setback: termList.default([]),
      confirms: termList.default([]).describe('Resolution evidence: yes.'),
      refutes: termList.default([]).describe('Resolution evidence: no.'),
    })
    .default({ progress: [], setback: [], confirms: [], refutes: [] })
    .describe('Outcomes that point one way by themselves; they win over movers.'),
  window_days: z
    .int()
    .positive()
    .default(30)
    .describe('Evidence older than this no longer counts for a lean.'),
  stale_after_days: z
    .int()
    .positive()
    .default(21)
    .describe('No evidence for this long makes the claim quiet.'),
  min_sources: z.int().positive().default(2).describe('Distinct sources needed before a status leans.'),
  settle_seconds: z
    .int()
    .min(1)
    .max(86_400)
    .default(60)
    .describe(
      'A burst of evidence is judged once, after it settles: the status is derived at most once per this many seconds.',
    ),
});

export const claimsFileSchema = z.strictObject({
  claims: z.array(claimSchema).min(1, 'at least one claim is needed'),
});

export type ClaimConfig = z.infer<typeof claimSchema>;
export type ClaimsFile = z.infer<typeof claimsFileSchema>;
