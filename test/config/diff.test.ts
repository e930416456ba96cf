import { describe, expect, it } from 'vitest';
import { describeDiff, diffById, diffConfig } from '../../src/config/diff.js';
import { withHidden } from '../../src/config/hidden.js';
import type { PolicyWatchConfig } from '../../src/config/load.js';

const base = {
  dir: '/config',
  claims: [{ id: 'a', title: 'A' }],
  feeds: [{ id: 'f', url: 'https://example.org/rss' }],
  webhooks: [],
  lexicon: { up: ['rise'], down: [], loosen: [], tighten: [] },
  alerts: { failing_after: 3 },
  archive: { days: 30, maxItems: 100_000 },
} as unknown as PolicyWatchConfig;

describe('diffById', () => {
  it('names what was added, removed and changed, by id, in the new order', () => {
    const before = [
      { id: 'a', x: 1 },
      { id: 'b', x: 1 },
    ];
    const after = [
      { id: 'c', x: 1 },
      { id: 'a', x: 2 },
    ];
    expect(diffById(before, after)).toEqual({ added: ['c'], removed: ['b'], changed: ['a'] });
  });

  it('sees a rotated secret, which JSON alone would not show', () => {
    const withSecret = (secret: string) => [
      withHidden({ id: 'hook', url: 'https://r.example/' }, 'secret', secret),
    ];
    expect(diffById(withSecret('whsec_one'), withSecret('whsec_two')).changed).toEqual(['hook']);
    expect(diffById(withSecret('whsec_one'), withSecret('whsec_one')).changed).toEqual([]);
  });
});

describe('diffConfig', () => {
  it('reports the lexicon and the alert settings apart from the lists', () => {
    const after = {
      ...base,
      lexicon: { ...base.lexicon, up: ['rise', 'climb'] },
      claims: [...base.claims, { id: 'b', title: 'B' }],
    } as PolicyWatchConfig;
    const diff = diffConfig(base, after);
    expect(diff.settings).toEqual(['lexicon']);
    expect(diff.claims.added).toEqual(['b']);
    expect(describeDiff(diff)).toBe('claims +1, lexicon');
  });

  it('says so when nothing changed', () => {
    expect(describeDiff(diffConfig(base, { ...base }))).toBe('nothing changed');
  });
});
