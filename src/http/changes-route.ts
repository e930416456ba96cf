/**
 * `GET /changes.atom[?claim=ID]`: the last 100 status changes (of every claim, or one) as Atom
 * (changes-atom.ts), with an ETag so a reader that polls with `If-None-Match` gets a 304 while nothing
 * changed. Links are absolute, built from the request's Host (and X-Forwarded-Proto behind a TLS proxy).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { PipelineDeps } from '../app/deps.js';
import type { EvidenceRecord } from '../claims/index.js';
import { type AtomChange, changesFeed } from './changes-atom.js';
import { errorReply, notFound, type Reply } from './reply.js';

export const FEED_ENTRIES = 100;

export interface ChangesRequest {
  deps: Pick<PipelineDeps, 'config' | 'ledger' | 'keys'>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

function origin(headers: IncomingHttpHeaders): string {
  const proto = headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  const host = /^[A-Za-z0-9.:[\]-]+$/.test(headers.host ?? '') ? headers.host : '127.0.0.1';
  return `${proto}://${host}`;
}

export async function getChangesAtom({ deps, query, headers }: ChangesRequest): Promise<Reply> {
  const unknown = [...query.keys()].filter((name) => name !== 'claim');
  if (unknown.length > 0) {
    return errorReply('BAD_REQUEST', `unknown parameter ${unknown.join(', ')}; this feed takes ?claim=ID`);
  }
  const claimId = query.get('claim');
  const only = claimId === null ? undefined : deps.config.claims.find((claim) => claim.id === claimId);
  if (claimId !== null && !only) return notFound('no claim with this id; GET /api/claims lists them');
  const claims = only ? [only] : deps.config.claims;

  const histories = await Promise.all(claims.map((claim) => deps.ledger.getHistory(claim.id)));
  const newest = histories
    .flat()
    .sort((a, b) => b.at.localeCompare(a.at) || a.claim.localeCompare(b.claim) || b.seq - a.seq)
    .slice(0, FEED_ENTRIES);
  const cited = [
    ...new Set(newest.filter((change) => change.evidence.length > 0).map((change) => change.claim)),
  ];
  const evidence = new Map<string, EvidenceRecord>();
  for (const id of cited)
    for (const record of await deps.ledger.getEvidence(id)) evidence.set(record.id, record);
  const titles = new Map(claims.map((claim) => [claim.id, claim.title]));
  const changes: AtomChange[] = newest.map((change) => ({
    change,
    claimTitle: titles.get(change.claim) ?? change.claim,
    evidence: change.evidence.flatMap((id) => evidence.get(id) ?? []),
  }));

  const base = origin(headers);
  const self = `${base}/changes.atom${only ? `?claim=${encodeURIComponent(only.id)}` : ''}`;
  const body = changesFeed({
    changes,
    pageUrl: `${base}/`,
    selfUrl: self,
    prefix: deps.keys.prefix,
    claim: only,
  });
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const cacheHeaders = { etag, 'cache-control': 'no-cache' };
  const presented = headers['if-none-match']?.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (presented?.includes(etag)) {
    return {
      status: 304,
      contentType: 'application/atom+xml; charset=utf-8',
      body: '',
      headers: cacheHeaders,
    };
  }
  return { status: 200, contentType: 'application/atom+xml; charset=utf-8', body, headers: cacheHeaders };
}
