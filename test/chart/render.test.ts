/**
 * renderChart as a specification: one mark per piece of evidence in the lane its direction says, one band
 * per status stretch in history order, the spans (quiet stretches, tally window, trimmed past) where the
 * claim's settings put them, every label readable (inside its band, never over another), every mark
 * focusable and named, hostile text inert, and the same bytes for the same story.
 */
import { describe, expect, it } from 'vitest';
import { renderChart } from '../../src/chart/index.js';
import { radiusOf } from '../../src/chart/marks.js';
import { CLAIM, change, EVIDENCE, HISTORY, input, item, NOW } from './chart-fixture.js';
import { allMarks, attr, bandStatuses, lane, texts } from './svg-reading.js';

describe('renderChart', () => {
  describe('marks', () => {
    const svg = renderChart(input());

    it('draws one mark per piece of evidence', () => {
      expect(allMarks(svg)).toHaveLength(EVIDENCE.length);
    });

    it('puts progress and confirms above the band, setback below, neutral in its own lane', () => {
      const count = (direction: string) => EVIDENCE.filter((e) => e.direction === direction).length;
      expect(lane(svg, 'above')).toHaveLength(count('progress') + count('confirms'));
      expect(lane(svg, 'below')).toHaveLength(count('setback') + count('refutes'));
      expect(lane(svg, 'neutral')).toHaveLength(count('neutral'));
      expect(lane(svg, 'above').filter((mark) => mark.shape === 'path')).toHaveLength(count('confirms'));
    });

    it('names each mark with its headline, source, day and direction, and links it to the story', () => {
      const [first] = lane(svg, 'above');
      expect(first).toEqual({
        href: expect.stringMatching(/^https:\/\/news\.example\/2025-06-06\//),
        title: expect.stringMatching(
          /^Story \d+ on rare earths \(progress\) — Outlet \d, 2025-06-06 \(progress\)$/,
        ),
        shape: 'circle',
        attrs: expect.any(String),
      });
    });

    it('sizes a mark by weight: twice the weight, twice the area', () => {
      const heavy = lane(svg, 'above').find((mark) => mark.title.includes('The White House'));
      const light = lane(svg, 'above')[0];
      expect(heavy?.title).toContain('weight 2');
      expect(attr(heavy?.attrs ?? '', 'r')).toBeCloseTo(radiusOf(2), 1);
      expect(attr(light?.attrs ?? '', 'r')).toBeCloseTo(radiusOf(1), 1);
      expect(radiusOf(2) ** 2 / radiusOf(1) ** 2).toBeCloseTo(2, 5);
    });

    it('stacks marks of the same day without overlapping them', () => {
      const circles = lane(svg, 'above')
        .filter((mark) => mark.shape === 'circle')
        .map((mark) => ({ x: attr(mark.attrs, 'cx'), y: attr(mark.attrs, 'cy'), r: attr(mark.attrs, 'r') }));
      for (const [i, a] of circles.entries()) {
        for (const b of circles.slice(i + 1)) {
          expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(a.r + b.r - 0.2);
        }
      }
    });

    it('keeps every mark focusable: a link, or a focusable group when the link is not http(s)', () => {
      const chart = renderChart(input({ evidence: [item('progress', '2025-06-06', { link: null })] }));
      expect(lane(chart, 'above')).toEqual([expect.objectContaining({ href: undefined })]);
      expect(chart).toContain('<g tabindex="0"><title>');
    });
  });

  describe('bands', () => {
    it('follow the history in order: the status before the first change, then each change’s new status', () => {
      const svg = renderChart(input());
      expect(bandStatuses(svg)).toEqual([HISTORY[0]?.from, ...HISTORY.map((c) => c.to)]);
    });

    it('are one band of the current status for a claim with no history', () => {
      const svg = renderChart(input({ history: [], claim: { ...CLAIM, status: 'open' } }));
      expect(bandStatuses(svg)).toEqual(['open']);
    });

    it('keep a band for a change made at the very start, even of width zero', () => {
      const history = [
        change(1, 'open', 'advancing', '2025-06-05'),
        change(2, 'advancing', 'stalled', '2025-06-05'),
      ];
      const svg = renderChart(input({ history, evidence: [], claim: { ...CLAIM, since: '2025-06-06' } }));
      expect(bandStatuses(svg)).toEqual(['open', 'advancing', 'stalled']);
    });

    it('name their status in text where it fits, and show the status now in its own column', () => {
      const svg = renderChart(input());
      const labels = texts(svg).filter((text) => /^[a-z]+$/.test(text.text));
      expect(labels.map((label) => label.text)).toEqual(
        expect.arrayContaining(['advancing', 'confirmed', 'stalled']),
      );
      expect(svg).toMatch(/<g class="now"><rect class="sw b-stalled"[^>]*><title>now: stalled<\/title>/);
    });
  });

  describe('spans', () => {
    it('shade a stretch without news of stale_after_days or more, and say how long it was', () => {
      const svg = renderChart(input());
      // 2025-06-18 to 2025-08-11: 54 days without evidence.
      expect(svg).toContain('<title>No evidence for 54 days: 2025-06-18 → 2025-08-11</title>');
      expect(texts(svg).map((text) => text.text)).toContain('54 days without news');
      expect(svg).not.toContain('No evidence for 7 days');
    });

    it('mark the window the current tally counts: the last window_days up to now', () => {
      const svg = renderChart(input());
      expect(svg).toContain(
        '<title>The current tally counts the last 30 days: 2025-08-31 → 2025-09-30</title>',
      );
    });

    it('draw resolutions and operator changes as rules', () => {
      const svg = renderChart(input());
      expect(svg).toContain('<title>2025-08-20: contested → confirmed by evidence</title>');
      expect(svg).toMatch(
        /<line class="rule op"[^>]*><title>2025-09-10: confirmed → stalled by operator<\/title>/,
      );
    });

    it('shade the past before keptSince, where the sweep may have trimmed evidence', () => {
      const svg = renderChart(input({ keptSince: new Date('2025-07-02T12:00:00.000Z') }));
      expect(svg).toMatch(/<rect class="kept"[^>]*><title>Evidence before 2025-07-02 may have been trimmed/);
      expect(texts(svg).map((text) => text.text)).toContain('evidence older than 90 days is not kept');
      expect(renderChart(input())).not.toContain('class="kept"');
    });
  });

  describe('text', () => {
    it('never lets two labels of one row overlap', () => {
      const crowded = input({
        evidence: [
          ...EVIDENCE,
          item('progress', '2025-09-29'),
          item('neutral', '2025-07-05'),
          item('refutes', '2025-08-25'),
        ],
        keptSince: new Date('2025-06-20T00:00:00.000Z'),
      });
      const byRow = new Map<number, ReturnType<typeof texts>>();
      for (const text of texts(renderChart(crowded, { standalone: true }))) {
        byRow.set(text.y, [...(byRow.get(text.y) ?? []), text]);
      }
      for (const row of byRow.values()) {
        const sorted = [...row].sort((a, b) => a.from - b.from);
        for (const [i, text] of sorted.slice(1).entries()) {
          const before = sorted[i];
          expect(text.from, `${before?.text} / ${text.text}`).toBeGreaterThanOrEqual(before?.to ?? 0);
        }
      }
    });

    it('has a legend naming every status shown and every kind of mark drawn', () => {
      const svg = renderChart(input());
      const legend = svg.split('\n').find((line) => line.startsWith('<g class="legend">')) ?? '';
      for (const name of ['open', 'advancing', 'quiet', 'contested', 'confirmed', 'stalled']) {
        expect(legend).toContain(`>${name}</text>`);
      }
      for (const name of ['progress', 'setback', 'confirms', 'neutral'])
        expect(legend).toContain(`>${name}</text>`);
      expect(legend).not.toContain('>refuted</text>');
      expect(legend).not.toContain('>refutes</text>');
    });

    it('labels the axis with the year on the first tick: fortnights for four months, every other month for a year', () => {
      const labels = (svg: string) => texts(svg).filter((text) => /^[A-Z][a-z]{2}( \d|$)/.test(text.text));
      expect(labels(renderChart(input())).map((text) => text.text)).toEqual([
        'Jun 9, 2025',
        'Jun 23',
        'Jul 7',
        'Jul 21',
        'Aug 4',
        'Aug 18',
        'Sep 1',
        'Sep 15',
        'Sep 29',
      ]);
      const year = renderChart(input({ now: new Date('2026-05-20T00:00:00.000Z') }));
      expect(labels(year).map((text) => text.text)).toEqual([
        'Jul 2025',
        'Sep',
        'Nov',
        'Jan 2026',
        'Mar',
        'May',
      ]);
    });
  });

  describe('accessibility', () => {
    const svg = renderChart(input());

    it('is a named group whose title and aria-label summarise the story', () => {
      const summary =
        'Timeline of “Rare earth exports to the US resume”, 2025-06-05 to 2025-09-30: 5 status changes, now stalled; 11 evidence items (4 progress, 4 setback, 2 confirms, 1 neutral).';
      expect(svg).toMatch(
        /^<svg class="pwc" viewBox="0 0 960 \d+" width="960" height="\d+" role="group" aria-label="([^"]*)">\n<title>/,
      );
      expect(svg).toContain(`aria-label="${summary}"`);
      expect(svg).toContain(`<title>${summary}</title>`);
    });

    it('describes the bands in order', () => {
      expect(svg).toContain(
        '<desc>Status bands in order: open from 2025-06-05; advancing from 2025-06-07; quiet from 2025-07-10; contested from 2025-08-12; confirmed from 2025-08-20; stalled from 2025-09-10.</desc>',
      );
    });
  });

  describe('when headlines and links are hostile', () => {
    const hostile = [
      item('progress', '2025-06-06', {
        title: '<img src=x onerror="alert(1)">Truce </title><script>alert(2)</script>',
        link: 'javascript:alert(3)',
        source: '"><svg onload=alert(4)>',
      }),
      item('setback', '2025-06-07', {
        title: "It's \u0000a \u0008control\uFFFE & \uD800 lone",
        link: 'https://news.example/a?b="><script>alert(5)</script>',
      }),
      item('setback', '2025-06-08', { link: 'data:text/html,<script>alert(6)</script>' }),
    ];
    const svg = renderChart(
      input({ evidence: hostile, claim: { ...CLAIM, title: '</title><script>x</script>' } }),
      {
        standalone: true,
      },
    );

    it('writes them as text: no element or attribute comes from the ledger', () => {
      // No element but the chart's own, and no event-handler attribute on any of them.
      const elements = new Set([...svg.matchAll(/<([a-z]+)/g)].map(([, name]) => name));
      expect([...elements].sort()).toEqual(
        [
          'a',
          'circle',
          'defs',
          'desc',
          'g',
          'line',
          'path',
          'pattern',
          'rect',
          'style',
          'svg',
          'text',
          'title',
        ].filter((name) => elements.has(name)),
      );
      expect(elements.has('script') || elements.has('img')).toBe(false);
      expect(svg).not.toMatch(/<[^>]*\son[a-z]+=/i);
      expect(svg).toContain(
        '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Truce &lt;/title&gt;&lt;script&gt;',
      );
      expect(svg).toContain('&quot;&gt;&lt;svg onload=alert(4)&gt;');
    });

    it('links only http(s) URLs, percent-encoded', () => {
      const hrefs = allMarks(svg).map((mark) => mark.href);
      expect(hrefs).toEqual([
        undefined,
        'https://news.example/a?b=%22%3E%3Cscript%3Ealert(5)%3C/script%3E',
        undefined,
      ]);
      expect(svg).not.toMatch(/href="(javascript|data):/);
    });

    it('drops characters XML does not allow, so the file still opens', () => {
      expect(svg).toContain('It&#39;s a control &amp;  lone');
      expect([...svg].filter((char) => /\p{Cc}/u.test(char) && !'\t\n\r'.includes(char))).toEqual([]);
      expect(svg).not.toMatch(/\uFFFE|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    });
  });

  describe('output', () => {
    it('is the same bytes whatever order the evidence comes in', () => {
      const shuffled = [...EVIDENCE].reverse();
      expect(renderChart(input({ evidence: shuffled }))).toBe(renderChart(input()));
    });

    it('as a document of its own, carries its namespace, stylesheet, patterns and a heading', () => {
      const svg = renderChart(input(), { standalone: true });
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="pwc"/);
      expect(svg).toContain('<style>');
      expect(svg).toContain('<pattern id="pwc-stalled"');
      expect(svg).toContain('>Rare earth exports to the US resume</text>');
      expect(svg).toContain('>policy-watch · rare-earths · now stalled · as of 2025-09-30 UTC</text>');
    });

    it('inline, leaves the stylesheet and patterns to the page', () => {
      const svg = renderChart(input());
      expect(svg).not.toContain('<style>');
      expect(svg).not.toContain('<pattern');
    });

    it('ends at now and starts at the claim’s origin or its first news, whichever is earlier', () => {
      const early = item('setback', '2025-05-20');
      const svg = renderChart(input({ evidence: [early, ...EVIDENCE] }));
      expect(svg).toContain('2025-05-20 to 2025-09-30');
      expect(renderChart(input())).toContain(`2025-06-05 to ${NOW.toISOString().slice(0, 10)}`);
    });
  });
});
