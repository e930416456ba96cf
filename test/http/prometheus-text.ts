/**
 * Reads the Prometheus text exposition format back for assertions: `sample(text, name, labels)` is the
 * value of the one sample with that name and exactly those labels, or undefined.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
        labels[pair[1] as string] = pair[2] as string;
      }
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
}

export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  const found = parseSamples(text).filter(
    (candidate) =>
      candidate.name === name && JSON.stringify(Object.entries(candidate.labels).sort()) === wanted,
  );
  if (found.length > 1) throw new Error(`${name} ${wanted}: ${found.length} samples`);
  return found[0]?.value;
}

/** Every sample of `name`, whatever its labels. */
export function samples(text: string, name: string): Sample[] {
  return parseSamples(text).filter((candidate) => candidate.name === name);
}
