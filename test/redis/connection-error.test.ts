/**
 * A lost Redis connection reads as REDIS_UNAVAILABLE wherever an error is shown, whatever shape ioredis
 * gave it: a socket error code, or the plain "Connection is closed." of a command sent while the
 * connection was closing — which the HTTP server answered with 500 instead of 503.
 */
import { describe, expect, it } from 'vitest';
import { PolicyWatchError } from '../../src/errors.js';
import { thrownReply } from '../../src/http/reply.js';
import { isConnectionError, toRedisAwareError } from '../../src/redis/connection-error.js';

const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:6379`), { code });

describe('Redis connection errors', () => {
  describe('when the connection is gone', () => {
    it.each([
      ['a closed connection', new Error('Connection is closed.')],
      ['a refused socket', socketError('ECONNREFUSED')],
      ['a reset socket', socketError('ECONNRESET')],
      [
        'no Sentinel answering',
        new Error('All sentinels are unreachable. Retrying from scratch after 10ms.'),
      ],
      ['no Cluster node answering', new Error('Failed to refresh slots cache.')],
    ])('%s is REDIS_UNAVAILABLE, keeping the reason', (_name, error) => {
      expect(isConnectionError(error)).toBe(true);
      const shown = toRedisAwareError(error);
      expect(shown.code).toBe('REDIS_UNAVAILABLE');
      expect(shown.message).toBe(`Redis cannot be reached: ${error.message}`);
    });

    it('is answered 503 by the HTTP server, with the reason', () => {
      const reply = thrownReply(new Error('Connection is closed.'));
      expect(reply.status).toBe(503);
      expect(JSON.parse(String(reply.body))).toEqual({
        error: { code: 'REDIS_UNAVAILABLE', message: 'Redis cannot be reached: Connection is closed.' },
      });
    });
  });

  describe('when a command failed on a working connection', () => {
    it('stays what it was: an internal error, or the PolicyWatchError thrown', () => {
      const wrongType = new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
      expect(isConnectionError(wrongType)).toBe(false);
      expect(toRedisAwareError(wrongType).code).toBe('INTERNAL');
      const own = new PolicyWatchError('CONFIG_INVALID', 'bad');
      expect(toRedisAwareError(own)).toBe(own);
      expect(thrownReply(wrongType).status).toBe(500);
    });
  });
});
