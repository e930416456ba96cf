/**
 * A plain-text table for the CLI's readable output: columns padded to their widest cell, long cells cut
 * with an ellipsis so one long headline cannot push the rest off screen.
 */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Cells longer than this are cut. @defaultValue 60 */
  maxWidth?: number;
  /**
   * Which end of a long cell is kept: `start` (headlines), or `end` for lists whose last entries matter most
   * (a match's terms end with what decided its direction). @defaultValue 'start'
   */
  keep?: 'start' | 'end';
}

function cut(text: string, width: number, keep: 'start' | 'end'): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= width) return oneLine;
  return keep === 'end' ? `…${oneLine.slice(oneLine.length - width + 1)}` : `${oneLine.slice(0, width - 1)}…`;
}

export function formatTable<Row>(rows: readonly Row[], columns: ReadonlyArray<Column<Row>>): string[] {
  const cells = rows.map((row) =>
    columns.map((column) => cut(column.value(row), column.maxWidth ?? 60, column.keep ?? 'start')),
  );
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => line[index]?.length ?? 0)),
  );
  const render = (line: string[]) =>
    line
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  return [render(columns.map((column) => column.header)), ...cells.map(render)];
}
