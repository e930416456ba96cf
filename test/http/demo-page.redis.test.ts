/**
 * The demo's status page, as a newcomer sees it: `npm run demo -- --serve` in a child process (the whole
 * June–November 2025 replay through the real pipeline on the test Redis), then the page it serves, read in
 * chromium at 1280 px with JavaScript off and on. Every claim, status and timeline must be there without a
 * script; every chart must match its claim's evidence and history and be legible — labels apart, band
 * labels inside their bands, each status its own texture or a grey of its own. The screenshots it leaves in
 * test/.artifacts/ (demo-page.png, demo-page-grayscale.png, demo-rare-earths-chart.png) are for a person
 * to look at. Ctrl-C (SIGTERM here) ends the serving demo with exit 0 and its keys removed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_STATUSES } from '../../src/claims/index.js';
import type { ChangeView, ClaimView, EvidenceView } from '../../src/views/views.js';
import { REPO_ROOT } from '../support/news-replay.js';
import { type Browser, openBrowser } from './browser.js';
import { bandLabelsOutside, expectedCard, overlappingLabels, readCards } from './page-reading.js';

const ARTIFACTS = path.join(REPO_ROOT, 'test/.artifacts');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface ServingDemo {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  exited: Promise<number | null>;
}

function serveDemo(): Promise<ServingDemo> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', '--serve'], {
    cwd: REPO_ROOT,
    env: { ...process.env, REDIS_URL, LOG_LEVEL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const url = /The status page: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stdout: () => stdout, exited });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    void exited.then((code) => reject(new Error(`the demo exited ${code} before serving: ${stderr}`)));
  });
}

/** Every item of an API list (one page holds them all at limit 1,000). */
async function items<T>(url: string): Promise<T[]> {
  return ((await (await fetch(`${url}?limit=1000`)).json()) as { items: T[] }).items;
}

describe("the demo's status page (npm run demo -- --serve)", () => {
  let demo: ServingDemo;
  let expected: ReturnType<typeof expectedCard>[];

  beforeAll(async () => {
    demo = await serveDemo();
    const claims = await items<ClaimView>(`${demo.url}api/claims`);
    expected = await Promise.all(
      claims.map(async (claim) =>
        expectedCard(
          claim,
          await items<ChangeView>(`${demo.url}api/claims/${claim.id}/history`),
          await items<EvidenceView>(`${demo.url}api/claims/${claim.id}/evidence`),
        ),
      ),
    );
  }, 90_000);

  afterAll(async () => {
    if (demo && demo.child.exitCode === null) demo.child.kill('SIGTERM');
    await demo?.exited;
  });

  describe('with JavaScript off', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await openBrowser({ javaScript: false });
      await browser.page.goto(demo.url);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    it('shows all six claims with their status and whole timeline', async () => {
      const cards = await readCards(browser.page);
      expect(cards).toHaveLength(6);
      const seen = cards.map(({ id, title, status, timelineEntries }) => ({
        id,
        title,
        status,
        timelineEntries,
      }));
      expect(seen).toEqual(
        expected.map(({ id, title, status, timelineEntries }) => ({ id, title, status, timelineEntries })),
      );
      expect(cards.every((card) => card.timelineEntries > 0)).toBe(true);
      expect(await browser.page.locator('#updated').textContent()).toBe('As of 2025-11-30 23:00 UTC');
    });

    it('counts the headlines the sweep has trimmed since a change instead of listing their ids', async () => {
      const first = browser.page.locator('article[data-claim="rare-earths"] ol.timeline > li').first();
      expect(await first.locator('ul.evidence li').allTextContents()).toEqual([
        '5 evidence items, no longer kept (evidence is kept 90 days)',
      ]);
    });
  });

  describe('with JavaScript on, 1280 px wide', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await openBrowser();
      await browser.page.goto(demo.url);
      await browser.page.locator('#updated', { hasText: 'refreshed every minute' }).waitFor();
      mkdirSync(ARTIFACTS, { recursive: true });
      await browser.page.screenshot({ path: path.join(ARTIFACTS, 'demo-page.png'), fullPage: true });
      await browser.page
        .locator('article[data-claim="rare-earths"] figure.chart')
        .screenshot({ path: path.join(ARTIFACTS, 'demo-rare-earths-chart.png') });
      // Through the CSSOM, which the page's Content-Security-Policy allows (a <style> would be refused).
      await browser.page.evaluate(() => {
        const root = (
          globalThis as unknown as { document: { documentElement: { style: { filter: string } } } }
        ).document.documentElement;
        root.style.filter = 'grayscale(1)';
      });
      await browser.page.screenshot({
        path: path.join(ARTIFACTS, 'demo-page-grayscale.png'),
        fullPage: true,
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    it("draws each chart's marks from the claim's evidence and its bands from the history, in order", async () => {
      const cards = await readCards(browser.page);
      expect(cards.map(({ id, bands, marks }) => ({ id, bands, marks }))).toEqual(
        expected.map(({ id, bands, marks }) => ({ id, bands, marks })),
      );
    });

    it('is legible at 1280 px: no two labels overlap, every band label stays inside its band', async () => {
      expect(
        await browser.page.evaluate(() => (globalThis as unknown as { innerWidth: number }).innerWidth),
      ).toBe(1280);
      expect(await overlappingLabels(browser.page)).toEqual([]);
      expect(await bandLabelsOutside(browser.page)).toEqual([]);
      expect(await browser.page.locator('svg.pwc .bands text').count()).toBeGreaterThan(20);
    });

    it('gives every status a texture of its own or a solid grey far from the others', async () => {
      const fills = await browser.page.evaluate(
        (statuses) => {
          const { document, getComputedStyle } = globalThis as unknown as {
            document: {
              querySelector(selector: string): { append(node: unknown): void; remove(): void } | null;
              createElementNS(ns: string, name: string): { setAttribute(name: string, value: string): void };
            };
            getComputedStyle(node: unknown): { fill: string };
          };
          const chart = document.querySelector('svg.pwc');
          return statuses.map((status) => {
            const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
            rect.setAttribute('class', `band b-${status}`);
            chart?.append(rect);
            const { fill } = getComputedStyle(rect);
            (rect as unknown as { remove(): void }).remove();
            return { status, fill };
          });
        },
        [...CLAIM_STATUSES],
      );
      const textures = fills.filter(({ fill }) => fill.startsWith('url('));
      expect(new Set(textures.map(({ fill }) => fill)).size).toBe(textures.length);
      const greys = fills
        .filter(({ fill }) => fill.startsWith('rgb('))
        .map(({ status, fill }) => {
          const [r = 0, g = 0, b = 0] = (fill.match(/\d+/g) ?? []).map(Number);
          return { status, grey: (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 };
        });
      expect(textures.length + greys.length).toBe(CLAIM_STATUSES.length);
      for (const [i, a] of greys.entries()) {
        for (const b of greys.slice(i + 1)) {
          expect(Math.abs(a.grey - b.grey), `${a.status} / ${b.status}`).toBeGreaterThan(0.2);
        }
      }
    });

    it('logs no console error and breaks no content-security rule', () => {
      expect(browser.errors).toEqual([]);
    });
  });

  describe('when the demo is stopped', () => {
    it('exits 0 and removes its keys', async () => {
      demo.child.kill('SIGTERM');
      expect(await demo.exited).toBe(0);
      expect(demo.stdout()).toMatch(/Removed the demo's \d+ Redis keys/);
    });
  });
});
