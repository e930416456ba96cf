/**
 * The environment, as one schema (DESIGN.md "Interfaces"): every variable the project reads, with its type,
 * its default and what it does. The daemon and the CLI read a variable only through `readEnv`, and
 * `check-config` checks them all with the same parsers (`environmentProblems`) and prints what is in effect
 * (`effectiveEnvironment`, for `--dump`), so the three can never disagree.
 *
 * Webhook secrets and feed credentials are also environment variables, but their names are chosen in the
 * config files (`secret_env`, `auth_env`); the config loader reads and checks those.
 */
import { PolicyWatchError } from '../errors.js';
import { redactUrl } from '../text/redact-url.js';
import { NodeListError, parseNodeList, type RedisNodeList, showNodeList } from './redis-nodes.js';

/** Thrown by a parser with the part of the sentence after the variable's name. */
class EnvValueError extends Error {}

interface EnvVariable<T> {
  description: string;
  /** The default as a person reads it (in `--dump` and the docs' table). */
  defaultText: string;
  /** The value when the variable is unset or blank. */
  fallback: T;
  /**
   * How `--dump` shows a set value: `secret` never, `url` without its password, `nodes` each entry without
   * its password. @defaultValue as is
   */
  shown?: 'secret' | 'url' | 'nodes';
  /** Turns the trimmed, non-empty text into the value; throws EnvValueError. */
  parse(raw: string): T;
}

const variable = <T>(spec: EnvVariable<T>): EnvVariable<T> => spec;

function wholeNumber(raw: string, min: number, max: number, what: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new EnvValueError(`must be ${what} (got "${raw}")`);
  }
  return value;
}

/** A name that goes into keys or Sentinel commands as it is: letters, digits, '_', '.' and '-'. */
function plainName(raw: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(raw)) {
    throw new EnvValueError(`may only contain letters, digits, '_', '.' and '-' (got "${raw}")`);
  }
  return raw;
}

function nodeList(raw: string, defaultPort: number): RedisNodeList {
  try {
    return parseNodeList(raw, defaultPort);
  } catch (thrown) {
    if (thrown instanceof NodeListError) throw new EnvValueError(thrown.message);
    throw thrown;
  }
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const ENV_SCHEMA = {
  REDIS_URL: variable({
    description:
      'the Redis server (redis:// or rediss:// URL, or a unix socket path); its password is a secret',
    defaultText: 'redis://127.0.0.1:6379',
    fallback: 'redis://127.0.0.1:6379',
    shown: 'url',
    parse: (raw) => {
      if (raw.startsWith('/')) return raw;
      if (!URL.canParse(raw) || !['redis:', 'rediss:'].includes(new URL(raw).protocol)) {
        throw new EnvValueError(
          `must be a redis:// or rediss:// URL or a socket path (got "${redactUrl(raw)}")`,
        );
      }
      return raw;
    },
  }),
  REDIS_CLUSTER_NODES: variable<RedisNodeList | undefined>({
    description:
      'instead of REDIS_URL: seed nodes of a Redis Cluster, host:port,host:port… (or redis[s]:// URLs, for TLS and a password)',
    defaultText: 'none',
    fallback: undefined,
    shown: 'nodes',
    parse: (raw) => nodeList(raw, 6379),
  }),
  REDIS_SENTINELS: variable<RedisNodeList | undefined>({
    description:
      'instead of REDIS_URL: the Sentinels, host:port,… (or redis[s]:// URLs: TLS and a password for them and the primary)',
    defaultText: 'none',
    fallback: undefined,
    shown: 'nodes',
    parse: (raw) => nodeList(raw, 26379),
  }),
  REDIS_SENTINEL_NAME: variable<string | undefined>({
    description: 'with REDIS_SENTINELS: the name the Sentinels monitor the primary under',
    defaultText: 'none',
    fallback: undefined,
    parse: plainName,
  }),
  PW_CONFIG_DIR: variable({
    description: 'the config directory (claims.yaml, feeds.yaml, webhooks.yaml, lexicon.yaml); --config wins',
    defaultText: './config',
    fallback: 'config',
    parse: (raw) => raw,
  }),
  PW_PREFIX: variable({
    description: 'the key prefix; two deployments on one Redis need different ones',
    defaultText: 'pw',
    fallback: 'pw',
    parse: plainName,
  }),
  PW_HTTP_HOST: variable({
    description: 'the address the HTTP server binds; 0.0.0.0 for every interface',
    defaultText: '127.0.0.1',
    fallback: '127.0.0.1',
    parse: (raw) => raw,
  }),
  PW_HTTP_PORT: variable({
    description: 'the HTTP port; 0 picks a free one (logged as http.listening)',
    defaultText: '8080',
    fallback: 8080,
    parse: (raw) => wholeNumber(raw, 0, 65_535, 'a port number from 0 to 65535'),
  }),
  PW_HTTP_TOKEN: variable<string | undefined>({
    description: 'when set, every HTTP path but the probes and /metrics needs Authorization: Bearer <token>',
    defaultText: 'none',
    fallback: undefined,
    shown: 'secret',
    parse: (raw) => {
      if (raw.length < 16) {
        throw new EnvValueError('must be at least 16 characters (a random token, e.g. openssl rand -hex 32)');
      }
      return raw;
    },
  }),
  LOG_LEVEL: variable<string | undefined>({
    description:
      'the pino level; debug adds poll.enqueued (unset: CLI commands other than start log warn, -v info)',
    defaultText: 'info',
    fallback: undefined,
    parse: (raw) => {
      if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
        throw new EnvValueError(`must be one of ${LOG_LEVELS.join(', ')} (got "${raw}")`);
      }
      return raw;
    },
  }),
  PW_STALLED_INTERVAL_MS: variable<number | undefined>({
    description:
      "how soon another worker takes over a dead worker's job (BullMQ's stalled interval and lock)",
    defaultText: '30000',
    fallback: undefined,
    parse: (raw) =>
      wholeNumber(raw, 100, Number.MAX_SAFE_INTEGER, 'a whole number of milliseconds, at least 100'),
  }),
  PW_HEAP_GROWING_PERCENT: variable({
    description: "how far V8 lets the heap grow past live data before a full collection (0: V8's default)",
    defaultText: '20',
    fallback: 20,
    parse: (raw) => wholeNumber(raw, 0, 400, 'a whole number from 0 to 400'),
  }),
};

export type EnvName = keyof typeof ENV_SCHEMA;
export type EnvValue<N extends EnvName> = (typeof ENV_SCHEMA)[N]['fallback'];

type Environment = Readonly<Record<string, string | undefined>>;

/** The variable's value, or its default when unset; throws CONFIG_INVALID naming the variable. */
export function readEnv<N extends EnvName>(name: N, env: Environment = process.env): EnvValue<N> {
  const spec = ENV_SCHEMA[name] as EnvVariable<EnvValue<N>>;
  const raw = env[name]?.trim();
  if (!raw) return spec.fallback;
  try {
    return spec.parse(raw);
  } catch (thrown) {
    if (!(thrown instanceof EnvValueError)) throw thrown;
    throw new PolicyWatchError('CONFIG_INVALID', `${name} ${thrown.message}`);
  }
}

/** Where the data lives: one Redis server, a Redis Cluster, or a primary that Sentinels manage. */
export type RedisTopology =
  | { kind: 'server'; url: string }
  | ({ kind: 'cluster' } & RedisNodeList)
  | ({ kind: 'sentinel'; name: string } & RedisNodeList);

const TOPOLOGY_VARIABLES = ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const;

const isSet = (env: Environment, name: EnvName) => Boolean(env[name]?.trim());

/**
 * The one sentence about how the Redis variables combine, or undefined when they do: exactly one of
 * REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS is set (none: REDIS_URL's default), and
 * REDIS_SENTINEL_NAME goes with REDIS_SENTINELS. REDIS_URL counts only when set: its default yields.
 */
function topologyProblem(env: Environment): string | undefined {
  const set = TOPOLOGY_VARIABLES.filter((name) => isSet(env, name));
  if (set.length > 1) {
    return `set only one of ${TOPOLOGY_VARIABLES.join(', ')} (${set.join(' and ')} are set)`;
  }
  if (isSet(env, 'REDIS_SENTINELS') && !isSet(env, 'REDIS_SENTINEL_NAME')) {
    return 'REDIS_SENTINELS needs REDIS_SENTINEL_NAME, the name the Sentinels monitor the primary under';
  }
  if (isSet(env, 'REDIS_SENTINEL_NAME') && !isSet(env, 'REDIS_SENTINELS')) {
    return 'REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not: set both, or neither';
  }
  return undefined;
}

/** The Redis to use, from the variables above; throws CONFIG_INVALID naming the variable(s). */
export function readRedisTopology(env: Environment = process.env): RedisTopology {
  const problem = topologyProblem(env);
  if (problem) throw new PolicyWatchError('CONFIG_INVALID', problem);
  const cluster = readEnv('REDIS_CLUSTER_NODES', env);
  if (cluster) return { kind: 'cluster', ...cluster };
  const sentinels = readEnv('REDIS_SENTINELS', env);
  const name = readEnv('REDIS_SENTINEL_NAME', env);
  if (sentinels && name) return { kind: 'sentinel', name, ...sentinels };
  return { kind: 'server', url: readEnv('REDIS_URL', env) };
}

/** One sentence per variable that would stop `start`, in the schema's order, then how they combine. */
export function environmentProblems(env: Environment = process.env): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(ENV_SCHEMA) as EnvName[]) {
    try {
      readEnv(name, env);
    } catch (thrown) {
      problems.push(thrown instanceof Error ? thrown.message : String(thrown));
    }
  }
  const combined = topologyProblem(env);
  if (combined) problems.push(combined);
  return problems;
}

export interface EffectiveSetting {
  name: EnvName;
  /** As set (secrets redacted), or the default's text. */
  value: string;
  source: 'environment' | 'default';
  description: string;
}

/** What `start` would run with, secrets redacted: for `check-config --dump`. */
export function effectiveEnvironment(env: Environment = process.env): EffectiveSetting[] {
  return (Object.keys(ENV_SCHEMA) as EnvName[]).map((name) => {
    const spec = ENV_SCHEMA[name] as EnvVariable<unknown>;
    const raw = env[name]?.trim();
    if (!raw) {
      // REDIS_URL's default yields to a Cluster or Sentinels: say so rather than show an address not used.
      const yielded = name === 'REDIS_URL' && TOPOLOGY_VARIABLES.find((other) => isSet(env, other));
      const value = yielded ? `none (${yielded} is set)` : spec.defaultText;
      return { name, value, source: 'default', description: spec.description };
    }
    const value =
      spec.shown === 'secret'
        ? '[redacted]'
        : spec.shown === 'url'
          ? redactUrl(raw)
          : spec.shown === 'nodes'
            ? showNodeList(raw)
            : raw;
    return { name, value, source: 'environment', description: spec.description };
  });
}
