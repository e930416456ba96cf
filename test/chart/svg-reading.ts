/**
 * Reads back what renderChart wrote, for the chart's tests: the bands in document order, the marks of each
 * lane, the text labels with their estimated extents. The chart writes one layer per line (render.ts), so
 * a lane is one line; each mark is an `<a href>` or a focusable `<g>` holding a `<title>` and one shape.
 */

import type { Lane } from '../../src/chart/marks.js';
import { textWidth } from '../../src/chart/markup.js';

export interface ReadMark {
  href: string | undefined;
  title: string;
  shape: 'circle' | 'path';
  attrs: string;
}

const MARK =
  /<(?:a href="([^"]*)"|g tabindex="0")><title>([^<]*)<\/title><(circle|path) ([^>]*)\/><\/(?:a|g)>/g;

export function lane(svg: string, which: Lane): ReadMark[] {
  const line = svg.split('\n').find((candidate) => candidate.startsWith(`<g class="marks ${which}">`));
  if (line === undefined) throw new Error(`no ${which} lane`);
  return [...line.matchAll(MARK)].map(([, href, title, shape, attrs]) => ({
    href,
    title: title ?? '',
    shape: shape as 'circle' | 'path',
    attrs: attrs ?? '',
  }));
}

export function allMarks(svg: string): ReadMark[] {
  return [...lane(svg, 'above'), ...lane(svg, 'below'), ...lane(svg, 'neutral')];
}

export function bandStatuses(svg: string): string[] {
  return [...svg.matchAll(/<rect class="band b-[a-z]+" data-status="([a-z]+)"/g)].map(
    ([, status]) => status ?? '',
  );
}

export interface ReadText {
  text: string;
  x: number;
  y: number;
  from: number;
  to: number;
}

/** Every `<text>` with its estimated horizontal extent (the estimate the chart itself places labels by). */
export function texts(svg: string): ReadText[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, attrs = '', text = '']) => {
    const x = Number(/ x="([-\d.]+)"/.exec(attrs)?.[1]);
    const y = Number(/ y="([-\d.]+)"/.exec(attrs)?.[1]);
    const width = textWidth(text.replaceAll('&amp;', '&'));
    const anchor = /text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start';
    const from = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x;
    return { text, x, y, from, to: from + width };
  });
}

export function attr(attrs: string, name: string): number {
  return Number(new RegExp(`(?:^| )${name}="([-\\d.]+)"`).exec(attrs)?.[1]);
}
