/**
 * `policy-watch parse [--json] INPUT...`: read each input and print what the normalizer made of it. With
 * --json, one line per input (DESIGN.md shape; absent values are null so every line has the same keys).
 * Exit 1 when any input failed; the others are still printed.
 */
import { toPolicyWatchError } from '../../errors.js';
import type { FeedItem } from '../../feeds/index.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { type InputLimits, loadInput } from '../load-input.js';
import { formatTable } from '../table.js';

export interface ParseCommandOptions {
  json: boolean;
  limits: InputLimits;
}

export function itemJson(item: FeedItem) {
  return {
    id: item.id,
    title: item.title ?? null,
    link: item.link ?? null,
    published: item.published ?? null,
    updated: item.updated ?? null,
    summary: item.summary ?? null,
    content: item.content ?? null,
    author: item.author ?? null,
    categories: item.categories,
  };
}

export function errorLine(input: string, thrown: unknown) {
  const error = toPolicyWatchError(thrown);
  return { input, error: { code: error.code, message: error.message } };
}

export function humanError(input: string, thrown: unknown): string {
  const error = toPolicyWatchError(thrown);
  return `policy-watch: ${input}: ${error.message} [${error.code}]`;
}

export async function parseCommand(
  inputs: string[],
  options: ParseCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  let failed = false;
  for (const input of inputs) {
    try {
      const { feed } = await loadInput(input, options.limits);
      if (options.json) {
        const feedJson = { title: feed.title ?? null, link: feed.link ?? null };
        io.out(JSON.stringify({ input, feed: feedJson, items: feed.items.map(itemJson) }));
        continue;
      }
      io.out(`${input}: ${feed.title ?? '(untitled)'} — ${feed.format}, ${feed.items.length} items`);
      const rows = formatTable(feed.items, [
        { header: 'PUBLISHED', value: (item) => item.published?.slice(0, 16).replace('T', ' ') ?? '-' },
        { header: 'TITLE', value: (item) => item.title ?? '(untitled)', maxWidth: 70 },
        { header: 'LINK', value: (item) => item.link ?? '-', maxWidth: 60 },
      ]);
      for (const row of rows) io.out(`  ${row}`);
    } catch (thrown) {
      failed = true;
      if (options.json) io.out(JSON.stringify(errorLine(input, thrown)));
      else io.err(humanError(input, thrown));
    }
  }
  return failed ? EXIT.inputFailed : EXIT.ok;
}
