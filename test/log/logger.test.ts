/**
 * Every log line names the process that wrote it: replicas against one Redis write to one log stream, and
 * a review needs to tell their lines apart.
 */
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../support/log-capture.js';

describe('the logger', () => {
  it('puts the service, pid and hostname on every line', () => {
    const logs = captureLogs('info');
    logs.logger.child({ feedId: 'wire' }).info({ event: 'feed.polled' }, 'feed polled');

    expect(logs.lines()).toEqual([
      expect.objectContaining({
        service: 'policy-watch',
        pid: process.pid,
        hostname: hostname(),
        feedId: 'wire',
        event: 'feed.polled',
      }),
    ]);
  });
});
