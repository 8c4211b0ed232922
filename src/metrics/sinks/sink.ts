import { CounterSink, type CounterState } from './counter.js';
import { GaugeSink, type GaugeState } from './gauge.js';
import { RateSink, type RateState } from './rate.js';
import { TrendSink, type TrendState } from './trend.js';
import type { MetricType } from '../metric.js';

/** Any metric sink; `type` tells which. */
export type Sink = CounterSink | GaugeSink | RateSink | TrendSink;
/** Serializable form of any sink (structured-clone friendly, for worker → main transfers). */
export type SinkState = CounterState | GaugeState | RateState | TrendState;

/** Creates the empty sink for a metric type (k6 `metrics.NewSink`). */
export function createSink(type: MetricType): Sink {
  switch (type) {
    case 'counter':
      return new CounterSink();
    case 'gauge':
      return new GaugeSink();
    case 'rate':
      return new RateSink();
    case 'trend':
      return new TrendSink();
  }
}

/** Merges `source` into `target`; both must be of the same type. */
export function mergeSink(target: Sink, source: Sink): void {
  if (target.type === 'counter' && source.type === 'counter') target.merge(source);
  else if (target.type === 'gauge' && source.type === 'gauge') target.merge(source);
  else if (target.type === 'rate' && source.type === 'rate') target.merge(source);
  else if (target.type === 'trend' && source.type === 'trend') target.merge(source);
  else throw new Error(`internal error: cannot merge a ${source.type} sink into a ${target.type} sink`);
}

/** Rebuilds a sink from {@link Sink.toState} output. */
export function sinkFromState(state: SinkState): Sink {
  switch (state.type) {
    case 'counter':
      return CounterSink.fromState(state);
    case 'gauge':
      return GaugeSink.fromState(state);
    case 'rate':
      return RateSink.fromState(state);
    case 'trend':
      return TrendSink.fromState(state);
  }
}
