/**
 * The status page's script (status-page.ts inlines it; no build step, plain ES2020 for the browser). It
 * reads the JSON API, relative to the page so a reverse proxy may mount it under a path, and builds the
 * page with createElement and text nodes only: no innerHTML, so a headline or an error message is always
 * text. A link is only made for an http(s) URL. The page reloads its data every minute.
 *
 * Kept free of backticks and dollar-brace so it can live in this template literal unchanged.
 */
export const STATUS_PAGE_SCRIPT = `
'use strict';
(() => {
  const STATUSES = ['open', 'advancing', 'stalled', 'contested', 'quiet', 'confirmed', 'refuted'];
  const byId = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  const day = (iso) => (iso ? String(iso).slice(0, 10) : '-');
  const minute = (iso) => String(iso).slice(0, 16).replace('T', ' ') + ' UTC';
  const time = (iso, text) => (iso ? el('time', { datetime: iso, title: iso }, text) : '-');

  function safeHref(link) {
    try {
      const url = new URL(link);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
      return null;
    }
  }

  function statusBadge(status) {
    const known = STATUSES.includes(status) ? status : 'open';
    return el('span', { class: 'badge s-' + known }, String(status));
  }

  function tallyText(tally) {
    const sources = tally.sources === 1 ? ' source' : ' sources';
    return 'progress ' + tally.progress + ' · setback ' + tally.setback + ' · ' + tally.sources + sources;
  }

  async function getJson(path) {
    const response = await fetch(path, { headers: { accept: 'application/json' }, cache: 'no-store' });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const why = body && body.error ? body.error.code + ': ' + body.error.message : 'HTTP ' + response.status;
      throw new Error(path + ' answered ' + why);
    }
    return body;
  }

  function evidenceItem(id, evidence) {
    const record = evidence.get(id);
    if (!record) return el('li', {}, el('span', { class: 'source' }, 'evidence no longer kept: '), id);
    const href = safeHref(record.link);
    const headline = href ? el('a', { href: href, rel: 'noreferrer' }, record.title) : record.title;
    const where = ' (' + record.source + ', ' + day(record.published || record.firstSeenAt) + ') ';
    // A composed direction explains itself with its pair ("curb* ↓ defer → progress"), the last terms.
    const pairs = (record.terms || []).filter((term) => term.indexOf(' → ') !== -1);
    const why = pairs.length ? el('span', { class: 'why' }, ' ' + pairs.join('; ')) : null;
    return el('li', {}, headline, el('span', { class: 'source' }, where), el('span', { class: 'dir' }, record.direction), why);
  }

  function changeItem(change, evidence) {
    const line = el(
      'p',
      { class: 'change' },
      time(change.at, day(change.at)),
      statusBadge(change.from),
      ' → ',
      statusBadge(change.to),
      ' ',
      el('span', { class: 'trigger' }, 'by ' + change.trigger),
    );
    const list = change.evidence.length
      ? el('ul', { class: 'evidence', 'aria-label': 'Evidence behind this change' },
          change.evidence.map((id) => evidenceItem(id, evidence)))
      : null;
    const note = change.note ? el('p', { class: 'note' }, 'Note: ' + change.note) : null;
    return el('li', { class: 'entry' }, line, el('p', { class: 'tally' }, tallyText(change.tally)), note, list);
  }

  function claimCard(claim, history, evidenceList) {
    const evidence = new Map(evidenceList.map((record) => [record.id, record]));
    const headingId = 'claim-' + claim.id;
    const tally = claim.tally ? tallyText(claim.tally) : 'never derived';
    const count = evidenceList.length + (evidenceList.length === 1 ? ' evidence item' : ' evidence items');
    const timeline = history.length
      ? el('ol', { class: 'timeline' }, history.map((change) => changeItem(change, evidence)))
      : el('p', { class: 'empty' }, 'No status changes yet.');
    return el(
      'article',
      { class: 'claim', 'aria-labelledby': headingId, 'data-claim': claim.id },
      el('div', { class: 'claim-head' }, el('h3', { id: headingId }, claim.title), statusBadge(claim.status)),
      el('p', { class: 'meta' }, claim.id + ' · ' + tally + ' · ' + count),
      claim.reason ? el('p', { class: 'reason' }, claim.reason) : null,
      el('h4', {}, 'Timeline'),
      timeline,
    );
  }

  function healthBadge(feed) {
    if (!feed.lastOutcome) return el('span', { class: 'badge h-never' }, 'never polled');
    if (feed.consecutiveFailures > 0) {
      return el('span', { class: 'badge h-failing' }, 'failing × ' + feed.consecutiveFailures);
    }
    return el('span', { class: 'badge h-ok' }, 'ok');
  }

  function feedRow(feed) {
    return el(
      'tr',
      { 'data-feed': feed.id },
      el('th', { scope: 'row' }, feed.id, el('br'), el('span', { class: 'source' }, feed.source)),
      el('td', {}, healthBadge(feed)),
      el('td', {}, feed.lastOutcome || '-'),
      el('td', { class: 'num' }, String(feed.consecutiveFailures)),
      el('td', {}, time(feed.lastPollAt, feed.lastPollAt && minute(feed.lastPollAt))),
      el('td', {}, time(feed.lastSuccessAt, feed.lastSuccessAt && minute(feed.lastSuccessAt))),
      el('td', {}, feed.nextPollAt ? time(feed.nextPollAt, minute(feed.nextPollAt)) : 'on schedule'),
      el('td', {}, feed.lastError ? feed.lastError.code + ': ' + feed.lastError.message : '-'),
    );
  }

  async function render() {
    const claimsBox = byId('claims');
    const problem = byId('problem');
    claimsBox.setAttribute('aria-busy', 'true');
    try {
      const [claims, feeds] = await Promise.all([getJson('api/claims'), getJson('api/feeds')]);
      const details = await Promise.all(
        claims.map((claim) => {
          const base = 'api/claims/' + encodeURIComponent(claim.id);
          return Promise.all([getJson(base + '/history'), getJson(base + '/evidence')]);
        }),
      );
      const cards = claims.map((claim, index) => claimCard(claim, details[index][0], details[index][1]));
      claimsBox.replaceChildren(...(cards.length ? cards : [el('p', { class: 'empty' }, 'No claims configured.')]));
      byId('feed-rows').replaceChildren(...feeds.map(feedRow));
      problem.hidden = true;
      problem.textContent = '';
      const now = new Date().toISOString();
      byId('updated').replaceChildren('Updated ', time(now, minute(now)), ' · refreshed every minute');
    } catch (error) {
      problem.textContent = 'Could not load the status: ' + (error && error.message ? error.message : String(error));
      problem.hidden = false;
    } finally {
      claimsBox.setAttribute('aria-busy', 'false');
    }
  }

  render();
  setInterval(render, 60000);
})();
`;
