/**
 * The live progress display (k6's `running (00m01.0s), 2/2 VUs, …` line and a bar per scenario).
 * On a terminal it redraws in place every 100 ms. When piped it stays quiet: one status line every
 * 10 s (so CI logs show the test is alive) and the final state once.
 */
import type { ChalkInstance } from 'chalk';
import type { LogSink } from './logger.js';

const TERMINAL_INTERVAL_MS = 100;
const PIPED_INTERVAL_MS = 10_000;
const BAR_WIDTH = 40;

export interface ProgressSnapshot {
  readonly elapsedMs: number;
  readonly activeVUs: number;
  readonly initializedVUs: number;
  readonly completed: number;
  readonly interrupted: number;
  readonly scenarios: ReadonlyArray<{ name: string; fraction: number; detail: string; done: boolean }>;
}

export class ProgressDisplay {
  private timer: NodeJS.Timeout | undefined;
  private drawnLines = 0;

  constructor(
    private readonly sink: LogSink,
    private readonly snapshot: () => ProgressSnapshot,
    private readonly colors: ChalkInstance,
    private readonly terminal: boolean,
  ) {}

  start(): void {
    const interval = this.terminal ? TERMINAL_INTERVAL_MS : PIPED_INTERVAL_MS;
    this.timer = setInterval(() => this.draw(false), interval);
    this.timer.unref();
  }

  /** Stops redrawing and prints the final state. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.draw(true);
  }

  private draw(final: boolean): void {
    const snapshot = this.snapshot();
    const lines = this.terminal || final ? [statusLine(snapshot), ...this.scenarioLines(snapshot, final)] : [statusLine(snapshot)];
    let text = '';
    if (this.terminal && this.drawnLines > 0) text += `\x1b[${this.drawnLines}A`;
    for (const line of lines) text += this.terminal ? `\x1b[2K${line}\n` : `${line}\n`;
    this.drawnLines = this.terminal && !final ? lines.length : 0;
    this.sink.write(text);
  }

  private scenarioLines(snapshot: ProgressSnapshot, final: boolean): string[] {
    const width = Math.max(0, ...snapshot.scenarios.map((scenario) => scenario.name.length));
    return snapshot.scenarios.map((scenario) => {
      const fraction = Math.max(0, Math.min(1, scenario.fraction));
      const mark = scenario.done || (final && fraction >= 1) ? this.colors.green('✓') : ' ';
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = this.terminal
        ? ` [${this.colors.cyan('='.repeat(filled))}${filled < BAR_WIDTH ? '>' : ''}${'-'.repeat(Math.max(0, BAR_WIDTH - filled - 1))}]`
        : '';
      const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
      return `${scenario.name.padEnd(width)} ${mark} [ ${percent} ]${bar} ${scenario.detail}`;
    });
  }
}

function statusLine(snapshot: ProgressSnapshot): string {
  return `running (${formatElapsed(snapshot.elapsedMs)}), ${snapshot.activeVUs}/${snapshot.initializedVUs} VUs, ${snapshot.completed} complete and ${snapshot.interrupted} interrupted iterations`;
}

/** `00m01.0s`, as k6's status line prints the elapsed time. */
export function formatElapsed(ms: number): string {
  const totalSeconds = Math.max(0, ms) / 1000;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds - minutes * 60;
  return `${String(minutes).padStart(2, '0')}m${seconds.toFixed(1).padStart(4, '0')}s`;
}
