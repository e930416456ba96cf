/**
 * One status change with its evidence, as the ledger would hand it over: the input behind the golden
 * bodies in test/fixtures/alerts/. Titles carry &, < and > so the Slack body shows its escaping.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ChangeRecord, EvidenceRecord } from '../../src/claims/index.js';

export const CLAIM = {
  id: 'rare-earths',
  title: 'Rare earth exports to the US resume',
  question: 'Does the call restart the flow of rare earth elements & magnets from China to the US?',
};

export const CHANGE: ChangeRecord = {
  claim: 'rare-earths',
  seq: 3,
  from: 'open',
  to: 'advancing',
  at: '2025-07-01T12:00:00.000Z',
  trigger: 'evidence',
  tally: { progress: 2, setback: 0, sources: 2 },
  evidence: ['rare-earths:reuters-licences', 'rare-earths:caixin-shipments'],
  note: 'progress from 2 sources (Reuters, Caixin) within 30 days',
};

export const EVIDENCE: EvidenceRecord[] = [
  {
    id: 'rare-earths:caixin-shipments',
    claim: 'rare-earths',
    storyKey: 'caixin-shipments',
    itemId: 'caixin-1',
    feedId: 'caixin',
    title: 'Magnet shipments resume as Beijing <approves> licences',
    link: 'https://www.caixinglobal.com/2025-06-30/magnets.html?src=rss&utm=x',
    source: 'Caixin',
    weight: 1,
    direction: 'progress',
    score: 2,
    terms: ['magnet*', 'shipments resum*'],
    published: '2025-06-30T08:00:00.000Z',
    firstSeenAt: '2025-06-30T08:05:00.000Z',
  },
  {
    id: 'rare-earths:reuters-licences',
    claim: 'rare-earths',
    storyKey: 'reuters-licences',
    itemId: 'reuters-1',
    feedId: 'reuters',
    title: 'China approves rare earth export licences for US firms & suppliers',
    link: 'https://www.reuters.com/world/china/rare-earths-2025-07-01/',
    source: 'Reuters',
    weight: 1,
    direction: 'progress',
    score: 3,
    terms: ['rare earth*', 'licen?e* approv*'],
    firstSeenAt: '2025-07-01T11:58:00.000Z',
  },
];

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/alerts');

/**
 * Compares a JSON body with a golden file, key order included (the file is the body pretty-printed).
 * UPDATE_GOLDEN=1 rewrites the file instead, for a deliberate change of the body.
 */
export function expectGolden(body: string, name: string): void {
  const file = path.join(FIXTURES, name);
  const pretty = `${JSON.stringify(JSON.parse(body), null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, pretty);
  expect(pretty).toBe(readFileSync(file, 'utf8'));
}
