/**
 * Gauge sink: the last value plus the min and max seen (k6 `metrics.GaugeSink`).
 *
 * k6-compat: k6 starts `max` at 0, so a gauge that only ever held negative values reports
 * `max=0` (metrics/sink.go). We report the true maximum.
 */
export class GaugeSink {
  readonly type = 'gauge' as const;
  value = 0;
  min = 0;
  max = 0;
  samples = 0;
  /** Wall-clock time (ms) of the sample that set `value`; decides which value wins a merge. */
  lastTimeMs = 0;

  add(value: number, timeMs?: number): void {
    const t = timeMs ?? Date.now();
    if (this.samples === 0) {
      this.min = value;
      this.max = value;
    } else {
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
    }
    this.samples++;
    if (t >= this.lastTimeMs) {
      this.value = value;
      this.lastTimeMs = t;
    }
  }

  isEmpty(): boolean {
    return this.samples === 0;
  }

  /** Merges another gauge: min/max combine, the more recent last value wins (ties go to `other`). */
  merge(other: GaugeSink): void {
    if (other.samples === 0) return;
    if (this.samples === 0) {
      this.min = other.min;
      this.max = other.max;
    } else {
      if (other.min < this.min) this.min = other.min;
      if (other.max > this.max) this.max = other.max;
    }
    if (other.lastTimeMs >= this.lastTimeMs) {
      this.value = other.value;
      this.lastTimeMs = other.lastTimeMs;
    }
    this.samples += other.samples;
  }

  /** The summary values: `{value, min, max}`. */
  values(): { value: number; min: number; max: number } {
    return { value: this.value, min: this.min, max: this.max };
  }

  toState(): GaugeState {
    return { type: 'gauge', value: this.value, min: this.min, max: this.max, samples: this.samples, lastTimeMs: this.lastTimeMs };
  }

  static fromState(state: GaugeState): GaugeSink {
    const sink = new GaugeSink();
    sink.value = state.value;
    sink.min = state.min;
    sink.max = state.max;
    sink.samples = state.samples;
    sink.lastTimeMs = state.lastTimeMs;
    return sink;
  }
}

/** Structured-clone friendly form of a {@link GaugeSink}. */
export interface GaugeState {
  type: 'gauge';
  value: number;
  min: number;
  max: number;
  samples: number;
  lastTimeMs: number;
}
