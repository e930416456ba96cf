/**
 * Starts the benchmark's feed server (pipeline-server-main.ts) in a child process and talks to it over IPC:
 * the feeds it serves once it listens, and its request counters on demand.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { siblingModule } from './measure.js';

export interface ServerCounts {
  ok: number;
  notModified: number;
  notFound: number;
  /** TCP connections accepted: far fewer than requests when keep-alive reuses them. */
  connections: number;
  bytes: number;
}

export interface ServerReady {
  type: 'ready';
  port: number;
  main: string[];
  plain: string[];
  mainItems: number;
  mainMatching: number;
  mainBytes: number;
}

export interface FeedServer {
  origin: string;
  ready: ServerReady;
  counts(): Promise<ServerCounts>;
  close(): Promise<void>;
}

export interface FeedServerOptions {
  root: string;
  baseMs: number;
  feeds: number;
  plainFeeds: number;
  itemsPerFeed: number;
}

/** The next IPC message of `type` from the feed server child; rejects if the child exits first. */
export function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`feed server exited (code ${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startFeedServer(options: FeedServerOptions): Promise<FeedServer> {
  const args = [options.root, options.baseMs, options.feeds, options.plainFeeds, options.itemsPerFeed];
  // fork keeps process.execArgv: the child runs as this script does (compiled, or under tsx).
  const child = fork(siblingModule(import.meta.url, 'pipeline-server-main'), args.map(String), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await nextMessage<ServerReady>(child, 'ready');
  return {
    origin: `http://127.0.0.1:${ready.port}`,
    ready,
    counts: async () => {
      if (!child.connected) throw new Error(`feed server is gone (exit code ${child.exitCode})`);
      const answer = nextMessage<{ counts: ServerCounts }>(child, 'counts');
      child.send({ type: 'counts' });
      return (await answer).counts;
    },
    close: async () => {
      if (child.exitCode !== null || !child.connected) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}
