/**
 * The status page at GET /: one HTML document the server renders from the same views the JSON API answers,
 * so it reads without JavaScript; the script only refreshes it and shows a chart mark's headline on focus.
 * Loaded in a real headless chromium over the news-day replay, with JavaScript off it must show every
 * claim with its status and timeline; with JavaScript on, each chart must hold one mark per piece of the
 * claim's evidence and one band per status in the history's order, laid out legibly. The screenshot it
 * leaves in test/.artifacts/status-page.png is for a human to look at (test/http/demo-page.redis.test.ts takes
 * the demo's). Hostile headlines stay text, in the timeline and in the chart.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChart } from '../../src/chart/index.js';
import { ManualClock } from '../../src/clock.js';
import { STATUS_PAGE_SCRIPT } from '../../src/http/status-page-script.js';
import { STATUS_PAGE_STYLE } from '../../src/http/status-page-style.js';
import { escapeMarkup } from '../../src/text/escape-markup.js';
import { chartInputOf } from '../../src/views/chart-input.js';
import { readClaimDetail } from '../../src/views/read.js';
import type { ChangeView, ClaimView, EvidenceView } from '../../src/views/views.js';
import { evidence, NOW } from '../claims/evidence-factory.js';
import { NEWS_SCRIPT, REPO_ROOT } from '../support/news-replay.js';
import { waitUntil } from '../support/wait-until.js';
import { type Browser, openBrowser } from './browser.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import { bandLabelsOutside, expectedCard, overlappingLabels, readCards } from './page-reading.js';
import { type ServedReplay, serveReplay } from './served-replay.js';

const SCREENSHOT = path.join(REPO_ROOT, 'test/.artifacts/status-page.png');

interface XmlDocument {
  getElementsByTagName(name: string): { length: number };
  querySelectorAll(selector: string): { length: number };
}

const headline = (key: string) => NEWS_SCRIPT.items.find((item) => item.key === key);
const hash = (text: string) => createHash('sha256').update(text).digest('base64');

describe('GET /', () => {
  let local: LocalServer;

  beforeAll(async () => {
    local = await startLocalServer('http-page-doc', { runtime: { clock: new ManualClock(NOW) } });
  });

  afterAll(async () => {
    await local?.close();
  });

  it('answers one HTML document whose only script and style are allowed by hash', async () => {
    const response = await fetch(`${local.server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'sha256-${hash(STATUS_PAGE_SCRIPT)}'`);
    expect(csp).toContain(`style-src 'sha256-${hash(STATUS_PAGE_STYLE)}'`);
    expect(csp).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).toContain('<main>');
  });

  it('holds every claim, its status and its chart in the HTML itself: nothing waits for a script', async () => {
    const html = await (await fetch(`${local.server.url}/`)).text();
    expect(html).not.toContain('Loading');
    expect(html).toContain(`As of <time datetime="${NOW.toISOString()}">2025-07-01 12:00 UTC</time>`);
    for (const claim of local.runtime.config.claims) {
      expect(html).toContain(
        `<article class="claim" aria-labelledby="claim-${claim.id}" data-claim="${claim.id}">`,
      );
      const title = escapeMarkup(claim.title);
      expect(html).toContain(
        `<h3 id="claim-${claim.id}">${title}</h3><span class="badge s-open">open</span>`,
      );
    }
    expect(html.match(/<svg class="pwc" /g)).toHaveLength(local.runtime.config.claims.length);
    expect(html.match(/<p class="empty">No status changes yet\.<\/p>/g)).toHaveLength(
      local.runtime.config.claims.length,
    );
  });

  it('builds nothing from markup in the browser: the script adopts parsed nodes, never innerHTML', () => {
    expect(STATUS_PAGE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  describe('when Redis is away', () => {
    let away: LocalServer;

    beforeAll(async () => {
      away = await startLocalServer('http-page-away', { runtime: { clock: new ManualClock(NOW) } });
      away.runtime.redis.disconnect();
      // disconnect() closes the socket asynchronously: until then the connection still says "ready" and a
      // read fails with "Connection is closed." instead (503 as well, test/redis/connection-error.test.ts).
      await waitUntil('the connection to end', async () => away.runtime.redis.status === 'end', 5_000);
    });

    afterAll(async () => {
      await away?.close();
    });

    it('still answers the page, with 503 and the reason where the claims would be', async () => {
      const response = await fetch(`${away.server.url}/`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await response.text();
      expect(html).toMatch(
        /<p class="alert" id="problem" role="alert">Could not read the status: the Redis connection is \w+<\/p>/,
      );
      expect(html).toContain('The claims could not be read; reload the page to try again.');
    });
  });
});

describe('the status page in chromium', () => {
  describe('over the news-day replay', () => {
    let served: ServedReplay;
    let claims: ClaimView[];
    const histories = new Map<string, ChangeView[]>();
    const evidenceOf = new Map<string, EvidenceView[]>();
    const expected = () =>
      claims.map((claim) =>
        expectedCard(claim, histories.get(claim.id) ?? [], evidenceOf.get(claim.id) ?? []),
      );

    beforeAll(async () => {
      served = await serveReplay('http-page');
      await served.replay.runScenario();
      const items = async <T>(path: string) =>
        ((await served.json(`${path}?limit=1000`)).body as { items: T[] }).items;
      claims = await items<ClaimView>('/api/claims');
      for (const claim of claims) {
        const base = `/api/claims/${claim.id}`;
        histories.set(claim.id, await items<ChangeView>(`${base}/history`));
        evidenceOf.set(claim.id, await items<EvidenceView>(`${base}/evidence`));
      }
    }, 60_000);

    afterAll(async () => {
      await served?.close();
    });

    describe('with JavaScript off', () => {
      let browser: Browser;

      beforeAll(async () => {
        browser = await openBrowser({ javaScript: false });
        await browser.page.goto(`${served.server.url}/`);
      }, 60_000);

      afterAll(async () => {
        await browser?.close();
      });

      it('shows every claim with its title, status and whole timeline, in config order', async () => {
        const cards = await readCards(browser.page);
        expect(
          cards.map(({ id, title, status, timelineEntries }) => ({ id, title, status, timelineEntries })),
        ).toEqual(
          expected().map(({ id, title, status, timelineEntries }) => ({
            id,
            title,
            status,
            timelineEntries,
          })),
        );
        expect(cards.some((card) => card.timelineEntries > 0)).toBe(true);
        expect(await browser.page.locator('article.claim h3').first().isVisible()).toBe(true);
      });

      it('shows the charts and the feeds too', async () => {
        expect(await browser.page.locator('svg.pwc').count()).toBe(claims.length);
        expect(await browser.page.locator('#feed-rows tr').count()).toBe(3);
      });
    });

    describe('with JavaScript on', () => {
      let browser: Browser;

      beforeAll(async () => {
        browser = await openBrowser();
        await browser.page.goto(`${served.server.url}/`);
        await browser.page.locator('#updated', { hasText: 'refreshed every minute' }).waitFor();
        mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
        await browser.page.screenshot({ path: SCREENSHOT, fullPage: true });
      }, 60_000);

      afterAll(async () => {
        await browser?.close();
      });

      it("draws in each chart one mark per piece of the claim's evidence, in the lane of its direction", async () => {
        const cards = await readCards(browser.page);
        expect(cards.map(({ id, marks }) => ({ id, marks }))).toEqual(
          expected().map(({ id, marks }) => ({ id, marks })),
        );
        expect(cards.reduce((sum, card) => sum + card.marks.links, 0)).toBeGreaterThan(0);
      });

      it("draws each chart's bands in the order of the claim's history", async () => {
        const cards = await readCards(browser.page);
        expect(cards.map(({ id, bands }) => ({ id, bands }))).toEqual(
          expected().map(({ id, bands }) => ({ id, bands })),
        );
        expect(cards.find((card) => card.id === 'rare-earths')?.bands).toEqual([
          'open',
          'advancing',
          'contested',
          'advancing',
        ]);
      });

      it('lays every chart out legibly: no two labels overlap, every band label stays in its band', async () => {
        expect(await overlappingLabels(browser.page)).toEqual([]);
        expect(await bandLabelsOutside(browser.page)).toEqual([]);
      });

      it("shows a mark's headline while it has keyboard focus, and hides it on Escape", async () => {
        const mark = browser.page.locator('article[data-claim="rare-earths"] svg.pwc .marks a').first();
        const title = await mark.locator('title').textContent();
        await mark.focus();
        const tip = browser.page.locator('#chart-tip');
        expect(await tip.isVisible()).toBe(true);
        expect(await tip.textContent()).toBe(title);
        expect(title).toMatch(/ — [^,]+, 2025-\d\d-\d\d \((progress|setback|confirms|refutes|neutral)/);
        await browser.page.keyboard.press('Escape');
        expect(await tip.isVisible()).toBe(false);
      });

      it("lets a keyboard step over a chart's marks to the claim's timeline", async () => {
        const card = browser.page.locator('article[data-claim="rare-earths"]');
        const skip = card.locator('a.skip');
        await skip.focus();
        expect(await skip.isVisible()).toBe(true);
        expect(await skip.textContent()).toBe("Skip the chart's 6 evidence items to the timeline");
        await browser.page.keyboard.press('Enter');
        await browser.page.keyboard.press('Tab');
        const focused = await browser.page.evaluate(
          () =>
            (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
              .activeElement.textContent,
        );
        expect(focused).toBe(headline('magnets-flowing')?.title);
      });

      it('links each mark to its story', async () => {
        const magnets = headline('magnets-flowing');
        const link = browser.page.locator('article[data-claim="rare-earths"] svg.pwc .marks a', {
          has: browser.page.locator('title', { hasText: magnets?.title ?? '-' }),
        });
        expect(await link.getAttribute('href')).toBe(magnets?.link);
      });

      it("shows a claim's timeline: date, from → to, trigger, and the headlines as links", async () => {
        const entries = browser.page.locator('article[data-claim="rare-earths"] ol.timeline > li');
        expect(await entries.count()).toBe(3);
        const first = entries.first();
        expect(await first.isVisible()).toBe(true);
        expect(await first.locator('.change').textContent()).toBe('2025-06-11open → advancing by evidence');
        const magnets = headline('magnets-flowing');
        const link = first.getByRole('link', { name: magnets?.title });
        expect(await link.isVisible()).toBe(true);
        expect(await link.getAttribute('href')).toBe(magnets?.link);
      });

      it('says so for a claim that never changed', async () => {
        const card = browser.page.locator('article[data-claim="tariff-truce"]');
        expect(await card.getByText('No status changes yet.').isVisible()).toBe(true);
      });

      it("shows every feed's health in a table", async () => {
        const rows = browser.page.locator('#feed-rows tr');
        expect(await rows.count()).toBe(3);
        for (const row of await rows.all()) expect(await row.locator('.badge').textContent()).toBe('ok');
        const header = browser.page.getByRole('columnheader', { name: 'Failures in a row' });
        expect(await header.isVisible()).toBe(true);
      });

      it('logs no console error and breaks no content-security rule', () => {
        expect(browser.errors).toEqual([]);
      });
    });

    // Last in this block: it dismisses evidence, which the blocks above must not see.
    describe('an analyst filtering and correcting (JavaScript off)', () => {
      let browser: Browser;

      beforeAll(async () => {
        browser = await openBrowser({ javaScript: false });
      }, 60_000);

      afterAll(async () => {
        await browser?.close();
      });

      it('shows only the claims of the status chosen in the filter form', async () => {
        await browser.page.goto(`${served.server.url}/`);
        await browser.page.locator('select[name="status"]').selectOption('confirmed');
        await Promise.all([
          browser.page.waitForURL(/[?&]status=confirmed/),
          browser.page.getByRole('button', { name: 'Show' }).click(),
        ]);
        const shown = await browser.page
          .locator('article.claim')
          .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-claim')));
        const confirmed = claims.filter((claim) => claim.status === 'confirmed').map((claim) => claim.id);
        expect(confirmed.length).toBeGreaterThan(0);
        expect(shown).toEqual(confirmed);
        expect(await browser.page.locator('select[name="status"]').inputValue()).toBe('confirmed');
      });

      it('strikes a dismissed item through, says who and why, and leaves it out of the chart', async () => {
        const runtime = served.replay.runtime;
        const claim = runtime.config.claims.find((candidate) => candidate.id === 'rare-earths');
        if (!claim) throw new Error('no rare-earths claim');
        const [wrong] = await runtime.ledger.getEvidence(claim.id);
        if (!wrong) throw new Error('rare-earths has no evidence');
        const at = runtime.clock.now().toISOString();
        await runtime.ledger.dismiss(claim, wrong.id, { at, note: 'about Myanmar', by: 'http' });

        await browser.page.goto(`${served.server.url}/`);
        const card = browser.page.locator('article[data-claim="rare-earths"]');
        const struck = card.locator('li.dismissed del');
        expect(await struck.count()).toBeGreaterThan(0);
        expect(await struck.first().textContent()).toContain(wrong.title);
        expect(await card.locator('li.dismissed .why').first().textContent()).toContain('dismissed by http');
        const counting = (evidenceOf.get('rare-earths') ?? []).length - 1;
        expect(await card.locator('figure.chart').getAttribute('data-evidence')).toBe(String(counting));
        const [read] = await readCards(browser.page).then((cards) =>
          cards.filter((one) => one.id === 'rare-earths'),
        );
        const { above, below, neutral } = read?.marks ?? { above: 0, below: 0, neutral: 0 };
        expect(above + below + neutral).toBe(counting);
      });
    });
  });

  describe('when the claims change while the page is open', () => {
    let local: LocalServer;
    let browser: Browser;

    beforeAll(async () => {
      local = await startLocalServer('http-page-refresh', { runtime: { clock: new ManualClock(NOW) } });
      browser = await openBrowser();
      await browser.page.clock.install();
      await browser.page.goto(`${local.server.url}/`);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await local?.close();
    });

    it('refreshes within a minute with what the server renders: the new change, status and marks', async () => {
      const card = browser.page.locator('article[data-claim="tariff-truce"]');
      expect(await card.locator('.claim-head .badge').textContent()).toBe('open');
      const claim = local.runtime.config.claims.find((candidate) => candidate.id === 'tariff-truce');
      if (!claim) throw new Error('config/claims.yaml has no tariff-truce');
      for (const [source, age] of [
        ['wire-a', 1],
        ['wire-b', 2],
      ] as const) {
        const story = `${source}-${age}`;
        const record = evidence('progress', source, age, {
          id: `${claim.id}:${story}`,
          storyKey: story,
          claim: claim.id,
        });
        await local.runtime.ledger.recordEvidence(claim, record);
      }
      await browser.page.clock.runFor(60_000);
      await expect.poll(() => card.locator('.claim-head .badge').textContent()).toBe('advancing');
      expect(await card.locator('svg.pwc .marks.above a').count()).toBe(2);
      expect(await card.locator('ol.timeline > li').count()).toBe(1);
      expect(await browser.page.locator('#updated').textContent()).toBe(
        'As of 2025-07-01 12:00 UTC · refreshed every minute',
      );
      expect(browser.errors).toEqual([]);
    });
  });

  describe('when evidence headlines and links are hostile', () => {
    let local: LocalServer;
    let browser: Browser;

    beforeAll(async () => {
      local = await startLocalServer('http-page-xss', { runtime: { clock: new ManualClock(NOW) } });
      const claim = local.runtime.config.claims.find((candidate) => candidate.id === 'tariff-truce');
      if (!claim) throw new Error('config/claims.yaml has no tariff-truce');
      const hostile = [
        evidence('progress', 'wire-a', 1, {
          id: 'tariff-truce:img',
          storyKey: 'img',
          claim: claim.id,
          title: '<img src=x onerror="window.pwned=1">Truce extended',
          link: 'javascript:window.pwned=2',
        }),
        evidence('progress', 'wire-b', 2, {
          id: 'tariff-truce:script',
          storyKey: 'script',
          claim: claim.id,
          title: '</li><script>window.pwned=3</script>Tariffs paused',
          link: 'https://news.example/a?b="><script>window.pwned=4</script>',
        }),
        evidence('setback', 'wire-c', 3, {
          id: 'tariff-truce:svg',
          storyKey: 'svg',
          claim: claim.id,
          title: '</title></a><svg onload="window.pwned=5"><a href="javascript:window.pwned=6">x',
          source: '"><img src=x onerror=window.pwned=7>',
          link: 'data:text/html,<script>window.pwned=8</script>',
        }),
      ];
      for (const record of hostile) await local.runtime.ledger.recordEvidence(claim, record);
      browser = await openBrowser();
      await browser.page.goto(`${local.server.url}/`);
      await browser.page.locator('article[data-claim="tariff-truce"] ol.timeline > li').first().waitFor();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await local?.close();
    });

    it('shows them as text in the timeline, runs none of them, and links only the http(s) URL', async () => {
      const entry = browser.page.locator('article[data-claim="tariff-truce"] ol.timeline > li').first();
      const text = await entry.textContent();
      expect(text).toContain('<img src=x onerror="window.pwned=1">Truce extended');
      expect(text).toContain('</li><script>window.pwned=3</script>Tariffs paused');
      expect(await browser.page.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();
      expect(await browser.page.locator('main img, main script, main svg svg').count()).toBe(0);
      const hrefs = await entry.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual(['https://news.example/a?b=%22%3E%3Cscript%3Ewindow.pwned=4%3C/script%3E']);
      expect(browser.errors).toEqual([]);
    });

    it('names the chart marks with them as text and links only the http(s) URL', async () => {
      const chart = browser.page.locator('article[data-claim="tariff-truce"] svg.pwc');
      const titles = await chart.locator('.marks title').allTextContents();
      expect(titles).toEqual(
        expect.arrayContaining([
          expect.stringContaining('<img src=x onerror="window.pwned=1">Truce extended'),
          expect.stringContaining('</title></a><svg onload="window.pwned=5">'),
        ]),
      );
      const hrefs = await chart
        .locator('.marks a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual(['https://news.example/a?b=%22%3E%3Cscript%3Ewindow.pwned=4%3C/script%3E']);
      expect(await chart.locator('.marks g[tabindex="0"]').count()).toBe(2);
      expect(await browser.page.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();
    });

    it('writes them into a standalone chart that is still well-formed XML', async () => {
      const claim = local.runtime.config.claims.find((candidate) => candidate.id === 'tariff-truce');
      if (!claim) throw new Error('config/claims.yaml has no tariff-truce');
      const detail = await readClaimDetail(local.runtime, claim);
      const svg = renderChart(chartInputOf(claim, detail, NOW), { standalone: true });
      const parsed = await browser.page.evaluate((text) => {
        // The tests compile without the DOM's types; in the page, DOMParser is the browser's.
        const { DOMParser: Parser } = globalThis as unknown as {
          DOMParser: new () => { parseFromString(text: string, type: string): XmlDocument };
        };
        const doc = new Parser().parseFromString(text, 'image/svg+xml');
        return {
          error: doc.getElementsByTagName('parsererror').length,
          scripts: doc.getElementsByTagName('script').length,
          foreign: doc.querySelectorAll('svg svg, img').length,
        };
      }, svg);
      expect(parsed).toEqual({ error: 0, scripts: 0, foreign: 0 });
    });
  });
});
