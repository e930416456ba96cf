/**
 * The readable form of an eval report: a figures table per split (all, dev, holdout) and language, the
 * per-claim precision/recall, the direction confusion table, then every miss with the matcher's
 * explanation (claim, direction and the terms that hit).
 */
import { formatTable } from '../cli/table.js';
import type { EvalReport, GroupFigures, Miss, Ratio } from './score.js';

export function percent(ratio: Ratio): string {
  return ratio.value === null ? '-' : `${(ratio.value * 100).toFixed(1)}% (${ratio.hits}/${ratio.total})`;
}

interface FigureRow {
  split: string;
  group: string;
  figures: GroupFigures;
}

export function figureRows(reports: Record<string, EvalReport>): string[] {
  const rows: FigureRow[] = [];
  for (const [split, report] of Object.entries(reports)) {
    rows.push({ split, group: 'all', figures: report.all });
    for (const [lang, figures] of Object.entries(report.byLang)) rows.push({ split, group: lang, figures });
  }
  return formatTable(rows, [
    { header: 'SPLIT', value: (row) => row.split },
    { header: 'LANG', value: (row) => row.group },
    { header: 'STORIES', value: (row) => String(row.figures.stories) },
    { header: 'TOP CLAIM', value: (row) => percent(row.figures.topClaim) },
    { header: 'DIRECTION', value: (row) => percent(row.figures.direction) },
    { header: 'LOOK-ALIKES MATCHED', value: (row) => percent(row.figures.lookalikesMatched) },
  ]);
}

export function claimRows(report: EvalReport): string[] {
  return formatTable(report.claims, [
    { header: 'CLAIM', value: (row) => row.claim },
    { header: 'PRECISION', value: (row) => percent(row.precision) },
    { header: 'RECALL', value: (row) => percent(row.recall) },
  ]);
}

const DIRECTIONS = ['progress', 'setback', 'neutral', 'confirms', 'refutes', 'none'];

export function confusionRows(report: EvalReport): string[] {
  const rows = DIRECTIONS.filter((label) => report.confusion[label]);
  return formatTable(rows, [
    { header: 'LABEL \\ MATCHED', value: (label) => label },
    ...DIRECTIONS.map((matched) => ({
      header: matched.toUpperCase(),
      value: (label: string) => String(report.confusion[label]?.[matched] ?? 0),
    })),
  ]);
}

export function missLines(miss: Miss): string[] {
  const { story } = miss;
  const expected =
    story.labels.map((label) => `${label.claim} ${label.direction}`).join(', ') || 'off-topic (no claim)';
  const got =
    miss.matches.map((match) => `${match.claim} ${match.direction} [${match.terms.join(', ')}]`).join('; ') ||
    'no match';
  return [
    `${miss.kind.padEnd(9)} ${story.id} (${story.lang}, ${story.split}) ${story.headline}`,
    `          expected: ${expected}`,
    `          matched:  ${got}`,
  ];
}
