/**
 * Forks the end-to-end benchmark's feed server (e2e-server-main.ts) and talks to it over IPC: the feeds it
 * serves once it listens, and when it first served each of them.
 */
import { fork } from 'node:child_process';
import { nextMessage } from './pipeline-server.js';

export interface E2eServerReady {
  type: 'ready';
  port: number;
  /** URL paths, e.g. `/feed/m17.xml`. */
  paths: string[];
  /** URL paths of the feeds whose items match no claim, e.g. `/feed/p17.xml`. */
  plainPaths: string[];
  items: number;
  plainItems: number;
  /** Items the default matcher matches on their raw title + summary (pipeline-feeds.ts). */
  matching: number;
  bytes: number;
}

export interface E2eFeedServer {
  origin: string;
  ready: E2eServerReady;
  /** Path → ms when the server first answered it 200, since the last call; the record is then cleared. */
  takeFirstServed(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

export async function startE2eFeedServer(options: {
  root: string;
  baseMs: number;
  feeds: number;
  plainFeeds: number;
  itemsPerFeed: number;
}): Promise<E2eFeedServer> {
  const args = [options.root, options.baseMs, options.feeds, options.plainFeeds, options.itemsPerFeed].map(
    String,
  );
  // fork keeps process.execArgv, so the child runs under tsx as this script does.
  const child = fork(new URL('./e2e-server-main.ts', import.meta.url), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await nextMessage<E2eServerReady>(child, 'ready');
  return {
    origin: `http://127.0.0.1:${ready.port}`,
    ready,
    takeFirstServed: async () => {
      if (!child.connected) throw new Error(`feed server is gone (exit code ${child.exitCode})`);
      const answer = nextMessage<{ served: Array<[string, number]> }>(child, 'served');
      child.send({ type: 'served' });
      return new Map((await answer).served);
    },
    close: async () => {
      if (child.exitCode !== null || !child.connected) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}
