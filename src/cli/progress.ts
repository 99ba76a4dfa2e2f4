/**
 * Progress for long work: a live bar on a terminal, plain periodic lines otherwise (logs, CI, pipes).
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Sets the amount done so far (records, bytes…). */
  update(done: number, detail?: string): void;
  /** Ends the bar and prints a one-line summary. */
  finish(summary?: string): void;
}

export interface ProgressOptions {
  label: string;
  total?: number;
  unit?: string;
  stream?: NodeJS.WriteStream;
  /** Seconds between plain lines when not on a terminal. */
  plainEverySeconds?: number;
  now?: () => number;
}

export function formatRate(done: number, seconds: number, unit: string): string {
  const rate = seconds > 0 ? done / seconds : 0;
  return `${Math.round(rate).toLocaleString('en')} ${unit}/s`;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const unit = options.unit ?? 'items';
  const now = options.now ?? Date.now;
  const started = now();
  const elapsed = (): number => (now() - started) / 1000;

  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${options.label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} | ETA {eta_formatted} {detail}`,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(options.total ?? 0, 0, { rate: '', detail: '' });
    return {
      update(done, detail = '') {
        if (options.total === undefined) bar.setTotal(Math.max(done, 1));
        bar.update(done, { rate: formatRate(done, elapsed(), unit), detail });
      },
      finish(summary) {
        bar.stop();
        if (summary) stream.write(`${summary}\n`);
      },
    };
  }

  const every = (options.plainEverySeconds ?? 5) * 1000;
  let lastLine = started;
  return {
    update(done, detail = '') {
      if (now() - lastLine < every) return;
      lastLine = now();
      const of = options.total !== undefined ? `/${options.total}` : '';
      stream.write(
        `${options.label}: ${done}${of} ${unit}, ${formatRate(done, elapsed(), unit)} ${detail}\n`,
      );
    },
    finish(summary) {
      if (summary) stream.write(`${summary}\n`);
    },
  };
}
