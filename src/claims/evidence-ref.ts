/**
 * A short handle for a piece of evidence. Evidence ids are `<claim>:<story key>`, and a story key is often a
 * whole canonical URL: fine for machines, unwieldy to type. The ref is the first 8 hex digits of the id's
 * SHA-256 — shown in the CLI's evidence table and accepted by `dismiss` in place of the id. Within one
 * claim's few hundred items a collision is vanishingly rare; a ref that matches two items is refused.
 */
import { createHash } from 'node:crypto';

export const EVIDENCE_REF = /^[0-9a-f]{8}$/;

export function evidenceRef(evidenceId: string): string {
  return createHash('sha256').update(evidenceId).digest('hex').slice(0, 8);
}
