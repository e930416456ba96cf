/**
 * GET / : the status page an analyst opens instead of reading JSON. One HTML document with its style and
 * script inline (status-page-style.ts, status-page-script.ts), no build step; the script fills it from the
 * JSON API. The Content-Security-Policy allows exactly that inline script and style (by hash), requests to
 * this origin, and nothing else.
 */
import { createHash } from 'node:crypto';
import type { Reply } from './reply.js';
import { STATUS_PAGE_SCRIPT } from './status-page-script.js';
import { STATUS_PAGE_STYLE } from './status-page-style.js';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(STATUS_PAGE_SCRIPT)}`,
  `style-src ${sha256(STATUS_PAGE_STYLE)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const STATUS_PAGE_HTML = `<!doctype html>
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
<header class="page">
  <h1>policy-watch</h1>
  <p class="lede">Claims followed up from the news: where each stands, and the headlines that moved it.</p>
  <p class="updated" id="updated" role="status" aria-live="polite">Loading…</p>
</header>
<main>
  <p class="alert" id="problem" role="alert" hidden></p>
  <section aria-labelledby="claims-heading">
    <h2 id="claims-heading">Claims</h2>
    <div class="claims" id="claims" aria-busy="true"></div>
  </section>
  <section aria-labelledby="feeds-heading">
    <h2 id="feeds-heading">Feeds</h2>
    <div class="table-wrap">
      <table>
        <caption>Health of every configured feed; times in UTC.</caption>
        <thead>
          <tr>
            <th scope="col">Feed</th>
            <th scope="col">Health</th>
            <th scope="col">Last outcome</th>
            <th scope="col">Failures in a row</th>
            <th scope="col">Last poll</th>
            <th scope="col">Last success</th>
            <th scope="col">Next poll</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody id="feed-rows"></tbody>
      </table>
    </div>
  </section>
</main>
<footer>
  The same data as JSON: <a href="api/claims">api/claims</a> · <a href="api/feeds">api/feeds</a> ·
  <a href="metrics">metrics</a>
</footer>
<script>${STATUS_PAGE_SCRIPT}</script>
</body>
</html>
`;

export function statusPageReply(): Reply {
  return {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: STATUS_PAGE_HTML,
    headers: { 'content-security-policy': STATUS_PAGE_CSP },
  };
}
