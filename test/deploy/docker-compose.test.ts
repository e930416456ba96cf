/**
 * No Docker engine runs on the build machines, so the compose file is checked as data: it must parse and
 * describe a Redis 7 with AOF persistence, no eviction (BullMQ needs every key), a volume and a healthcheck.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComposeService {
  image?: string;
  command?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[] };
}

const compose = parse(
  readFileSync(path.resolve(import.meta.dirname, '../../docker-compose.yml'), 'utf8'),
) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  describe('when read as a compose file', () => {
    const redis = compose.services.redis;

    it('runs Redis 7', () => {
      expect(redis?.image).toMatch(/^redis:7/);
    });

    it('turns AOF on and eviction off', () => {
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
});
