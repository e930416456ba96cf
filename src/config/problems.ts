/**
 * Config problems: one per thing wrong, each naming the file, the path inside it (as `claims[2].topic[0]`)
 * and, when the YAML node can be found, its line. The loader collects all of them before failing, so an
 * operator fixes a file in one pass instead of one error per restart.
 */
import { type Document, isMap, isNode, type LineCounter } from 'yaml';
import type { z } from 'zod';
import { PolicyWatchError } from '../errors.js';

export interface ConfigProblem {
  file: string;
  /** Dotted path inside the file, e.g. `claims[2].signals.progress[0]`; empty for the whole file. */
  path: string;
  line?: number | undefined;
  message: string;
}

export class ConfigError extends PolicyWatchError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super('CONFIG_INVALID', `configuration has ${count}: ${problems.map(formatProblem).join('; ')}`);
    this.problems = problems;
  }
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return problem.path ? `${where} ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}

/** A parsed YAML document plus what is needed to turn a path into a line number. */
export interface LocatedDocument {
  file: string;
  document: Document;
  lineCounter: LineCounter;
}

export function lineOf(located: LocatedDocument, path: ReadonlyArray<PropertyKey>): number | undefined {
  const node = located.document.getIn(path as unknown[], true);
  if (isNode(node) && node.range) return located.lineCounter.linePos(node.range[0]).line;
  return path.length > 0 ? lineOf(located, path.slice(0, -1)) : undefined;
}

/** The line of a key itself (for unknown keys, whose value path the schema never saw). */
function lineOfKey(
  located: LocatedDocument,
  path: ReadonlyArray<PropertyKey>,
  key: string,
): number | undefined {
  const parent =
    path.length === 0 ? located.document.contents : located.document.getIn(path as unknown[], true);
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isNode(item.key) && String(item.key.toJSON()) === key);
    if (pair && isNode(pair.key) && pair.key.range)
      return located.lineCounter.linePos(pair.key.range[0]).line;
  }
  return lineOf(located, path);
}

export function problemsFromZod(located: LocatedDocument, issues: z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file: located.file,
        path: formatPath([...issue.path, key]),
        line: lineOfKey(located, issue.path, key),
        message: `unknown key "${key}"`,
      }));
    }
    return [
      {
        file: located.file,
        path: formatPath(issue.path),
        line: lineOf(located, issue.path),
        message: issue.message,
      },
    ];
  });
}
