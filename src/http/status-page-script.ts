/**
 * The status page's script (status-page.ts inlines it; no build step, plain ES2020 for the browser). The
 * page works without it: the server sends every claim, chart and timeline already rendered. The script
 * only adds two things:
 * - every minute it fetches the page again (relative, so a reverse proxy may mount it under a path) and
 *   swaps in the new `<main>`: the server stays the one renderer. The new document is parsed with
 *   DOMParser, which runs no script, and its nodes are adopted as they are — no innerHTML. A refresh waits
 *   while the reader has focus inside the claims, so keyboard navigation is never yanked away;
 * - when a chart mark has keyboard focus, a tooltip shows its `<title>` (the headline), as hovering does
 *   natively; Escape hides it.
 *
 * Kept free of backticks and dollar-brace so it can live in this template literal unchanged.
 */
export const STATUS_PAGE_SCRIPT = `
'use strict';
(() => {
  const byId = (id) => document.getElementById(id);
  const REFRESH_MS = 60000;
  const NOTE = ' · refreshed every minute';

  /** The "As of" line: the server's time of the data, from the page it sent. */
  function stamp(from) {
    const updated = byId('updated');
    // A copy of the live list first: adopting a node takes it out of 'from'.
    if (from) updated.replaceChildren(...Array.from(from.childNodes).map((node) => document.adoptNode(node)));
    updated.append(NOTE);
  }

  function showProblem(message) {
    const problem = byId('problem');
    if (!problem) return;
    problem.textContent = message;
    problem.hidden = false;
  }

  async function refresh() {
    const main = document.querySelector('main');
    if (main && main.contains(document.activeElement) && document.activeElement !== main) return;
    try {
      const url = location.href.split('#')[0];
      const response = await fetch(url, { headers: { accept: 'text/html' }, cache: 'no-store' });
      const type = response.headers.get('content-type') || '';
      if (!type.startsWith('text/html')) throw new Error('the page answered HTTP ' + response.status);
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const next = page.querySelector('main');
      if (!next) throw new Error('the page answered without its content');
      hideTip();
      document.querySelector('main').replaceWith(document.adoptNode(next));
      stamp(page.getElementById('updated'));
    } catch (error) {
      showProblem('Could not refresh the status: ' + (error && error.message ? error.message : String(error)));
    }
  }

  const tip = byId('chart-tip');
  function markOf(node) {
    return node && node.closest ? node.closest('svg.pwc a, svg.pwc [tabindex]') : null;
  }
  function hideTip() {
    if (tip) tip.hidden = true;
  }
  function showTip(mark) {
    const title = mark.querySelector('title');
    if (!tip || !title) return;
    tip.textContent = title.textContent;
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    const width = tip.offsetWidth;
    const left = Math.max(8, Math.min(box.left + box.width / 2 - width / 2, document.documentElement.clientWidth - width - 8));
    tip.style.left = left + window.scrollX + 'px';
    tip.style.top = box.bottom + window.scrollY + 8 + 'px';
  }
  document.addEventListener('focusin', (event) => {
    const mark = markOf(event.target);
    if (mark) showTip(mark);
    else hideTip();
  });
  document.addEventListener('focusout', (event) => {
    if (markOf(event.target)) hideTip();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hideTip();
  });

  stamp(null);
  setInterval(refresh, REFRESH_MS);
})();
`;
