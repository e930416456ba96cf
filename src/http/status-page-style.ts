/**
 * The status page's stylesheet (status-page-html.ts inlines it, with the charts' own, chart/style.ts).
 * Status colours pass WCAG AA against their badge background, and every badge also carries its status as
 * text: colour is never the only signal.
 */
import { CHART_STYLE } from '../chart/index.js';

const PAGE_STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header.page, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
header.page { padding-top: 1.5rem; border-bottom: 1px solid var(--line); }
header.page h1 { margin: 0; font-size: 1.6rem; }
.lede, .updated, footer, .meta, .empty, .source { color: var(--muted); }
.lede { margin: .25rem 0 .25rem; }
.updated { margin: 0 0 1rem; font-size: .9rem; }
main h2 { font-size: 1.3rem; margin: 1.75rem 0 .75rem; }
.alert { border: 1px solid #cf222e; background: #ffebe9; padding: .75rem 1rem; border-radius: 6px; }
.claims { display: grid; gap: 1rem; }
.claim { border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; }
.claim-head { display: flex; gap: .75rem; align-items: baseline; justify-content: space-between; flex-wrap: wrap; }
.claim h3 { margin: 0; font-size: 1.1rem; }
.claim .meta { font-size: .9rem; margin: .25rem 0 .5rem; }
.reason { margin: .25rem 0 .75rem; }
.claim h4 { margin: .75rem 0 .25rem; font-size: .95rem; }
.badge { display: inline-block; padding: .05rem .55rem; border-radius: 999px; font-size: .8rem; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.s-open { background: #eaeef2; color: #32383f; border-color: #afb8c1; }
.s-advancing { background: #dafbe1; color: #116329; border-color: #4ac26b; }
.s-stalled { background: #fff8c5; color: #7d4e00; border-color: #d4a72c; }
.s-contested { background: #fbefff; color: #6e40c9; border-color: #c297ff; }
.s-quiet { background: #ddf4ff; color: #0a3069; border-color: #54aeff; }
.s-confirmed { background: #116329; color: #fff; }
.s-refuted { background: #a40e26; color: #fff; }
.h-ok { background: #dafbe1; color: #116329; border-color: #4ac26b; }
.h-failing { background: #ffebe9; color: #a40e26; border-color: #ff8182; }
.h-never { background: #eaeef2; color: #32383f; border-color: #afb8c1; }
.timeline { list-style: none; margin: 0; padding: 0 0 0 1rem; border-left: 3px solid var(--line); }
.timeline > li { position: relative; margin: 0 0 .9rem; padding-left: .5rem; }
.timeline > li::before { content: ""; position: absolute; left: -1.45rem; top: .45rem; width: .7rem; height: .7rem; border-radius: 50%; background: #fff; border: 3px solid #818b98; }
.change { margin: 0; }
.change time { font-variant-numeric: tabular-nums; font-weight: 600; margin-right: .4rem; }
.trigger { color: var(--muted); font-size: .9rem; }
.tally, .note { margin: .1rem 0; font-size: .9rem; color: var(--muted); }
.evidence { margin: .25rem 0 0; padding-left: 1.1rem; font-size: .92rem; }
.evidence li { margin: .15rem 0; }
.dir { font-size: .75rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
.why { font-size: .75rem; color: var(--muted); font-family: ui-monospace, monospace; }
a { color: #0550ae; }
a:focus-visible, button:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
caption { text-align: left; color: var(--muted); padding: 0 0 .5rem; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--panel); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td time { white-space: nowrap; }
footer { border-top: 1px solid var(--line); margin-top: 2rem; padding-top: .75rem; padding-bottom: 2rem; font-size: .9rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -9999px; }
.skip:focus { position: static; display: inline-block; margin: .25rem 0; }
.chart { margin: .5rem 0 .25rem; overflow-x: auto; }
.chart svg.pwc { display: block; width: 100%; height: auto; min-width: 640px; }
.pwc-defs { position: absolute; width: 0; height: 0; overflow: hidden; }
.tip { position: absolute; z-index: 10; max-width: 28rem; background: #1f2328; color: #fff; padding: .35rem .6rem; border-radius: 6px; font-size: .85rem; line-height: 1.35; pointer-events: none; }
`;

export const STATUS_PAGE_STYLE = PAGE_STYLE + CHART_STYLE;
