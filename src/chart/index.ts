/**
 * The timeline chart's public face: renderChart (claim, history, evidence, now → SVG text) and the
 * stylesheet and patterns a page carries once for all its inline charts.
 */
export { renderChart } from './render.js';
export { CHART_DEFS, CHART_STYLE } from './style.js';
export type { ChartChange, ChartClaim, ChartEvidence, ChartInput, ChartOptions } from './types.js';
