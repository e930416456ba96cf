/**
 * The status page as one HTML document, from the page model (status-page-model.ts): every claim with its
 * status, reason, chart and timeline, and the feeds' health, rendered on the server so the page reads the
 * same in a browser, a text browser, a plain fetch or a screenshot without scripts. The inline script
 * (status-page-script.ts) only refreshes it and shows a chart mark's headline on focus. Pure.
 */
import { CHART_DEFS } from '../chart/index.js';
import { escapeMarkup as esc } from '../text/escape-markup.js';
import { claimCard } from './status-page-claims.js';
import { feedRow } from './status-page-feeds.js';
import type { StatusPageModel } from './status-page-model.js';
import { STATUS_PAGE_SCRIPT } from './status-page-script.js';
import { STATUS_PAGE_STYLE } from './status-page-style.js';

const FEED_COLUMNS = [
  'Feed',
  'Health',
  'Last outcome',
  'Failures in a row',
  'Last poll',
  'Last success',
  'Next poll',
  'Last error',
];

function claimsSection(model: StatusPageModel): string {
  const cards = model.claims.map(claimCard);
  const empty = model.problem
    ? '<p class="empty">The claims could not be read; reload the page to try again.</p>'
    : '<p class="empty">No claims configured.</p>';
  return cards.length > 0 ? cards.join('\n') : empty;
}

export function renderStatusPage(model: StatusPageModel): string {
  const now = esc(model.now);
  const minute = `${esc(model.now.slice(0, 16).replace('T', ' '))} UTC`;
  const headers = FEED_COLUMNS.map((column) => `<th scope="col">${column}</th>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>policy-watch · claim status</title>
<style>${STATUS_PAGE_STYLE}</style>
</head>
<body>
<svg class="pwc-defs" aria-hidden="true" focusable="false" width="0" height="0">${CHART_DEFS}</svg>
<header class="page">
  <h1>policy-watch</h1>
  <p class="lede">Claims followed up from the news: where each stands, and the headlines that moved it.</p>
  <p class="updated" id="updated" role="status" aria-live="polite">As of <time datetime="${now}">${minute}</time></p>
</header>
<main>
<p class="alert" id="problem" role="alert"${model.problem ? '' : ' hidden'}>${model.problem ? `Could not read the status: ${esc(model.problem)}` : ''}</p>
<section aria-labelledby="claims-heading">
<h2 id="claims-heading">Claims</h2>
<div class="claims" id="claims" aria-busy="false">
${claimsSection(model)}
</div>
</section>
<section aria-labelledby="feeds-heading">
<h2 id="feeds-heading">Feeds</h2>
<div class="table-wrap">
<table>
<caption>Health of every configured feed; times in UTC.</caption>
<thead><tr>${headers}</tr></thead>
<tbody id="feed-rows">
${model.feeds.map(feedRow).join('\n')}
</tbody>
</table>
</div>
</section>
</main>
<footer>
  The same data as JSON: <a href="api/claims">api/claims</a> · <a href="api/feeds">api/feeds</a> ·
  <a href="metrics">metrics</a>
</footer>
<div class="tip" id="chart-tip" role="tooltip" hidden></div>
<script>${STATUS_PAGE_SCRIPT}</script>
</body>
</html>
`;
}
