/**
 * A TCP proxy in front of the test Redis that holds every connection until `release()`: a daemon started
 * against it is caught mid-start for as long as a test needs (its first command waits), which no timing
 * can promise. `connected` resolves when the first client has connected — by then the daemon has reached
 * its start and installed its signal handlers.
 */
import { connect, createServer, type Socket } from 'node:net';
import { testRedisUrl } from './redis.js';

export interface HeldRedisProxy {
  url: string;
  connected: Promise<void>;
  release(): void;
  close(): Promise<void>;
}

export async function startHeldRedisProxy(): Promise<HeldRedisProxy> {
  const target = new URL(testRedisUrl());
  const sockets = new Set<Socket>();
  const held: Socket[] = [];
  let released = false;
  let onFirst: () => void = () => {};
  const connected = new Promise<void>((resolve) => {
    onFirst = resolve;
  });
  const forward = (client: Socket) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
    client.resume();
  };
  const server = createServer((client) => {
    sockets.add(client);
    onFirst();
    if (released) return forward(client);
    client.pause();
    held.push(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    connected,
    release: () => {
      released = true;
      for (const client of held.splice(0)) forward(client);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
