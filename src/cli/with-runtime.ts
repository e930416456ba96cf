/**
 * What every command on the ledger and feed state shares, checked in this order so a usage mistake is
 * reported without touching Redis:
 *   1. the config, its problems reported as check-config does (exit 2);
 *   2. a claim id checked against it (exit 2, naming the known ids);
 *   3. a runtime opened against Redis (PW_PREFIX; REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS) and
 *      always closed; any failure is one line, exit 1 — REDIS_UNAVAILABLE names host:port only, never the
 *      URL, which may carry a password.
 */
import { pino } from 'pino';
import { openRuntime, type Runtime } from '../app/open.js';
import type { ClaimConfig } from '../config/claims-schema.js';
import { readEnv } from '../config/env.js';
import { loadConfig, type PolicyWatchConfig } from '../config/load.js';
import { createLogger } from '../log.js';
import { toRedisAwareError } from '../redis/connection-error.js';
import { reportConfigError } from './commands/check-config.js';
import { type CliIo, EXIT, type ExitCode } from './io.js';
import { cliLogLevel } from './log-level.js';

export function loadCliConfig(configDir: string, io: CliIo): PolicyWatchConfig | undefined {
  try {
    return loadConfig(configDir);
  } catch (thrown) {
    reportConfigError(thrown, io);
    return undefined;
  }
}

export function findClaim(config: PolicyWatchConfig, claimId: string, io: CliIo): ClaimConfig | undefined {
  const claim = config.claims.find((candidate) => candidate.id === claimId);
  if (!claim) {
    const known = config.claims.map((candidate) => candidate.id).join(', ');
    io.err(`policy-watch: unknown claim "${claimId}"; known claims: ${known}`);
  }
  return claim;
}

export async function withRuntime(
  config: PolicyWatchConfig,
  io: CliIo,
  run: (runtime: Runtime) => Promise<ExitCode>,
): Promise<ExitCode> {
  let runtime: Runtime | undefined;
  try {
    // stdout carries the command's data (JSON lines or the table), so log lines go to stderr; sync, so a
    // line written just before exit is not lost. A command is not the daemon: it logs warnings and errors
    // unless LOG_LEVEL or -v asks for more.
    const level = readEnv('LOG_LEVEL') ?? cliLogLevel();
    const logger = createLogger({ level, destination: pino.destination({ dest: 2, sync: true }) });
    runtime = await openRuntime({ config, logger, connectionRole: 'producer' });
    return await run(runtime);
  } catch (thrown) {
    const error = toRedisAwareError(thrown);
    io.err(`policy-watch: ${error.message}`);
    return error.code === 'CONFIG_INVALID' ? EXIT.usage : EXIT.inputFailed;
  } finally {
    await runtime?.close().catch(() => undefined);
  }
}
