/**
 * The benchmarks' teardown: what each step set up (servers, temporary folders, Redis keys, workers) is
 * undone in reverse order, each once, whatever failed before — also on Ctrl-C, so an interrupted run
 * leaves no keys or child processes behind.
 */
export interface Cleanups {
  push(cleanup: { name: string; run: () => Promise<unknown> }): void;
  /** Runs the cleanups in reverse order of setup, each once; a second call returns the first run. */
  run(): Promise<void>;
}

export function cleanupsOnExit(): Cleanups {
  const cleanups: Array<{ name: string; run: () => Promise<unknown> }> = [];
  let cleaning: Promise<void> | undefined;
  const run = (): Promise<void> => {
    cleaning ??= (async () => {
      for (const { name, run: undo } of cleanups.reverse()) {
        await undo().catch((error: unknown) => console.error(`cleanup ${name} failed:`, error));
      }
    })();
    return cleaning;
  };
  process.once('SIGINT', () => {
    console.error('interrupted: cleaning up');
    void run().finally(() => process.exit(130));
  });
  return { push: (cleanup) => cleanups.push(cleanup), run };
}
