/**
 * The stable item id, in order of preference:
 * 1. the publisher's own id (RSS guid, Atom id, JSON Feed id, RDF rdf:about), trimmed;
 * 2. the link, in canonical form (fingerprint.ts), so a tracking parameter that changes between polls
 *    does not make the same item new again;
 * 3. a hash: the first 32 hex chars of sha256(title + '\n' + date), with the summary standing in for a
 *    missing title, so an item without id and link keeps its id from poll to poll.
 * An id longer than MAX_SHORT_CHARS is replaced by 'sha256:' + its hash, bounded like every other field.
 */
import { createHash } from 'node:crypto';
import { canonicalUrl } from './fingerprint.js';
import { MAX_SHORT_CHARS } from './limits.js';

export interface IdSource {
  guid?: string | undefined;
  link?: string | undefined;
  title?: string | undefined;
  summary?: string | undefined;
  date?: string | undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function bounded(id: string): string {
  return id.length <= MAX_SHORT_CHARS ? id : `sha256:${sha256(id)}`;
}

export function itemId(source: IdSource): string {
  const guid = source.guid?.trim();
  if (guid) return bounded(guid);
  const link = source.link?.trim();
  if (link) return bounded(canonicalUrl(link) ?? link);
  const text = source.title ?? source.summary ?? '';
  return sha256(`${text}\n${source.date ?? ''}`).slice(0, 32);
}
