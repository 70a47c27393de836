/**
 * Progress on standard error for long runs (inputs over 100,000 rows). On a terminal, a bar
 * redrawn in place at most 10 times a second; elsewhere (a log, a pipe), one plain line per
 * finished phase, so logs stay readable.
 */
export const PROGRESS_MIN_ROWS = 100_000;

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export class Progress {
  private label = "";
  private started = Date.now();
  private lastDraw = 0;
  private drawn = false;
  /** Whether the current phase is shown (a phase is shown once its input is known to be large). */
  shown = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly enabled: boolean,
  ) {}

  /** Starts a phase; it is drawn only once `show()` is called (or `shown` is set). */
  start(label: string, shown: boolean): void {
    this.label = label;
    this.started = Date.now();
    this.lastDraw = 0;
    this.shown = shown;
  }

  /** Shows the phase at `fraction` (0..1) with a detail ("450,000 rows"). */
  update(fraction: number, detail = ""): void {
    if (!this.enabled || !this.shown || !this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && fraction < 1) return;
    this.lastDraw = now;
    const width = Math.max(10, Math.min(30, (this.stream.columns ?? 80) - 50));
    const f = Math.max(0, Math.min(1, fraction));
    const filled = Math.round(f * width);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const pct = `${Math.floor(f * 100)}`.padStart(3);
    this.stream.write(`\r\u001b[2K${this.label.padEnd(8)} ${bar} ${pct}% ${detail}`);
    this.drawn = true;
  }

  /** Ends the phase: clears the bar (terminal) or prints one line (elsewhere). */
  finish(detail = ""): void {
    if (!this.enabled || !this.shown) return;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    this.clear();
    if (!this.stream.isTTY) this.stream.write(`kpi-scorecard: ${this.label} ${detail}`.trimEnd() + ` (${seconds} s)\n`);
  }

  /** Clears a drawn bar (before an error message or the summary). */
  clear(): void {
    if (this.drawn && this.stream.isTTY) this.stream.write("\r\u001b[2K");
    this.drawn = false;
  }
}
