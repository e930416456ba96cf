/**
 * Debian's chromium, driven by playwright-core (no browser download: `executablePath`). .ci/run installs
 * the package when /usr/bin/chromium is missing; on a developer machine without it the browser tests fail
 * with one sentence saying how to install it. Each launch gets a fresh profile directory, removed on close.
 *
 * The flags keep chromium off the network it would otherwise reach for at start (component updates,
 * sync, QUIC probes): these machines have no internet, and chromium's connections would be refused.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  page: Page;
  /** Console errors and uncaught exceptions of the page, CSP violations included. */
  errors: string[];
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** @defaultValue true */
  javaScript?: boolean;
}

export async function openBrowser(options: BrowserOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  // launchPersistentContext is how playwright takes a --user-data-dir of our choosing: a fresh one.
  const profile = mkdtempSync(path.join(tmpdir(), 'pw-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: options.javaScript ?? true,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
