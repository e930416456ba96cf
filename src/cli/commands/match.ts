/**
 * `policy-watch match [--json] INPUT...`: parse each input and match every item against the claims. With
 * --json, one line per item (matches [] when none) and error lines as in `parse`. A configured feed's
 * `claims` list and `source` apply when the input is that feed's URL, as they would in the daemon.
 */
import type { PolicyWatchConfig, ResolvedFeed } from '../../config/load.js';
import { type FeedItem, itemSource } from '../../feeds/index.js';
import { compileMatcher } from '../../match/index.js';
import type { ClaimMatch } from '../../match/types.js';
import { feedMatches } from '../../pipeline/evidence-for.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { type InputLimits, loadInput } from '../load-input.js';
import { formatTable } from '../table.js';
import { errorLine, humanError } from './parse.js';

export interface MatchCommandOptions {
  json: boolean;
  limits: InputLimits;
}

interface MatchedItem {
  item: FeedItem;
  source: string;
  matches: ClaimMatch[];
}

function configuredFeed(config: PolicyWatchConfig, input: string): ResolvedFeed | undefined {
  return config.feeds.find((feed) => feed.url === input);
}

function printHuman(input: string, results: MatchedItem[], io: CliIo): void {
  const matched = results.filter((result) => result.matches.length > 0);
  io.out(`${input}: ${results.length} items, ${matched.length} matched`);
  const rows = matched.flatMap((result) => result.matches.map((match) => ({ result, match })));
  if (rows.length === 0) return;
  const table = formatTable(rows, [
    { header: 'CLAIM', value: ({ match }) => match.claim },
    { header: 'DIRECTION', value: ({ match }) => match.direction },
    { header: 'SCORE', value: ({ match }) => String(match.score) },
    { header: 'SOURCE', value: ({ result }) => result.source, maxWidth: 24 },
    { header: 'TITLE', value: ({ result }) => result.item.title ?? '(untitled)', maxWidth: 64 },
    { header: 'TERMS', value: ({ match }) => match.terms.join(', '), maxWidth: 60, keep: 'end' },
  ]);
  for (const row of table) io.out(`  ${row}`);
}

export async function matchCommand(
  inputs: string[],
  config: PolicyWatchConfig,
  options: MatchCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const matcher = compileMatcher(config.claims, config.lexicon);
  let failed = false;
  for (const input of inputs) {
    try {
      const { feed } = await loadInput(input, options.limits);
      const feedConfig = configuredFeed(config, input);
      const results = feed.items.map((item) => ({
        item,
        source: itemSource(item, feedConfig ?? {}, feed.title),
        matches: feedMatches(item, matcher, feedConfig?.claims),
      }));
      if (!options.json) {
        printHuman(input, results, io);
        continue;
      }
      for (const { item, source, matches } of results) {
        const itemJson = {
          id: item.id,
          title: item.title ?? null,
          link: item.link ?? null,
          published: item.published ?? null,
          source,
        };
        const matchJson = matches.map(({ claim, direction, score, terms }) => ({
          claim,
          direction,
          score,
          terms,
        }));
        io.out(JSON.stringify({ input, item: itemJson, matches: matchJson }));
      }
    } catch (thrown) {
      failed = true;
      if (options.json) io.out(JSON.stringify(errorLine(input, thrown)));
      else io.err(humanError(input, thrown));
    }
  }
  return failed ? EXIT.inputFailed : EXIT.ok;
}
