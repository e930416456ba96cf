/**
 * `POST /api/claims/:id/evidence/:eid/dismiss` on a real server and Redis: refused (403) without
 * PW_HTTP_TOKEN, and with one it dismisses like the CLI does — the claim turns back, the history has the
 * operator change, the evidence list marks the item, a second POST changes nothing — with clear JSON
 * errors for a missing note, an unknown id and a body too large.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { recentProgress as story } from '../claims/evidence-factory.js';
import { type LocalServer, startLocalServer } from './local-server.js';

const TOKEN = 'a-token-for-the-dismiss-test';
let local: LocalServer | undefined;

afterEach(async () => {
  await local?.close();
  local = undefined;
});

async function advancing(server: LocalServer) {
  const claim = server.runtime.config.claims.find((candidate) => candidate.id === 'rare-earths');
  if (!claim) throw new Error('no rare-earths claim');
  const wrong = story('caixin', 1);
  await server.runtime.ledger.recordEvidence(claim, story('reuters', 2));
  await server.runtime.ledger.recordEvidence(claim, wrong);
  expect((await server.runtime.ledger.getState(claim.id)).status).toBe('advancing');
  return wrong;
}

function post(server: LocalServer, path: string, body: string, token?: string) {
  return fetch(`${server.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
}

const dismissPath = (eid: string) => `/api/claims/rare-earths/evidence/${encodeURIComponent(eid)}/dismiss`;

describe('POST .../evidence/:eid/dismiss', () => {
  it('is refused without PW_HTTP_TOKEN, and nothing is written', async () => {
    local = await startLocalServer('dismiss-api-open', { http: { token: undefined } });
    const wrong = await advancing(local);

    const response = await post(local, dismissPath(wrong.id), '{"note":"wrong"}');

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: 'FORBIDDEN', message: expect.stringContaining('PW_HTTP_TOKEN') },
    });
    expect(await local.runtime.ledger.getHistory('rare-earths')).toHaveLength(1);
  });

  it('dismisses with a token: the claim turns back, once', async () => {
    local = await startLocalServer('dismiss-api', { http: { token: TOKEN } });
    const wrong = await advancing(local);

    const first = await post(local, dismissPath(wrong.id), '{"note":"about Myanmar"}', TOKEN);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      claim: 'rare-earths',
      status: 'open',
      change: { seq: 2, from: 'advancing', to: 'open', trigger: 'operator', dismissed: wrong.id },
    });
    const second = await post(local, dismissPath(wrong.id), '{"note":"again"}', TOKEN);
    expect(await second.json()).toMatchObject({
      unchanged: true,
      dismissed: { note: 'about Myanmar', by: 'http' },
    });
    expect(await local.runtime.ledger.getHistory('rare-earths')).toHaveLength(2);

    const listed = await fetch(`${local.server.url}/api/claims/rare-earths/evidence`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const { items } = (await listed.json()) as { items: { id: string; dismissed: unknown }[] };
    expect(items.find((item) => item.id === wrong.id)?.dismissed).toMatchObject({ note: 'about Myanmar' });
  });

  it('answers clear JSON errors for a missing note, an unknown id, a GET and a body too large', async () => {
    local = await startLocalServer('dismiss-api-errors', { http: { token: TOKEN } });
    const wrong = await advancing(local);

    const noNote = await post(local, dismissPath(wrong.id), '{"note":"  "}', TOKEN);
    expect([noNote.status, ((await noNote.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      'BAD_REQUEST',
    ]);
    const unknown = await post(local, dismissPath('rare-earths:nope'), '{"note":"x"}', TOKEN);
    expect(unknown.status).toBe(404);
    const get = await fetch(`${local.server.url}${dismissPath(wrong.id)}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const huge = await post(
      local,
      dismissPath(wrong.id),
      JSON.stringify({ note: 'x'.repeat(20_000) }),
      TOKEN,
    );
    expect(huge.status).toBe(413);
    expect(await local.runtime.ledger.getHistory('rare-earths')).toHaveLength(1);
  });
});
