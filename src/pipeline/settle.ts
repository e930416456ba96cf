/**
 * When a claim's evidence is judged (DESIGN.md "When it runs"): at the end of the settle window the
 * evidence arrived in. Windows are aligned to multiples of `settle_seconds` since the epoch, so every poll,
 * feed and replica that records evidence for a claim inside one window names the same instant, and the
 * derive-status job for it is one job. Pure.
 */

/** A derivation waits this long past its window's end, for a poll that was committing just then. */
export const SETTLE_GRACE_MS = 500;

/**
 * The instant evidence recorded at `nowMs` is derived at: its window's end, or the end of the window after
 * the claim's last derivation when that one already covered this window (a manual `poll --wait` settles at
 * once; a poll that committed after its window's job ran).
 */
export function settleInstant(nowMs: number, settleSeconds: number, derivedThrough: string | null): number {
  const size = settleSeconds * 1_000;
  const windowEnd = (Math.floor(nowMs / size) + 1) * size;
  const through = derivedThrough === null ? Number.NEGATIVE_INFINITY : Date.parse(derivedThrough);
  if (through < windowEnd) return windowEnd;
  return (Math.floor(through / size) + 1) * size;
}
