/**
 * Where a poll's time goes, from the poll job's own log lines (no production hook): the benchmark's logger
 * writes into this sink instead of /dev/null, and the sink keeps, per job id, when the lines that close
 * each stage of jobs/poll-feed.ts were written (pino's `time`, ms):
 *
 *   taken (BullMQ processedOn) → fetch, decode, parse, health read, seen check, match → `item.matched` lines
 *   → the record script → `evidence.*` lines → alert adds, derive adds, mark seen, health write
 *   → `feed.polled` → BullMQ's finish (finishedOn).
 *
 * Lines are matched with string searches and only a few numbers per job are kept, so the sink costs less
 * than writing the lines to /dev/null did, and holds no log text in memory.
 */
import type { DestinationStream } from 'pino';
import type { PollTimes } from './pipeline-cycle.js';

export interface PollMarks {
  matchedFirst?: number;
  matchedLast?: number;
  evidenceFirst?: number;
  evidenceLast?: number;
  /** `feed.polled`, `feed.not_modified` or `feed.failed`: the job's last line before it returns. */
  polled?: number;
  /** Distinct items that matched at least one claim (`item.matched` lines carry the item id). */
  matchedItems: Set<string>;
}

const EVIDENCE = new Set(['evidence.recorded', 'evidence.duplicate', 'evidence.upgraded']);
const POLLED = new Set(['feed.polled', 'feed.not_modified', 'feed.failed']);

function field(line: string, name: string): string | undefined {
  const start = line.indexOf(`"${name}":`);
  if (start < 0) return undefined;
  const from = start + name.length + 3;
  if (line[from] === '"') return line.slice(from + 1, line.indexOf('"', from + 1));
  const end = line.slice(from).search(/[,}]/);
  return line.slice(from, end < 0 ? undefined : from + end);
}

export interface TimelineSink {
  stream: DestinationStream;
  /** The marks gathered since the last call, by poll job id; the sink starts over. */
  take(): Map<string, PollMarks>;
}

export function timelineSink(): TimelineSink {
  let marks = new Map<string, PollMarks>();
  const stream: DestinationStream = {
    write(line: string) {
      const event = field(line, 'event');
      if (!event) return;
      const isMatched = event === 'item.matched';
      const isEvidence = EVIDENCE.has(event);
      if (!isMatched && !isEvidence && !POLLED.has(event)) return;
      const jobId = field(line, 'jobId');
      const time = Number(field(line, 'time'));
      if (!jobId || !Number.isFinite(time)) return;
      let mark = marks.get(jobId);
      if (!mark) {
        mark = { matchedItems: new Set() };
        marks.set(jobId, mark);
      }
      if (isMatched) {
        mark.matchedFirst ??= time;
        mark.matchedLast = time;
        const itemId = field(line, 'itemId');
        if (itemId) mark.matchedItems.add(itemId);
      } else if (isEvidence) {
        mark.evidenceFirst ??= time;
        mark.evidenceLast = time;
      } else mark.polled = time;
    },
  };
  return {
    stream,
    take: () => {
      const taken = marks;
      marks = new Map();
      return taken;
    },
  };
}

/** One stage of a poll: its duration in each poll that has it, ms. */
export interface Stage {
  label: string;
  ms: number[];
}

/**
 * The stages of the polls that matched something and of those that did not, from BullMQ's timestamps and
 * the marks. A stage is left out of a poll whose marks are missing (a failed poll).
 */
export function pollStages(times: readonly PollTimes[], marks: ReadonlyMap<string, PollMarks>) {
  const stage = (label: string): Stage => ({ label, ms: [] });
  const matching = [
    stage('queue wait (enqueued → taken)'),
    stage('fetch, parse, health read, seen check, match'),
    stage('record script (+ its arguments)'),
    stage('alert adds, derive adds, mark seen, health write'),
    stage("BullMQ's finish (feed.polled → finishedOn)"),
  ];
  const plain = [
    stage('queue wait (enqueued → taken)'),
    stage('fetch, parse, health read, seen check, match, mark seen, health write'),
    stage("BullMQ's finish (feed.polled → finishedOn)"),
  ];
  const push = (into: Stage | undefined, from: number | undefined, to: number | undefined) => {
    if (into && from !== undefined && to !== undefined) into.ms.push(to - from);
  };
  for (const poll of times) {
    const mark = marks.get(poll.jobId);
    if (mark?.matchedFirst !== undefined) {
      const [wait, fetch, record, after, finish] = matching;
      push(wait, poll.enqueuedAt, poll.startedAt);
      push(fetch, poll.startedAt, mark.matchedFirst);
      push(record, mark.matchedLast, mark.evidenceFirst);
      push(after, mark.evidenceLast, mark.polled);
      push(finish, mark.polled, poll.finishedAt);
    } else {
      const [wait, work, finish] = plain;
      push(wait, poll.enqueuedAt, poll.startedAt);
      push(work, poll.startedAt, mark?.polled);
      push(finish, mark?.polled, poll.finishedAt);
    }
  }
  return { matching, plain };
}
