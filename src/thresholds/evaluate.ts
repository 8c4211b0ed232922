/** The aggregate a threshold compares, read from a sink (k6 `Thresholds.Run`, metrics/thresholds.go). */
import type { Sink } from '../metrics/sinks/sink.js';
import type { ThresholdExpression } from './parse.js';

/**
 * The value of `expression`'s aggregation on `sink` after `elapsedMs` of test time, or `undefined`
 * when k6 has no value to compare (an empty rate, or an aggregation the sink lacks) — k6 then lets
 * the threshold pass. An empty trend reads 0 for every aggregation, as in k6.
 */
export function thresholdValue(sink: Sink, expression: ThresholdExpression, elapsedMs: number): number | undefined {
  const aggregation = expression.aggregation;
  switch (sink.type) {
    case 'counter':
      if (aggregation === 'count') return sink.value;
      // k6 divides without guarding a zero duration (IEEE: Infinity or NaN).
      if (aggregation === 'rate') return sink.value / (elapsedMs / 1000);
      return undefined;
    case 'gauge':
      return aggregation === 'value' ? sink.value : undefined;
    case 'rate':
      return aggregation === 'rate' ? sink.rate() : undefined;
    case 'trend':
      switch (aggregation) {
        case 'avg':
          return sink.avg();
        case 'min':
          return sink.min;
        case 'max':
          return sink.max;
        case 'med':
          return sink.med();
        case 'p':
          return sink.percentile((expression.percentile ?? 0) / 100);
        default:
          return undefined;
      }
  }
}
