/**
 * One progress line while the replay runs: rewritten in place (`\r`) on a terminal, one plain line per
 * update otherwise (a CI log or a test reading stdout gets every day in order).
 */
export interface ProgressLine {
  update(text: string): void;
  /** Ends the line so what follows starts on a fresh one. */
  done(): void;
}

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function progressLine(stream: ProgressStream): ProgressLine {
  let open = false;
  return {
    update: (text) => {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${text}`);
        open = true;
      } else {
        stream.write(`${text}\n`);
      }
    },
    done: () => {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

export interface DayProgress {
  index: number;
  days: number;
  date: string;
  items: number;
  changes: number;
  delivered: number;
  swept: boolean;
}

export function progressText(p: DayProgress): string {
  const day = `day ${String(p.index).padStart(2)}/${p.days}`;
  return `${day}  ${p.date}  items ${p.items}  changes ${p.changes}  alerts delivered ${p.delivered}${p.swept ? '  (sweep)' : ''}`;
}
