/**
 * `npm run demo` end to end, as a user runs it: a child process (`node --import tsx src/demo/main.ts`)
 * against the test Redis (REDIS_URL, default 127.0.0.1:6379), then against no reachable Redis at all. The
 * first run also writes the rare-earths chart (`--chart`), which must be the README's picture byte for byte
 * (docs/demo-rare-earths.svg; `npm run docs:chart` regenerates it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/package-root.js';
import { loadClaims } from '../../src/demo/config.js';
import { answersPing } from '../../src/demo/find-redis.js';
import { connectRedis } from '../../src/redis/connection.js';
import { listKeys } from '../../src/redis/scan.js';
import { startTestCluster, type TestCluster } from '../support/redis-topologies.js';

const ROOT = packageRoot();
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CLAIMS = loadClaims(path.join(ROOT, 'config/claims.yaml'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runDemo(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** The timeline section of each claim: the lines from its heading to the next blank line. */
function section(stdout: string, claimId: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.includes(`[${claimId}]: now `));
  if (start < 0) return [];
  const end = lines.findIndex((line, index) => index > start && line.trim() === '');
  return lines.slice(start, end < 0 ? undefined : end);
}

const CHANGE_LINE = /^ {2}\d{4}-\d{2}-\d{2} {2}[a-z]+ → [a-z]+ +by (evidence|sweep|operator);/;

async function keysLike(pattern: string): Promise<string[]> {
  const redis = await connectRedis('producer', REDIS_URL);
  try {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    return found;
  } finally {
    redis.disconnect();
  }
}

describe('npm run demo', () => {
  describe('when REDIS_URL answers', () => {
    let run: Run;
    let chartDir: string;

    beforeAll(async () => {
      chartDir = mkdtempSync(path.join(tmpdir(), 'pw-demo-chart-'));
      run = await runDemo({ REDIS_URL }, ['--chart', path.join(chartDir, 'rare-earths.svg')]);
    }, 90_000);

    afterAll(() => {
      rmSync(chartDir, { recursive: true, force: true });
    });

    it('exits 0 within a minute', () => {
      expect(run.stderr).not.toMatch(/failed|error/i);
      expect(run.code).toBe(0);
      expect(run.ms).toBeLessThan(60_000);
    });

    it('prints every default claim with at least one status change', () => {
      for (const claim of CLAIMS) {
        const lines = section(run.stdout, claim.id);
        expect(lines[0], claim.id).toContain(claim.title);
        expect(lines.filter((line) => CHANGE_LINE.test(line)).length, claim.id).toBeGreaterThan(0);
      }
    });

    it('judges each claim once per news day: no claim changes twice on one date (no quiet → open → … pairs)', () => {
      for (const claim of CLAIMS) {
        const dates = section(run.stdout, claim.id)
          .filter((line) => CHANGE_LINE.test(line))
          .map((line) => line.trim().slice(0, 10));
        expect(new Set(dates).size, `${claim.id}: ${dates.join(', ')}`).toBe(dates.length);
      }
    });

    it('delivers and verifies one alert per change, each with its own webhook id', () => {
      const totals = /^(\d+) changes, (\d+) alerts delivered and verified, (\d+) unique webhook ids$/m.exec(
        run.stdout,
      );
      expect(totals).not.toBeNull();
      const [changes, delivered, unique] = (totals ?? []).slice(1).map(Number);
      const changeLines = CLAIMS.flatMap((claim) => section(run.stdout, claim.id)).filter((line) =>
        CHANGE_LINE.test(line),
      );
      expect(changes).toBe(changeLines.length);
      expect(delivered).toBe(changes);
      expect(unique).toBe(changes);
    });

    it("writes the rare-earths chart, the same bytes as the README's (npm run docs:chart to refresh it)", () => {
      const written = readFileSync(path.join(chartDir, 'rare-earths.svg'), 'utf8');
      expect(run.stdout).toContain(
        `Wrote the rare-earths timeline chart to ${path.join(chartDir, 'rare-earths.svg')}.`,
      );
      expect(written).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="pwc" /);
      expect(written).toBe(readFileSync(path.join(ROOT, 'docs/demo-rare-earths.svg'), 'utf8'));
    });

    it('leaves no key under its prefix', async () => {
      const prefix = /under (pw-demo-[0-9a-f]+)/.exec(run.stdout)?.[1];
      expect(prefix).toBeDefined();
      expect(await keysLike(`*${prefix}*`)).toEqual([]);
    });
  });

  describe('when REDIS_CLUSTER_NODES names a three-node Redis Cluster', () => {
    let cluster: TestCluster | undefined;
    let single: Run;
    let clustered: Run;

    beforeAll(async () => {
      cluster = await startTestCluster();
      const nodes = cluster.topology.nodes.map((node) => `${node.host}:${node.port}`).join(',');
      [single, clustered] = [
        await runDemo({ REDIS_URL }),
        await runDemo({ REDIS_URL: '', REDIS_CLUSTER_NODES: nodes }),
      ];
    }, 180_000);

    afterAll(async () => {
      await cluster?.stop();
    });

    it('runs on the Cluster, exits 0 and prints the same timelines as on a single Redis', () => {
      expect(clustered.stderr).not.toMatch(/failed|error/i);
      expect(clustered.code).toBe(0);
      expect(clustered.stdout).toMatch(/^Redis: the Cluster nodes 127\.0\.0\.1:\d+, /m);
      const timelines = (run: Run) => [
        ...CLAIMS.flatMap((claim) => section(run.stdout, claim.id)),
        ...run.stdout.split('\n').filter((line) => /feed polls:|alerts delivered/.test(line)),
      ];
      expect(timelines(clustered).length).toBeGreaterThan(CLAIMS.length * 2);
      expect(timelines(clustered)).toEqual(timelines(single));
    });

    it('leaves no key under its prefix on any node', async () => {
      const prefix = /under (pw-demo-[0-9a-f]+)/.exec(clustered.stdout)?.[1];
      expect(prefix).toBeDefined();
      const redis = await connectRedis('producer', cluster?.topology);
      try {
        expect(await listKeys(redis, `*${prefix}*`)).toEqual([]);
      } finally {
        redis.disconnect();
      }
    });
  });

  describe('when REDIS_URL does not answer but redis-server is on the PATH', () => {
    // .ci/run installs redis-server: the private-Redis tests need the binary (test/support/private-redis.ts).
    it('runs on a private redis-server and stops it afterwards', async () => {
      const run = await runDemo({ REDIS_URL: 'redis://127.0.0.1:1' });
      expect(run.code).toBe(0);
      const port = /a private redis-server on 127\.0\.0\.1:(\d+)/.exec(run.stdout)?.[1];
      expect(port).toBeDefined();
      expect(await answersPing(`redis://127.0.0.1:${port}`, 500)).toBe(false);
    }, 90_000);
  });

  describe('when no Redis answers and redis-server is not on the PATH', () => {
    let bin: string;

    beforeAll(() => {
      // A PATH holding node alone.
      bin = mkdtempSync(path.join(tmpdir(), 'pw-demo-path-'));
      symlinkSync(process.execPath, path.join(bin, 'node'));
    });

    afterAll(() => {
      rmSync(bin, { recursive: true, force: true });
    });

    it('says in one sentence how to get one, and exits 1', async () => {
      const run = await runDemo({ REDIS_URL: 'redis://127.0.0.1:1', PATH: bin });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const message = run.stderr.trim();
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toContain('docker compose up -d redis');
      expect(message).toContain('redis-server');
    });
  });
});
