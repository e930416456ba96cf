/**
 * An optional CPU profile of one phase of the pipeline benchmark (PW_BENCH_CPU_PROFILE=<file>): V8's
 * sampling profiler through node:inspector, started and stopped around the phase, written as a
 * .cpuprofile that Chrome DevTools or `npx speedscope` opens. Profiling slows the phase: never time with it.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export async function profiled<T>(file: string | undefined, run: () => Promise<T>): Promise<T> {
  if (!file) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`  CPU profile of this phase written to ${file} (profiling slowed it)`);
  }
}
