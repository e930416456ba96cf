/**
 * The status page's weight for a busy newsroom (test/support/busy-claims.ts: six claims, 200 pieces of
 * evidence each with real headlines and links): what a browser receives stays under issue 15's 300 KB, and
 * every one of the 1,200 marks is there. Sizes only — `npm run bench:page` measures time (docs/benchmarks.md).
 */
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { NEW_FEED_HEALTH } from '../../src/feeds/state/index.js';
import { renderStatusPage } from '../../src/http/status-page-html.js';
import { feedView } from '../../src/views/views.js';
import { busyPageModel } from '../support/busy-claims.js';
import { REPO_ROOT } from '../support/news-replay.js';

const KB = 1024;

describe('the status page of six claims with 200 evidence items each', () => {
  const config = loadConfig(path.join(REPO_ROOT, 'config'));
  const feeds = config.feeds.map((feed) => feedView(feed, NEW_FEED_HEALTH));
  const model = busyPageModel(config, feeds, 200);
  const html = renderStatusPage(model);

  it('draws all 1,200 marks, one per piece of evidence', () => {
    expect(model.claims.map((claim) => claim.evidence.length)).toEqual([200, 200, 200, 200, 200, 200]);
    // A mark is a link to its story, or a focusable group for a story without an http(s) link.
    expect(html.match(/<(a href="[^"]*"|g tabindex="0")><title>/g)?.length).toBe(1200);
  });

  it('reaches a browser in under 300 KB (gzip, as the server sends it to any client that accepts it)', () => {
    expect(gzipSync(html).length).toBeLessThan(300 * KB);
  });

  it('is under 600 KB even uncompressed: each mark costs its headline and link and little more', () => {
    expect(Buffer.byteLength(html)).toBeLessThan(600 * KB);
  });
});
