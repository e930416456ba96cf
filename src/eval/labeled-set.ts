/**
 * The labeled set `policy-watch eval` scores against (DESIGN.md "Claims and statuses"): JSON lines of real
 * published stories, each `{id, lang, headline, summary?, source, url, date, split, labels}`. The first
 * label names the claim the story is mainly about; no labels means the story is off-topic (a look-alike).
 *
 * `parseLabeledSet` reads the text and returns every story, or throws one CONFIG_INVALID error that lists
 * every bad line (line number and what is wrong), so a broken set is fixed in one pass.
 */
import { z } from 'zod';
import { PolicyWatchError } from '../errors.js';

const directionSchema = z.enum(['progress', 'setback', 'neutral', 'confirms', 'refutes']);

export const labeledStorySchema = z.strictObject({
  id: z.string().min(1),
  lang: z.enum(['en', 'zh']),
  /** Writing system: Latn, Hans (Simplified) or Hant (Traditional). */
  script: z.enum(['Latn', 'Hans', 'Hant']).optional(),
  headline: z.string().min(1),
  summary: z.string().optional(),
  source: z.string().min(1),
  url: z.url(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  /** dev: may be looked at while tuning; holdout: fixed before tuning, reported apart. */
  split: z.enum(['dev', 'holdout']),
  labels: z.array(z.strictObject({ claim: z.string().min(1), direction: directionSchema })),
});

export type LabeledStory = z.infer<typeof labeledStorySchema>;
export type LabeledDirection = z.infer<typeof directionSchema>;

export function parseLabeledSet(text: string, file: string): LabeledStory[] {
  const stories: LabeledStory[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      problems.push(`line ${index + 1}: not valid JSON`);
      continue;
    }
    const parsed = labeledStorySchema.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      problems.push(`line ${index + 1}: ${first?.path.join('.') || '(line)'}: ${first?.message}`);
      continue;
    }
    if (seen.has(parsed.data.id)) problems.push(`line ${index + 1}: duplicate id "${parsed.data.id}"`);
    seen.add(parsed.data.id);
    stories.push(parsed.data);
  }
  if (problems.length > 0) {
    throw new PolicyWatchError('CONFIG_INVALID', `${file}: ${problems.join('; ')}`, { file });
  }
  return stories;
}

/** Claim ids the set names that the claims being scored do not have: a mislabeled set, not a miss. */
export function unknownClaims(stories: readonly LabeledStory[], claimIds: ReadonlySet<string>): string[] {
  const unknown = new Set<string>();
  for (const story of stories)
    for (const { claim } of story.labels) if (!claimIds.has(claim)) unknown.add(claim);
  return [...unknown].sort();
}
