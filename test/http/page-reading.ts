/**
 * What the status page shows, read in chromium, for the browser tests: each claim card's title, status,
 * timeline entries, chart bands and marks; and the legibility checks on the charts as the browser laid
 * them out with its real fonts — no two labels overlapping, every band label inside its band.
 */
import type { Page } from 'playwright-core';
import type { ChangeView, ClaimView, EvidenceView } from '../../src/views/views.js';

/** What the browser side uses of an SVG element (the tests compile without the DOM's types). */
interface Drawn {
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBBox(): { x: number; y: number; width: number; height: number };
}

export interface CardReading {
  id: string;
  title: string;
  status: string;
  timelineEntries: number;
  bands: string[];
  marks: { above: number; below: number; neutral: number; diamonds: number; links: number };
}

export function readCards(page: Page): Promise<CardReading[]> {
  return page.locator('article.claim').evaluateAll((cards) =>
    cards.map((card) => {
      const count = (selector: string) => card.querySelectorAll(selector).length;
      const marks = 'a, g[tabindex]';
      return {
        id: card.getAttribute('data-claim') ?? '',
        title: card.querySelector('h3')?.textContent ?? '',
        status: card.querySelector('.claim-head .badge')?.textContent ?? '',
        timelineEntries: count('ol.timeline > li'),
        bands: Array.from(
          card.querySelectorAll('svg.pwc .bands rect.band'),
          (rect) => (rect as unknown as Drawn).getAttribute('data-status') ?? '',
        ),
        marks: {
          above: card.querySelectorAll(`svg.pwc .marks.above > :is(${marks})`).length,
          below: card.querySelectorAll(`svg.pwc .marks.below > :is(${marks})`).length,
          neutral: card.querySelectorAll(`svg.pwc .marks.neutral > :is(${marks})`).length,
          diamonds: count('svg.pwc .marks path'),
          links: count('svg.pwc .marks > a[href]'),
        },
      };
    }),
  );
}

/** What a card should show, from the API's answers for the claim. */
export function expectedCard(claim: ClaimView, history: ChangeView[], evidence: EvidenceView[]) {
  const count = (...directions: string[]) => evidence.filter((e) => directions.includes(e.direction)).length;
  return {
    id: claim.id,
    title: claim.title,
    status: claim.status,
    timelineEntries: history.length,
    bands: history.length > 0 ? [history[0]?.from, ...history.map((change) => change.to)] : [claim.status],
    marks: {
      above: count('progress', 'confirms'),
      below: count('setback', 'refutes'),
      neutral: count('neutral'),
      diamonds: count('confirms', 'refutes'),
      links: evidence.filter((e) => /^https?:/.test(e.link ?? '')).length,
    },
  };
}

export interface Overlap {
  chart: string;
  a: string;
  b: string;
}

/** Pairs of text labels in one chart whose rendered boxes intersect. */
export function overlappingLabels(page: Page): Promise<Overlap[]> {
  return page.locator('svg.pwc').evaluateAll((charts) =>
    charts.flatMap((chart) => {
      const name = chart.closest('article')?.getAttribute('data-claim') ?? 'chart';
      const boxes = Array.from(chart.querySelectorAll('text'), (node) => {
        const text = node as unknown as Drawn;
        return { text: text.textContent ?? '', box: text.getBBox() };
      });
      const found: { chart: string; a: string; b: string }[] = [];
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) {
          const apart =
            a.box.x + a.box.width <= b.box.x ||
            b.box.x + b.box.width <= a.box.x ||
            a.box.y + a.box.height <= b.box.y ||
            b.box.y + b.box.height <= a.box.y;
          if (!apart) found.push({ chart: name, a: a.text, b: b.text });
        }
      }
      return found;
    }),
  );
}

/** Band labels whose rendered box pokes out of their band. */
export function bandLabelsOutside(page: Page): Promise<string[]> {
  return page.locator('svg.pwc .bands text').evaluateAll((labels) =>
    labels.flatMap((label) => {
      const band = label.previousElementSibling as unknown as Drawn | null;
      if (!band) return [`${label.textContent}: no band`];
      const box = (label as unknown as Drawn).getBBox();
      const rect = band.getBBox();
      const inside = box.x >= rect.x && box.x + box.width <= rect.x + rect.width;
      return inside
        ? []
        : [`${label.textContent} (${box.x}–${box.x + box.width} in ${rect.x}–${rect.x + rect.width})`];
    }),
  );
}
