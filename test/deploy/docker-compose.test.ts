/**
 * No Docker engine runs on the build machines, so the deployment files are checked as data: the compose
 * file must parse (with merge keys, as Compose reads them) and describe Redis 7 with AOF on and no eviction
 * (BullMQ needs every key), plus a scheduler and a scalable worker with the config mounted, secrets from an
 * env file and a healthcheck on /healthz; the Dockerfile must build in stages and run as non-root.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  volumes?: string[];
  env_file?: Array<{ path: string; required: boolean }>;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] };
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

describe('docker-compose.yml', () => {
  describe('the redis service', () => {
    const redis = compose.services.redis;

    it('runs Redis 7 with AOF on and eviction off', () => {
      expect(redis?.image).toMatch(/^redis:7/);
      const command = redis?.command?.join(' ') ?? '';
      expect(command).toContain('--appendonly yes');
      expect(command).toContain('--maxmemory-policy noeviction');
    });

    it('keeps the data in a named volume and checks health', () => {
      const volume = redis?.volumes?.[0]?.split(':')[0] ?? '';
      expect(Object.keys(compose.volumes ?? {})).toContain(volume);
      expect(redis?.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    });
  });

  describe.each([
    ['scheduler', 'scheduler'],
    ['worker', 'worker'],
  ])('the %s service', (name, role) => {
    const service = compose.services[name];

    it(`runs the daemon with --role ${role}`, () => {
      expect(service?.build).toBe('.');
      expect(service?.command).toEqual(['start', '--role', role]);
    });

    it('mounts the config read-only, takes secrets from an env file and waits for a healthy Redis', () => {
      expect(service?.volumes).toContain('./config:/app/config:ro');
      expect(service?.env_file?.[0]?.path).toBe('.env');
      expect(service?.environment?.REDIS_URL).toBe('redis://redis:6379');
      // The daemon binds 127.0.0.1 unless told otherwise; in a container the published port needs every interface.
      expect(service?.environment?.PW_HTTP_HOST).toBe('0.0.0.0');
      expect(service?.depends_on?.redis?.condition).toBe('service_healthy');
    });

    it('checks health on /healthz', () => {
      expect(service?.healthcheck?.test?.join(' ')).toContain('/healthz');
    });
  });
});

describe('Dockerfile', () => {
  it('builds in one stage and runs dist/ in another, as the non-root node user', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('ENTRYPOINT ["node", "dist/src/cli/main.js"]');
    expect(dockerfile).toContain('npm prune --omit=dev');
  });

  it('runs on Node 24 LTS in both stages, and listens on every interface inside the container', () => {
    expect(dockerfile.match(/^FROM node:24-bookworm-slim/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/PW_HTTP_HOST=0\.0\.0\.0/);
  });
});
