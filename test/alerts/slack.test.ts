import { describe, expect, it } from 'vitest';
import {
  escapeSlack,
  feedFailingEvent,
  MAX_SLACK_EVIDENCE,
  slackBody,
  statusChangedEvent,
} from '../../src/alerts/index.js';
import type { EvidenceRecord } from '../../src/claims/index.js';
import { CHANGE, CLAIM, EVIDENCE, expectGolden } from './sample.js';

/** Every text Slack will parse as mrkdwn: the fallback and each block's text. */
function mrkdwnTexts(body: string): string[] {
  const parsed = JSON.parse(body) as {
    text: string;
    blocks: Array<{ text?: { text: string }; elements?: Array<{ text: string }> }>;
  };
  return [
    parsed.text,
    ...parsed.blocks.flatMap((block) => [
      ...(block.text ? [block.text.text] : []),
      ...(block.elements ?? []).map((element) => element.text),
    ]),
  ];
}

describe('slackBody', () => {
  describe('when a claim changes status', () => {
    const body = slackBody(statusChangedEvent(CLAIM, CHANGE, EVIDENCE, 30));

    it('renders the claim, from → to, and the headlines as links (golden)', () => {
      expectGolden(body, 'status-changed.slack.json');
    });

    it('gives a plain fallback text for notifications', () => {
      expect(JSON.parse(body).text).toBe('Rare earth exports to the US resume: open → advancing');
    });

    it('escapes &, < and > in headlines and links', () => {
      const texts = mrkdwnTexts(body).join('\n');
      expect(texts).toContain('Beijing &lt;approves&gt; licences');
      expect(texts).toContain('?src=rss&amp;utm=x|');
      expect(texts).toContain('US firms &amp; suppliers');
      // The only raw < and > are the link delimiters we wrote.
      for (const text of mrkdwnTexts(body)) {
        expect(text.replace(/<https:\/\/[^<>|\s]+\|[^<>]*>/g, '')).not.toMatch(/[<>]/);
      }
    });
  });

  describe('when a headline tries to inject markup', () => {
    it('cannot open a link or mention the channel', () => {
      const [first] = EVIDENCE;
      if (!first) throw new Error('sample evidence missing');
      const hostile: EvidenceRecord = {
        ...first,
        title: '<!channel> <https://evil.test|click>',
        link: 'javascript:alert(1)',
      };
      const body = slackBody(statusChangedEvent(CLAIM, { ...CHANGE, evidence: [first.id] }, [hostile], 30));
      const texts = mrkdwnTexts(body).join('\n');
      expect(texts).toContain('&lt;!channel&gt; &lt;https://evil.test|click&gt;');
      expect(texts).not.toContain('javascript:');
    });
  });

  describe('when a change cites many pieces of evidence', () => {
    it(`lists ${MAX_SLACK_EVIDENCE} and counts the rest`, () => {
      const [first] = EVIDENCE;
      if (!first) throw new Error('sample evidence missing');
      const many = Array.from({ length: 14 }, (_, index) => ({ ...first, id: `rare-earths:s${index}` }));
      const change = { ...CHANGE, evidence: many.map((record) => record.id) };
      const texts = mrkdwnTexts(slackBody(statusChangedEvent(CLAIM, change, many, 30))).join('\n');
      expect(texts.match(/^• /gm)).toHaveLength(MAX_SLACK_EVIDENCE);
      expect(texts).toContain('_and 4 more_');
    });
  });

  describe('when a feed is failing', () => {
    it('says which feed, how often and why', () => {
      const event = feedFailingEvent(
        { id: 'caixin', source: 'Caixin', url: 'https://www.caixinglobal.com/rss.xml' },
        {
          consecutiveFailures: 3,
          lastError: { code: 'FETCH_NETWORK', message: 'Could not fetch the feed at x: <ECONNREFUSED>' },
          lastErrorAt: '2025-07-01T12:30:00.000Z',
        },
      );
      const texts = mrkdwnTexts(slackBody(event)).join('\n');
      expect(texts).toContain('Feed Caixin (caixin) is failing: 3 polls in a row');
      expect(texts).toContain('`FETCH_NETWORK` Could not fetch the feed at x: &lt;ECONNREFUSED&gt;');
      expect(texts).toContain('No successful poll yet');
    });
  });
});

describe('escapeSlack', () => {
  it.each([
    ['ampersand first, so entities are not double-escaped', 'a & <b>', 'a &amp; &lt;b&gt;'],
    ['text without control characters is unchanged', 'Beijing: 稀土 *bold*', 'Beijing: 稀土 *bold*'],
  ])('%s', (_name, input, expected) => {
    expect(escapeSlack(input)).toBe(expected);
  });
});
