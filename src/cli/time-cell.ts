/**
 * Times as table cells: UTC, like every stored time, so two operators in different zones read the same
 * cell. '-' stands for "none"; an unreadable time is shown as stored rather than hidden.
 */
function iso(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** `2025-07-01` */
export function dayCell(value: string | null | undefined): string {
  return value ? iso(value).slice(0, 10) : '-';
}

/** `2025-07-01 12:00` */
export function minuteCell(value: string | null | undefined): string {
  return value ? iso(value).slice(0, 16).replace('T', ' ') : '-';
}
