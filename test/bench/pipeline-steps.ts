/**
 * Which pipeline step a Redis command belongs to, for the per-step breakdown of bench:pipeline (MONITOR,
 * pipeline-redis.ts). A top-level command is placed by the first key it names under the run's `{prefix}`
 * (src/redis/keys.ts) and, for a script, by which script it is: BullMQ's are named by the SHA-1 of their
 * source (ioredis sends EVAL with the source on a connection's first use, EVALSHA after). Every redis.call
 * a script makes belongs to the script's step. MULTI and EXEC name no key: they go with the commands of
 * their transaction (MONITOR shows a transaction as one uninterrupted block).
 *
 * Pure apart from reading BullMQ's script sources once.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { RECORD_SCRIPT } from '../../src/claims/ledger-record-script.js';

/** The steps in the order a poll, a derivation and a delivery run them; the table prints in this order. */
export const STEPS = [
  'poll job: add',
  'poll job: take',
  'health read',
  'seen-stories check',
  'record script',
  'alert-job adds',
  'derive-job adds',
  'mark seen',
  'health write',
  'poll job: finish (+ take next)',
  'derive: promote (bench)',
  'derive job: take',
  'derive: ledger read',
  'derive: ledger commit',
  'derive: change dispatch',
  'derive job: finish (+ take next)',
  'alert job: take',
  'alert job: log',
  'alert job: finish (+ take next)',
  'BullMQ: other (stalled checks, locks, idle queues)',
  'other',
] as const;

export type Step = (typeof STEPS)[number];

export interface StepCount {
  /** Every command of the step: top-level ones, MULTI/EXEC and each redis.call inside its scripts. */
  commands: number;
  /** Top-level commands and scripts by name (scripts by their BullMQ name, or ours by what they do). */
  calls: Map<string, number>;
  /** Commands run inside the step's scripts, by name. */
  inner: Map<string, number>;
}

export type StepCounts = Map<Step, StepCount>;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\x07': '\\a',
  '\b': '\\b',
};

/**
 * A script's source as an EVAL line's argument reaches a MONITOR listener: escaped by Redis (sdscatrepr:
 * backslash, quote, control characters and bytes outside printable ASCII) and then with `\"` turned back
 * into `"` by ioredis' monitor parser.
 */
function asMonitored(source: string): string {
  let out = '';
  for (const byte of Buffer.from(source, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (char === '"') out += '"';
    else if (ESCAPES[char]) out += ESCAPES[char];
    else if (byte >= 0x20 && byte < 0x7f) out += char;
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function bullmqScriptNames(): Map<string, string> {
  // bullmq has no `exports` map; its CommonJS build lists every script with its source.
  const scripts = createRequire(import.meta.url)('bullmq/dist/cjs/scripts/index.js') as Record<
    string,
    { name?: string; content?: string }
  >;
  const names = new Map<string, string>();
  for (const script of Object.values(scripts)) {
    if (!script.name || !script.content) continue;
    names.set(sha1(script.content), script.name);
    names.set(sha1(asMonitored(script.content)), script.name);
  }
  return names;
}

const ALERT_STEPS = {
  add: 'alert-job adds',
  take: 'alert job: take',
  finish: 'alert job: finish (+ take next)',
  log: 'alert job: log',
} as const;

const QUEUE_STEPS: Record<string, { add: Step; take: Step; finish: Step; log?: Step }> = {
  'poll-feed': { add: 'poll job: add', take: 'poll job: take', finish: 'poll job: finish (+ take next)' },
  'derive-status': {
    add: 'derive-job adds',
    take: 'derive job: take',
    finish: 'derive job: finish (+ take next)',
  },
};

function queueStep(queue: string, op: string): Step {
  // Every webhook's own queue (deliver-alert-<id>) counts as the alerts step.
  const steps = queue.startsWith('deliver-alert-') ? ALERT_STEPS : QUEUE_STEPS[queue];
  const other = 'BullMQ: other (stalled checks, locks, idle queues)';
  if (!steps) return other;
  if (op.startsWith('add') && op.endsWith('Job')) return steps.add;
  if (op === 'addLog') return steps.log ?? other;
  if (op === 'moveToActive' || op === 'bzpopmin') return steps.take;
  if (op === 'moveToFinished') return steps.finish;
  if (queue === 'derive-status' && (op === 'moveJobsToWait' || op === 'promote')) {
    return 'derive: promote (bench)';
  }
  return other;
}

export interface StepClassifier {
  /** The step and the display name of a top-level command (its args as MONITOR shows them). */
  classify(args: readonly string[]): { step: Step; name: string };
}

export function stepClassifier(tag: string): StepClassifier {
  const scripts = bullmqScriptNames();
  scripts.set(sha1(RECORD_SCRIPT), 'record');
  scripts.set(sha1(asMonitored(RECORD_SCRIPT)), 'record');
  const marker = `${tag}:`;

  const scriptOf = (args: readonly string[]): string | undefined => {
    const command = args[0]?.toLowerCase();
    if (command === 'evalsha' || command === 'evalsha_ro') return scripts.get(args[1] ?? '') ?? 'evalsha';
    // An EVAL line carries the source (ioredis sends EVAL on a connection's first use of a script).
    if (command === 'eval' || command === 'eval_ro') return scripts.get(sha1(args[1] ?? '')) ?? 'eval';
    return undefined;
  };

  return {
    classify(args) {
      const script = scriptOf(args);
      const name = script ?? args[0]?.toLowerCase() ?? '?';
      // A script's keys start after its source or SHA and the key count.
      const key = args.slice(script ? 3 : 1).find((arg) => arg.startsWith(marker));
      if (!key) return { step: 'other', name };
      const [kind = '', id = '', ...rest] = key.slice(marker.length).split(':');
      const last = rest.at(-1) ?? '';
      if (kind === 'bull') return { step: queueStep(id, script ?? name), name };
      if (kind === 'poll') return { step: 'record script', name };
      if (kind === 'feed' && last === 'state') {
        return { step: script ? 'health write' : 'health read', name: script ? 'health script' : name };
      }
      if (kind === 'feed' && last === 'seen') {
        return { step: name === 'zadd' ? 'mark seen' : 'seen-stories check', name };
      }
      if (kind === 'claim') {
        if (last === 'alerted' || last === 'history') {
          return { step: 'derive: change dispatch', name: script ? 'raise-cursor script' : name };
        }
        if (script) return { step: 'derive: ledger commit', name: 'commit script' };
        return { step: 'derive: ledger read', name };
      }
      return { step: 'other', name };
    },
  };
}

/** Counts MONITOR lines into steps; `top` for a client's command, `inner` for a script's redis.call. */
export function stepCounter(tag: string) {
  const classifier = stepClassifier(tag);
  const counts: StepCounts = new Map();
  const open = new Map<string, number>();
  const lastStep = new Map<string, Step>();
  let scriptStep: Step = 'other';

  const entry = (step: Step): StepCount => {
    let found = counts.get(step);
    if (!found) {
      found = { commands: 0, calls: new Map(), inner: new Map() };
      counts.set(step, found);
    }
    return found;
  };
  const bump = (map: Map<string, number>, name: string, by = 1) => map.set(name, (map.get(name) ?? 0) + by);

  return {
    top(source: string, args: readonly string[]): void {
      const command = args[0]?.toLowerCase();
      if (command === 'multi') {
        open.set(source, (open.get(source) ?? 0) + 1);
        return;
      }
      if (command === 'exec') {
        const step = lastStep.get(source) ?? 'other';
        entry(step).commands++;
        bump(entry(step).calls, 'exec');
        return;
      }
      const { step, name } = classifier.classify(args);
      const count = entry(step);
      const multis = open.get(source) ?? 0;
      if (multis > 0) {
        count.commands += multis;
        bump(count.calls, 'multi', multis);
        open.delete(source);
      }
      count.commands++;
      bump(count.calls, name);
      lastStep.set(source, step);
      scriptStep = step;
    },
    inner(args: readonly string[]): void {
      const count = entry(scriptStep);
      count.commands++;
      bump(count.inner, args[0]?.toUpperCase() ?? '?');
    },
    counts: (): StepCounts => {
      for (const [, multis] of open) {
        entry('other').commands += multis;
        bump(entry('other').calls, 'multi', multis);
      }
      open.clear();
      return counts;
    },
  };
}
