/**
 * slackBody: an alert event as a Slack incoming-webhook message, `{text, blocks}`. `text` is the one-line
 * fallback notifications show; `blocks` are mrkdwn sections: the claim, from → to, the evidence headlines
 * as `<link|title>` links with their source, then the tally and note as context. Pure.
 *
 * Slack rules followed (api.slack.com/reference/surfaces/formatting, Block Kit limits):
 *   - &, <, > in any text we did not write become &amp; &lt; &gt;: a headline cannot open a link, mention
 *     `<!channel>` or break the markup. A link URL is escaped the same way and `|` in it percent-encoded,
 *     and only http(s) URLs become links.
 *   - a section's text is at most 3000 characters: headlines are cut at 200 characters and at most
 *     MAX_SLACK_EVIDENCE are listed (with "and N more").
 */
import type {
  AlertEvent,
  EvidenceAddedData,
  EvidenceRef,
  FeedHealthData,
  PingData,
  StatusChangedData,
} from './types.js';

export const MAX_SLACK_EVIDENCE = 10;
const MAX_TITLE = 200;
const MAX_NOTE = 500;

interface MrkdwnBlock {
  type: 'section' | 'context';
  text?: { type: 'mrkdwn'; text: string };
  elements?: Array<{ type: 'mrkdwn'; text: string }>;
}

export interface SlackMessage {
  text: string;
  blocks: MrkdwnBlock[];
}

export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function slackLink(url: string | null, label: string): string {
  const text = escapeSlack(cut(label, MAX_TITLE));
  if (url === null || !/^https?:\/\//i.test(url) || !URL.canParse(url)) return text;
  return `<${escapeSlack(url).replaceAll('|', '%7C')}|${text}>`;
}

const section = (text: string): MrkdwnBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): MrkdwnBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

function evidenceLine(evidence: EvidenceRef): string {
  return `• ${slackLink(evidence.link, evidence.title)} — ${escapeSlack(evidence.source)} (${evidence.direction})`;
}

function evidenceList(evidence: readonly EvidenceRef[]): string {
  const lines = evidence.slice(0, MAX_SLACK_EVIDENCE).map(evidenceLine);
  const more = evidence.length - MAX_SLACK_EVIDENCE;
  if (more > 0) lines.push(`_and ${more} more_`);
  return lines.join('\n');
}

function statusChanged(data: StatusChangedData): SlackMessage {
  const { claim, change, tally } = data;
  const title = escapeSlack(claim.title);
  const blocks = [
    section(`*${title}*\n\`${change.from}\` → \`${change.to}\`\n_${escapeSlack(claim.question)}_`),
  ];
  if (data.evidence.length > 0) blocks.push(section(`*Evidence*\n${evidenceList(data.evidence)}`));
  const facts = [
    `progress ${tally.progress} · setback ${tally.setback} · ${tally.sources} sources in ${tally.window_days} days`,
    `trigger: ${change.trigger} · change ${escapeSlack(change.id)}`,
  ];
  if (change.note) facts.push(escapeSlack(cut(change.note, MAX_NOTE)));
  blocks.push(context(facts.join('\n')));
  return { text: `${title}: ${change.from} → ${change.to}`, blocks };
}

function evidenceAdded(data: EvidenceAddedData): SlackMessage {
  const title = escapeSlack(data.claim.title);
  return {
    text: `${title}: new ${data.evidence.direction} evidence from ${escapeSlack(data.evidence.source)}`,
    blocks: [section(`*${title}*\nNew evidence:\n${evidenceLine(data.evidence)}`)],
  };
}

function feedHealth(data: FeedHealthData, failing: boolean): SlackMessage {
  const name = `${escapeSlack(data.feed.source)} (${escapeSlack(data.feed.id)})`;
  const headline = failing
    ? `Feed ${name} is failing: ${data.consecutiveFailures} polls in a row`
    : `Feed ${name} has recovered`;
  const error = data.lastError
    ? `${failing ? 'Last error' : 'It was failing with'}: \`${escapeSlack(data.lastError.code)}\` ${escapeSlack(cut(data.lastError.message, MAX_NOTE))}`
    : '';
  const since = data.lastSuccessAt ? `Last success: ${data.lastSuccessAt}` : 'No successful poll yet';
  return {
    text: headline,
    blocks: [section(error ? `*${headline}*\n${error}` : `*${headline}*`), context(since)],
  };
}

function ping(data: PingData): SlackMessage {
  const text = `policy-watch test delivery for webhook ${escapeSlack(data.webhook)}`;
  return { text, blocks: [section(`${text}\n${escapeSlack(data.message)}`)] };
}

export function slackMessage(event: AlertEvent): SlackMessage {
  switch (event.type) {
    case 'claim.status_changed':
      return statusChanged(event.data as StatusChangedData);
    case 'claim.evidence_added':
      return evidenceAdded(event.data as EvidenceAddedData);
    case 'feed.failing':
      return feedHealth(event.data as FeedHealthData, true);
    case 'feed.recovered':
      return feedHealth(event.data as FeedHealthData, false);
    case 'ping':
      return ping(event.data as PingData);
  }
}

export function slackBody(event: AlertEvent): string {
  return JSON.stringify(slackMessage(event));
}
