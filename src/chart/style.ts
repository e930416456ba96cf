/**
 * How the chart looks: one stylesheet and one set of patterns, shared by the status page (which carries
 * them once for all its charts) and every standalone SVG (which carries its own copy).
 *
 * Colour is never the only signal. Each status has its own texture as well as its colour — open plain and
 * pale, advancing solid mid-tone, stalled striped, contested cross-hatched, quiet dotted, confirmed solid
 * dark, refuted dark and lined — so a grayscale print still tells them apart, and each band names its
 * status in text where it fits. Progress marks are filled, setback marks are rings; resolution marks are
 * diamonds. Band labels carry a halo so they read on any texture.
 *
 * Kept free of backticks and dollar-brace: the status page inlines it in a template literal, and the page's
 * Content-Security-Policy allows it by hash.
 */

/** Statuses whose band is dark: their label is white. */
export const DARK_STATUSES = ['confirmed', 'refuted'] as const;

export const CHART_STYLE = `
.pwc { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; font-size: 11px; }
.pwc text { fill: #1f2328; }
.pwc .mu { fill: #59636e; }
.pwc .h { font-size: 14px; font-weight: 600; }
.pwc .lbl { font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.pwc .lbl.d { fill: #fff; stroke: #1f2328; }
.pwc .band, .pwc .sw { stroke: #fff; stroke-width: 1; }
.pwc .b-open { fill: #f6f8fa; stroke: #8c959f; }
.pwc .b-advancing { fill: #4ac26b; }
.pwc .b-stalled { fill: url(#pwc-stalled); }
.pwc .b-contested { fill: url(#pwc-contested); }
.pwc .b-quiet { fill: url(#pwc-quiet); }
.pwc .b-confirmed { fill: #0e4a22; }
.pwc .b-refuted { fill: url(#pwc-refuted); }
.pwc .grid { stroke: #eaeef2; stroke-width: 1; }
.pwc .axis { stroke: #8c959f; stroke-width: 1; }
.pwc .nowl { stroke: #59636e; stroke-width: 1; stroke-dasharray: 3 3; }
.pwc .hush { fill: url(#pwc-hush); }
.pwc .win { fill: #0969da; fill-opacity: 0.07; }
.pwc .winb { stroke: #0969da; stroke-width: 1.5; fill: none; }
.pwc .wint { fill: #0550ae; }
.pwc .kept { fill: #eaeef2; fill-opacity: 0.7; }
.pwc .rule { stroke: #1f2328; stroke-width: 1.5; }
.pwc .rule.op { stroke-dasharray: 4 2; }
.pwc .above circle { fill: #1a7f37; stroke: #fff; stroke-width: 1; }
.pwc .above path { fill: #0e4a22; stroke: #fff; stroke-width: 1; }
.pwc .below circle { fill: #fff; stroke: #cf222e; stroke-width: 2; }
.pwc .below path { fill: #fff; stroke: #82071e; stroke-width: 2.5; }
.pwc .neutral circle { fill: #8c959f; stroke: #fff; stroke-width: 1; }
.pwc .lg-p { fill: #1a7f37; }
.pwc .lg-c { fill: #0e4a22; }
.pwc .lg-s { fill: #fff; stroke: #cf222e; stroke-width: 2; }
.pwc .lg-r { fill: #fff; stroke: #82071e; stroke-width: 2.5; }
.pwc .lg-n { fill: #8c959f; }
.pwc .lg-w { fill: #0969da; fill-opacity: 0.15; stroke: #0969da; }
.pwc .lg-h { fill: url(#pwc-hush); stroke: #afb8c1; }
.pwc .lg-k { fill: #eaeef2; stroke: #afb8c1; }
.pwc a { cursor: pointer; }
.pwc a:focus, .pwc [tabindex]:focus { outline: none; }
.pwc a:hover > circle, .pwc a:hover > path, .pwc a:focus > circle, .pwc a:focus > path,
.pwc [tabindex]:focus > circle, .pwc [tabindex]:focus > path { stroke: #0969da; stroke-width: 3; }
`;

/** Patterns in user space, so a texture has the same scale in every band and in the legend. */
export const CHART_DEFS = `<defs>
<pattern id="pwc-stalled" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffe9a6"/><rect width="2.5" height="6" fill="#bf8700"/></pattern>
<pattern id="pwc-contested" patternUnits="userSpaceOnUse" width="6" height="6"><rect width="6" height="6" fill="#ecdfff"/><path d="M0 0L6 6M6 0L0 6" stroke="#8250df" stroke-width="1.2"/></pattern>
<pattern id="pwc-quiet" patternUnits="userSpaceOnUse" width="5" height="5"><rect width="5" height="5" fill="#ddf4ff"/><circle cx="2.5" cy="2.5" r="1" fill="#0969da"/></pattern>
<pattern id="pwc-refuted" patternUnits="userSpaceOnUse" width="4" height="4"><rect width="4" height="4" fill="#82071e"/><rect y="3" width="4" height="1" fill="#ff8182"/></pattern>
<pattern id="pwc-hush" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(-45)"><rect width="8" height="8" fill="#fff"/><rect width="1" height="8" fill="#d1d9e0"/></pattern>
</defs>`;
