/**
 * The status page at GET /: one HTML document whose script fills it from the JSON API. Loaded in a real
 * headless chromium over the news-day replay, it must show every claim with its status, each claim's
 * timeline with the headlines behind each change as links, and the feeds' health; the screenshot it
 * leaves in test/.artifacts/status-page.png is for a human to look at. Hostile headlines stay text.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { STATUS_PAGE_SCRIPT } from '../../src/http/status-page-script.js';
import type { ClaimView } from '../../src/runtime/views.js';
import { evidence, NOW } from '../claims/evidence-factory.js';
import { NEWS_SCRIPT, REPO_ROOT } from '../support/news-replay.js';
import { type Browser, openBrowser } from './browser.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import { type ServedReplay, serveReplay } from './served-replay.js';

const SCREENSHOT = path.join(REPO_ROOT, 'test/.artifacts/status-page.png');

const headline = (key: string) => NEWS_SCRIPT.items.find((item) => item.key === key);

describe('GET /', () => {
  let local: LocalServer;

  beforeAll(async () => {
    local = await startLocalServer('http-page-doc');
  });

  afterAll(async () => {
    await local?.close();
  });

  it('answers one HTML document whose only script and style are allowed by hash', async () => {
    const response = await fetch(`${local.server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    const hash = createHash('sha256').update(STATUS_PAGE_SCRIPT).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain('<main>');
  });

  it('builds the page from text nodes only', () => {
    expect(STATUS_PAGE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});

describe('the status page in chromium', () => {
  describe('over the news-day replay', () => {
    let served: ServedReplay;
    let browser: Browser;
    let claims: ClaimView[];

    beforeAll(async () => {
      served = await serveReplay('http-page');
      await served.replay.runScenario();
      claims = (await served.json('/api/claims')).body as ClaimView[];
      browser = await openBrowser();
      await browser.page.goto(`${served.server.url}/`);
      await browser.page.locator('#claims[aria-busy="false"] article.claim').first().waitFor();
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await browser.page.screenshot({ path: SCREENSHOT, fullPage: true });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    it('shows every claim with its title and status badge, in config order', async () => {
      const cards = browser.page.locator('article.claim');
      expect(
        await cards.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-claim'))),
      ).toEqual(claims.map((claim) => claim.id));
      for (const claim of claims) {
        const card = browser.page.locator(`article[data-claim="${claim.id}"]`);
        await expect.poll(() => card.locator('h3').textContent()).toBe(claim.title);
        expect(await card.locator('h3').isVisible()).toBe(true);
        const badge = card.locator('.claim-head .badge');
        expect({ claim: claim.id, status: await badge.textContent() }).toEqual({
          claim: claim.id,
          status: claim.status,
        });
        expect(await badge.isVisible()).toBe(true);
      }
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
      ];
      for (const record of hostile) await local.runtime.ledger.recordEvidence(claim, record);
      browser = await openBrowser();
      await browser.page.goto(`${local.server.url}/`);
      await browser.page.locator('article[data-claim="tariff-truce"] ol.timeline > li').waitFor();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await local?.close();
    });

    it('shows them as text, runs none of them, and links only the http(s) URL', async () => {
      const entry = browser.page.locator('article[data-claim="tariff-truce"] ol.timeline > li');
      const text = await entry.textContent();
      expect(text).toContain('<img src=x onerror="window.pwned=1">Truce extended');
      expect(text).toContain('</li><script>window.pwned=3</script>Tariffs paused');
      expect(await browser.page.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();
      expect(await browser.page.locator('main img, main script').count()).toBe(0);
      const hrefs = await entry.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual(['https://news.example/a?b=%22%3E%3Cscript%3Ewindow.pwned=4%3C/script%3E']);
      expect(browser.errors).toEqual([]);
    });
  });
});
