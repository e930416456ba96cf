/**
 * `policy-watch eval FILE [--json] [--split S] [--min-claim F] [--min-direction F] [--max-lookalike F]`:
 * scores the claims against a labeled set of real published stories (src/eval/labeled-set.ts). Each story
 * is matched as an item whose title is the headline and whose body is the summary. Figures are printed for
 * the whole set and for its dev and holdout parts apart (the holdout part was fixed before any tuning:
 * its figures are the honest ones), per language.
 *
 * Floors (`0.9`, or per language `en=0.92,zh=0.88`) apply to the chosen split (default all); any figure
 * below its floor, or look-alikes matched above the ceiling, exits 1 after the report. No Redis needed.
 */
import { readFileSync } from 'node:fs';
import type { PolicyWatchConfig } from '../../config/load.js';
import { type LabeledStory, parseLabeledSet, unknownClaims } from '../../eval/labeled-set.js';
import { claimRows, confusionRows, figureRows, missLines, percent } from '../../eval/report.js';
import { type EvalReport, type Ratio, scoreStories } from '../../eval/score.js';
import { compileMatcher } from '../../match/index.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';

export type Split = 'all' | 'dev' | 'holdout';

/** A floor for every language (`default`) or per language. */
export interface Floor {
  default?: number;
  byLang: Record<string, number>;
}

export interface EvalCommandOptions {
  json: boolean;
  split: Split;
  minClaim?: Floor;
  minDirection?: Floor;
  maxLookalike?: number;
}

/** Parses `0.9` or `en=0.92,zh=0.88`; undefined when the text is not a floor. */
export function parseFloor(text: string): Floor | undefined {
  const floor: Floor = { byLang: {} };
  for (const part of text.split(',')) {
    const [left, right] = part.includes('=') ? part.split('=') : [undefined, part];
    const value = Number(right);
    if (right === undefined || right.trim() === '' || !(value >= 0 && value <= 1)) return undefined;
    if (left === undefined) floor.default = value;
    else floor.byLang[left.trim()] = value;
  }
  return floor;
}

function storiesOf(stories: LabeledStory[], split: Split): LabeledStory[] {
  return split === 'all' ? stories : stories.filter((story) => story.split === split);
}

function belowFloors(report: EvalReport, options: EvalCommandOptions): string[] {
  const failures: string[] = [];
  const check = (name: string, lang: string, ratio: Ratio, floor: Floor | undefined) => {
    const min = floor?.byLang[lang] ?? floor?.default;
    if (min === undefined || ratio.value === null || ratio.value >= min) return;
    failures.push(`${lang} ${name} ${percent(ratio)} is below the floor ${min}`);
  };
  for (const [lang, figures] of Object.entries(report.byLang)) {
    check('top-claim accuracy', lang, figures.topClaim, options.minClaim);
    check('direction accuracy', lang, figures.direction, options.minDirection);
  }
  const lookalikes = report.all.lookalikesMatched;
  if (
    options.maxLookalike !== undefined &&
    lookalikes.value !== null &&
    lookalikes.value > options.maxLookalike
  ) {
    failures.push(`look-alikes matched ${percent(lookalikes)} is above the ceiling ${options.maxLookalike}`);
  }
  return failures;
}

function printHuman(file: string, reports: Record<string, EvalReport>, chosen: EvalReport, io: CliIo): void {
  io.out(`${file}`);
  for (const line of figureRows(reports)) io.out(`  ${line}`);
  io.out('');
  for (const line of claimRows(chosen)) io.out(`  ${line}`);
  io.out('');
  for (const line of confusionRows(chosen)) io.out(`  ${line}`);
  io.out('');
  io.out(`${chosen.misses.length} misses:`);
  for (const miss of chosen.misses) for (const line of missLines(miss)) io.out(`  ${line}`);
}

export function evalCommand(
  file: string,
  config: PolicyWatchConfig,
  options: EvalCommandOptions,
  io: CliIo,
): ExitCode {
  let stories: LabeledStory[];
  try {
    stories = parseLabeledSet(readFileSync(file, 'utf8'), file);
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    io.err(`policy-watch eval: ${code === 'ENOENT' ? `${file}: file not found` : (thrown as Error).message}`);
    return EXIT.usage;
  }
  const claimIds = config.claims.map((claim) => claim.id);
  const unknown = unknownClaims(stories, new Set(claimIds));
  if (unknown.length > 0) {
    io.err(`policy-watch eval: ${file} labels claims that are not configured: ${unknown.join(', ')}`);
    return EXIT.usage;
  }
  const matcher = compileMatcher(config.claims, config.lexicon);
  const scored = stories.map((story) => ({
    story,
    matches: matcher.match({ title: story.headline, body: story.summary }),
  }));
  const reports: Record<string, EvalReport> = {};
  for (const split of ['all', 'dev', 'holdout'] as const) {
    const part = new Set(storiesOf(stories, split));
    if (part.size > 0)
      reports[split] = scoreStories(
        scored.filter((entry) => part.has(entry.story)),
        claimIds,
      );
  }
  const chosen = reports[options.split];
  if (!chosen) {
    io.err(`policy-watch eval: ${file} has no stories in the ${options.split} split`);
    return EXIT.usage;
  }
  if (options.json) io.out(JSON.stringify({ file, split: options.split, reports }));
  else printHuman(file, reports, chosen, io);
  const failures = belowFloors(chosen, options);
  for (const failure of failures) io.err(`policy-watch eval: ${failure}`);
  return failures.length > 0 ? EXIT.inputFailed : EXIT.ok;
}
