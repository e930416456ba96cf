/**
 * What a reloaded config changes, by id, for the `config.reloaded` log line and for deciding what the
 * daemon must restart (the scheduler when feeds change, webhook workers when webhooks do). Secrets and
 * feed credentials are non-enumerable (hidden.ts), so they are compared explicitly — a rotated secret is a
 * change — but only ids ever leave this module.
 */
import type { PolicyWatchConfig } from './load.js';

export interface IdDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface ConfigDiff {
  claims: IdDiff;
  feeds: IdDiff;
  webhooks: IdDiff;
  /** The lexicon or the file-level alert settings. */
  settings: string[];
}

interface Identified {
  id: string;
}

/** JSON of the visible fields plus the hidden ones that matter, so equal text means equal settings. */
function fingerprint(item: object): string {
  const hidden = item as { secret?: unknown; authorization?: unknown };
  return JSON.stringify([item, hidden.secret ?? null, hidden.authorization ?? null]);
}

export function diffById(before: readonly Identified[], after: readonly Identified[]): IdDiff {
  const old = new Map(before.map((item) => [item.id, fingerprint(item)]));
  const next = new Map(after.map((item) => [item.id, fingerprint(item)]));
  return {
    added: [...next.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !next.has(id)),
    changed: [...next].filter(([id, text]) => old.has(id) && old.get(id) !== text).map(([id]) => id),
  };
}

export function diffConfig(before: PolicyWatchConfig, after: PolicyWatchConfig): ConfigDiff {
  const settings: string[] = [];
  if (JSON.stringify(before.lexicon) !== JSON.stringify(after.lexicon)) settings.push('lexicon');
  if (JSON.stringify(before.alerts) !== JSON.stringify(after.alerts)) settings.push('alerts');
  return {
    claims: diffById(before.claims, after.claims),
    feeds: diffById(before.feeds, after.feeds),
    webhooks: diffById(before.webhooks, after.webhooks),
    settings,
  };
}

export function isUnchanged(diff: IdDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}

/** "claims +1 ~2, feeds -1" — the parts that changed, for a log message; "nothing changed" otherwise. */
export function describeDiff(diff: ConfigDiff): string {
  const parts: string[] = [];
  for (const name of ['claims', 'feeds', 'webhooks'] as const) {
    const { added, removed, changed } = diff[name];
    const counts = [
      added.length > 0 ? `+${added.length}` : '',
      removed.length > 0 ? `-${removed.length}` : '',
      changed.length > 0 ? `~${changed.length}` : '',
    ].filter(Boolean);
    if (counts.length > 0) parts.push(`${name} ${counts.join(' ')}`);
  }
  parts.push(...diff.settings);
  return parts.length > 0 ? parts.join(', ') : 'nothing changed';
}
