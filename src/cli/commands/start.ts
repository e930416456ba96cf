/**
 * `policy-watch start [--role all|scheduler|worker]`: the daemon, logging JSON lines on stdout. The first
 * SIGTERM/SIGINT drains (stop ticking, finish in-flight jobs within the deadline, close connections) and
 * exits 0; a second signal exits at once. SIGHUP re-reads the config directory: a valid config takes effect,
 * an invalid one is logged with every problem and the running one stays (app/reload.ts). A signal
 * that arrives while the daemon is still starting is acted on once it has started.
 */

import { type Daemon, type DaemonRole, startDaemon } from '../../app/daemon.js';
import type { PolicyWatchConfig } from '../../config/load.js';
import { toPolicyWatchError } from '../../errors.js';
import { createLogger, LOG_EVENTS } from '../../log.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';

export const DAEMON_ROLES: readonly DaemonRole[] = ['all', 'scheduler', 'worker'];

export async function startCommand(
  config: PolicyWatchConfig,
  role: DaemonRole,
  io: CliIo,
): Promise<ExitCode> {
  const logger = createLogger();
  // Handlers go in before the daemon starts: Node's default for SIGHUP is to exit, so a reload sent while
  // the daemon connects (a config-management run, a supervisor's reload right after a restart) would
  // otherwise kill it without a line. A signal that arrives during the start is acted on once it is done.
  let daemon: Daemon | undefined;
  let stopRequested = false;
  let reloadRequested = false;
  let signals = 0;
  let stopped: (() => void) | undefined;
  const onStopSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ event: LOG_EVENTS.daemonKilled, signal }, 'second signal: exiting now');
      process.exit(EXIT.inputFailed);
    }
    if (!daemon) {
      logger.info(
        { event: LOG_EVENTS.daemonSignal, signal, starting: true },
        `${signal} during start: stopping once started (send it again to exit now)`,
      );
      stopRequested = true;
      return;
    }
    logger.info({ event: LOG_EVENTS.daemonSignal, signal }, `${signal}: shutting down gracefully`);
    void daemon.stop().then(() => stopped?.());
  };
  const onReloadSignal = (signal: NodeJS.Signals) => {
    if (!daemon) {
      logger.info(
        { event: LOG_EVENTS.daemonSignal, signal, starting: true },
        `${signal} during start: reloading once started`,
      );
      reloadRequested = true;
      return;
    }
    logger.info({ event: LOG_EVENTS.daemonSignal, signal }, `${signal}: reloading the config`);
    void daemon.reload();
  };
  process.on('SIGTERM', onStopSignal);
  process.on('SIGINT', onStopSignal);
  process.on('SIGHUP', onReloadSignal);
  try {
    daemon = await startDaemon({ config, role, logger });
  } catch (thrown) {
    process.off('SIGTERM', onStopSignal);
    process.off('SIGINT', onStopSignal);
    process.off('SIGHUP', onReloadSignal);
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
  const running = daemon;
  return new Promise<ExitCode>((resolve) => {
    stopped = () => resolve(EXIT.ok);
    if (stopRequested) {
      void running.stop().then(() => resolve(EXIT.ok));
      return;
    }
    if (reloadRequested) void running.reload();
  });
}
