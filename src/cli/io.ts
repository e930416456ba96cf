/**
 * Where CLI output goes. Commands write lines through this instead of touching process.stdout, so tests run
 * them in-process and read exactly what a user would see.
 */
export interface CliIo {
  /** Data: JSON lines or the readable table. */
  out(line: string): void;
  /** One-line errors and warnings. */
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** The CLI's exit codes (DESIGN.md): ok, some input or job failed, usage or config error. */
export const EXIT = { ok: 0, inputFailed: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
