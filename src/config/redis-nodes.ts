/**
 * The node lists of REDIS_CLUSTER_NODES and REDIS_SENTINELS (config/env.ts): comma-separated entries, each
 * `host:port` (`[::1]:7000` for IPv6) or a `redis://` / `rediss://` URL. A URL entry carries what every
 * node of the list shares: TLS (`rediss://`) and the user and password; the URL entries of one list must
 * agree on both, and a plain `host:port` entry shares them. Pure: throws NodeListError with the part of the
 * sentence after the variable's name, the password never in it.
 */
import { redactUrl } from '../text/redact-url.js';

export interface RedisNode {
  host: string;
  port: number;
}

export interface RedisNodeList {
  nodes: RedisNode[];
  /** From the URL entries (Redis 6 ACL user); undefined for `default`. */
  username?: string;
  /** From the URL entries: a secret, never shown. */
  password?: string;
  /** Some entry is `rediss://`: every connection of the list uses TLS. */
  tls: boolean;
}

export class NodeListError extends Error {}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:/@[\]]+):(\d+)$/;

function portOf(text: string, entry: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new NodeListError(`has an entry with a bad port (got "${entry}")`);
  }
  return port;
}

interface Entry {
  node: RedisNode;
  url?: { tls: boolean; username: string; password: string };
}

function parseEntry(entry: string, defaultPort: number): Entry {
  if (!entry.includes('://')) {
    const match = HOST_PORT.exec(entry);
    if (!match) throw new NodeListError(`entries must be host:port or redis[s]:// URLs (got "${entry}")`);
    const host = (match[1] as string).replace(/^\[(.*)\]$/, '$1');
    return { node: { host, port: portOf(match[2] as string, entry) } };
  }
  const shown = redactUrl(entry);
  if (!URL.canParse(entry)) throw new NodeListError(`has an entry that is not a URL (got "${shown}")`);
  const url = new URL(entry);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new NodeListError(`entries must be host:port or redis[s]:// URLs (got "${shown}")`);
  }
  if (url.pathname.replace(/^\/0?$/, '') !== '') {
    // A Cluster has only database 0; sentinels and their primary share one list of options.
    throw new NodeListError(`entries cannot select a database (got "${shown}")`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? portOf(url.port, shown) : defaultPort;
  return {
    node: { host, port },
    url: {
      tls: url.protocol === 'rediss:',
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    },
  };
}

/** @param defaultPort - a URL entry's port when it names none (6379 for Redis, 26379 for a sentinel) */
export function parseNodeList(raw: string, defaultPort: number): RedisNodeList {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => parseEntry(entry, defaultPort));
  if (entries.length === 0) throw new NodeListError('names no node');
  const urls = entries.flatMap((entry) => (entry.url ? [entry.url] : []));
  const [first] = urls;
  const agree = urls.every(
    (url) => url.tls === first?.tls && url.username === first?.username && url.password === first?.password,
  );
  if (!agree) {
    throw new NodeListError(
      'has URL entries that differ in scheme, user or password: every node shares them',
    );
  }
  const list: RedisNodeList = { nodes: entries.map((entry) => entry.node), tls: first?.tls ?? false };
  if (first?.username) list.username = first.username;
  if (first?.password) list.password = first.password;
  return list;
}

/** The list as it may be shown (check-config --dump, logs): entries with their passwords left out. */
export function showNodeList(raw: string): string {
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => (entry.includes('://') ? redactUrl(entry) : entry))
    .join(',');
}
