/**
 * `policy-watch start [--role all|scheduler|worker]`: the daemon, logging JSON lines on stdout. The first
 * SIGTERM/SIGINT drains (stop ticking, finish in-flight jobs within the deadline, close connections) and
 * exits 0; a second signal exits at once. SIGHUP re-reads the config directory: a valid config takes effect,
 * an invalid one is logged with every problem and the running one stays (runtime/reload.ts).
 */
import type { PolicyWatchConfig } from '../../config/load.js';
import { toPolicyWatchError } from '../../errors.js';
import { createLogger, LOG_EVENTS } from '../../log.js';
import { type DaemonRole, startDaemon } from '../../runtime/daemon.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';

export const DAEMON_ROLES: readonly DaemonRole[] = ['all', 'scheduler', 'worker'];

export async function startCommand(
  config: PolicyWatchConfig,
  role: DaemonRole,
  io: CliIo,
): Promise<ExitCode> {
  const logger = createLogger();
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  try {
    daemon = await startDaemon({ config, role, logger });
  } catch (thrown) {
    // Whatever stopped the start, the daemon is not running: one JSON line for the log (stdout), one
    // sentence for whoever typed the command (stderr), and an exit code a supervisor can act on — 2 for a
    // setting an operator must change (the environment, Redis's eviction policy), 1 otherwise.
    const error = toPolicyWatchError(thrown);
    logger.error(
      { event: LOG_EVENTS.daemonRefused, err: { code: error.code, message: error.message } },
      `policy-watch did not start: ${error.message}`,
    );
    logger.flush();
    io.err(`policy-watch: ${error.message}`);
    const setting = error.code === 'CONFIG_INVALID' || error.code === 'REDIS_EVICTION_POLICY';
    return setting ? EXIT.usage : EXIT.inputFailed;
  }
  return new Promise<ExitCode>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals += 1;
      if (signals > 1) {
        logger.warn({ event: LOG_EVENTS.daemonKilled, signal }, 'second signal: exiting now');
        process.exit(EXIT.inputFailed);
      }
      logger.info({ event: LOG_EVENTS.daemonSignal, signal }, `${signal}: shutting down gracefully`);
      void daemon.stop().then(() => resolve(EXIT.ok));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    process.on('SIGHUP', (signal) => {
      logger.info({ event: LOG_EVENTS.daemonSignal, signal }, `${signal}: reloading the config`);
      void daemon.reload();
    });
  });
}
