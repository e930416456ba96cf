/**
 * How much a CLI command (anything but `start`) logs on stderr: warnings and errors, or with `-v` / `--verbose`
 * the pipeline's info lines too. LOG_LEVEL, when set, wins over both (with-runtime.ts).
 */
let verbose = false;

export function setVerbose(on: boolean): void {
  verbose = on;
}

export function cliLogLevel(): 'info' | 'warn' {
  return verbose ? 'info' : 'warn';
}
