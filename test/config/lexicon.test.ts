import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { problemsOf, SMALL_CLAIMS, SMALL_FEEDS, tempConfigDirs } from '../support/config-dirs.js';

const SHIPPED = path.resolve(import.meta.dirname, '../../config');
const configDir = tempConfigDirs('pw-lexicon-');
const CLAIMS = SMALL_CLAIMS;
const FEEDS = SMALL_FEEDS;

describe('the lexicon (config/lexicon.yaml)', () => {
  describe('when the config directory has none', () => {
    it('uses the lexicon shipped with policy-watch', () => {
      const config = loadConfig(configDir({ 'claims.yaml': CLAIMS, 'feeds.yaml': FEEDS }));
      expect(config.lexicon).toEqual(loadConfig(SHIPPED).lexicon);
      expect(config.lexicon.down).toContain('defer');
    });
  });

  describe('when the directory has its own', () => {
    it('uses that one, defaulting the lists it leaves out', () => {
      const dir = configDir({
        'claims.yaml': CLAIMS,
        'feeds.yaml': FEEDS,
        'lexicon.yaml': 'change:\n  up: [surge]\n  down: [defer]\n',
      });
      expect(loadConfig(dir).lexicon).toEqual({ up: ['surge'], down: ['defer'], loosen: [], tighten: [] });
    });

    it('reports every problem with its line: a word in two lists, a wildcard, an unknown key', () => {
      const dir = configDir({
        'claims.yaml': CLAIMS,
        'feeds.yaml': FEEDS,
        'lexicon.yaml': 'change:\n  up: [rise, "fall*"]\n  down: [rise]\n  sideways: [drift]\n',
      });
      const problems = problemsOf(dir);
      expect(
        problems.some((line) =>
          /lexicon\.yaml:\d+ change\.down\[0\]: "rise" is listed in both up and down/.test(line),
        ),
      ).toBe(true);
      expect(
        problems.some((line) => /change\.up\[1\]: change words are lemmas: no wildcards/.test(line)),
      ).toBe(true);
      expect(problems.some((line) => /sideways/.test(line))).toBe(true);
    });
  });

  describe('when a claim names an invalid mover', () => {
    it('reports it with the claim and the path', () => {
      const dir = configDir({
        'claims.yaml': CLAIMS.replace('[curb*]', '["cu*rb"]'),
        'feeds.yaml': FEEDS,
      });
      expect(problemsOf(dir).join('\n')).toMatch(
        /claims\[0\]\.movers\.more_is_setback\[0\]: "\*" may only end a word/,
      );
    });
  });
});
