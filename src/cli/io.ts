/**
 * Where CLI output goes (and, for a command that reads a stream, where its input comes from). Commands write
 * lines through this instead of touching process.stdout, so tests run them in-process and read exactly what
 * a user would see.
 */
export interface CliIo {
  /** Data: JSON lines or the readable table. */
  out(line: string): void;
  /** One-line errors and warnings. */
  err(line: string): void;
  /** The standard input, for a command told to read `-`. @defaultValue none: such a command refuses */
  stdin?: () => NodeJS.ReadableStream & { isTTY?: boolean };
  /** Whether `out` may carry ANSI colours. @defaultValue false */
  colour?: boolean;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdin: () => process.stdin,
  // Colour is for a person at a terminal; NO_COLOR (no-color.org) turns it off there too.
  get colour() {
    return process.stdout.isTTY === true && !process.env.NO_COLOR;
  },
};

/** The CLI's exit codes (DESIGN.md): ok, some input or job failed, usage or config error. */
export const EXIT = { ok: 0, inputFailed: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
