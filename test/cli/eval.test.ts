/**
 * `policy-watch eval` on the labeled set of real published stories (test/fixtures/eval/). The floors below
 * are regression floors at today's figures on the whole set, rounded down: the targets (top claim
 * 0.92 / direction 0.88 in English, 0.88 / 0.85 in Chinese, ≤ 3 % look-alikes) are not met yet — README,
 * "Judgement on real news", has the figures, the holdout's apart.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../support/capture-io.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONFIG = path.join(ROOT, 'config');
const STORIES = path.join(ROOT, 'test/fixtures/eval/stories.jsonl');

async function evalCli(...args: string[]) {
  const io = captureIo();
  const code = await runCli(['--config', CONFIG, 'eval', ...args], io);
  return { code, io };
}

describe('policy-watch eval', () => {
  describe('when the default claims are scored on the labeled set', () => {
    it('stays at or above the regression floors, per language', async () => {
      const { code, io } = await evalCli(
        STORIES,
        '--min-claim',
        'en=0.86,zh=0.87',
        '--min-direction',
        'en=0.79,zh=0.82',
        '--max-lookalike',
        '0.04',
      );
      expect(io.stderr).toEqual([]);
      expect(code).toBe(0);
    });

    it('prints the figures for all, dev and holdout apart, then every miss with its explanation', async () => {
      const { io } = await evalCli(STORIES);
      const text = io.stdout.join('\n');
      expect(text).toMatch(/SPLIT\s+LANG\s+STORIES\s+TOP CLAIM\s+DIRECTION\s+LOOK-ALIKES MATCHED/);
      for (const split of ['all', 'dev', 'holdout'])
        expect(text).toMatch(new RegExp(`\\n\\s+${split}\\s+en\\s+`));
      expect(text).toMatch(/LABEL \\ MATCHED/);
      expect(text).toMatch(/\d+ misses:/);
      expect(text).toMatch(/expected: .*\n\s+matched: /);
    });

    it('gives one JSON object with every split, language and claim with --json', async () => {
      const { code, io } = await evalCli(STORIES, '--json', '--split', 'holdout');
      expect(code).toBe(0);
      const [report] = io.json() as Array<{
        split: string;
        reports: Record<string, { byLang: object; claims: object[] }>;
      }>;
      expect(report?.split).toBe('holdout');
      expect(Object.keys(report?.reports ?? {})).toEqual(['all', 'dev', 'holdout']);
      expect(Object.keys(report?.reports.holdout?.byLang ?? {})).toEqual(['en', 'zh']);
      expect(report?.reports.all?.claims).toHaveLength(6);
    });
  });

  describe('when a figure is below its floor', () => {
    it('exits 1 and names the figure and the floor', async () => {
      const { code, io } = await evalCli(STORIES, '--min-direction', '0.99');
      expect(code).toBe(1);
      expect(io.stderr.join('\n')).toMatch(/en direction accuracy .* is below the floor 0\.99/);
    });
  });

  describe('when the input or a flag is wrong', () => {
    it('exits 2 for a file that does not exist', async () => {
      const { code, io } = await evalCli(path.join(ROOT, 'no-such-file.jsonl'));
      expect(code).toBe(2);
      expect(io.stderr.join('\n')).toMatch(/no-such-file\.jsonl: file not found/);
    });

    it('exits 2 for a floor that is not a ratio', async () => {
      const { code } = await evalCli(STORIES, '--min-claim', 'en=high');
      expect(code).toBe(2);
    });

    it('exits 2, naming them, when stories are labeled with claims the config does not have', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'pw-eval-'));
      const file = path.join(dir, 'set.jsonl');
      const story = {
        id: 'x1',
        lang: 'en',
        headline: 'A headline',
        source: 'Outlet',
        url: 'https://outlet.example/x1',
        date: '2025-07-01',
        split: 'dev',
        labels: [{ claim: 'moon-landing', direction: 'progress' }],
      };
      writeFileSync(file, `${JSON.stringify(story)}\n`);
      const { code, io } = await evalCli(file);
      expect(code).toBe(2);
      expect(io.stderr.join('\n')).toMatch(/labels claims that are not configured: moon-landing/);
    });
  });
});
