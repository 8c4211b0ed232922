/** k6's built-in metrics (metrics/builtin.go), registered with their exact names and types. */
import type { MetricType, ValueType } from './metric.js';
import type { MetricRegistry } from './registry.js';

/** Name, type and value type of one built-in metric. */
export interface BuiltinMetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  readonly valueType: ValueType;
}

/** Built-in metric names, as constants. */
export const BuiltinMetric = {
  vus: 'vus',
  vusMax: 'vus_max',
  iterations: 'iterations',
  iterationDuration: 'iteration_duration',
  droppedIterations: 'dropped_iterations',
  checks: 'checks',
  groupDuration: 'group_duration',
  httpReqs: 'http_reqs',
  httpReqFailed: 'http_req_failed',
  httpReqDuration: 'http_req_duration',
  httpReqBlocked: 'http_req_blocked',
  httpReqConnecting: 'http_req_connecting',
  httpReqTlsHandshaking: 'http_req_tls_handshaking',
  httpReqSending: 'http_req_sending',
  httpReqWaiting: 'http_req_waiting',
  httpReqReceiving: 'http_req_receiving',
  dataSent: 'data_sent',
  dataReceived: 'data_received',
} as const;

/** The core built-ins every test has, in k6's declaration order. */
export const BUILTIN_METRICS: readonly BuiltinMetricDefinition[] = [
  { name: 'vus', type: 'gauge', valueType: 'default' },
  { name: 'vus_max', type: 'gauge', valueType: 'default' },
  { name: 'iterations', type: 'counter', valueType: 'default' },
  { name: 'iteration_duration', type: 'trend', valueType: 'time' },
  { name: 'dropped_iterations', type: 'counter', valueType: 'default' },
  { name: 'checks', type: 'rate', valueType: 'default' },
  { name: 'group_duration', type: 'trend', valueType: 'time' },
  { name: 'http_reqs', type: 'counter', valueType: 'default' },
  { name: 'http_req_failed', type: 'rate', valueType: 'default' },
  { name: 'http_req_duration', type: 'trend', valueType: 'time' },
  { name: 'http_req_blocked', type: 'trend', valueType: 'time' },
  { name: 'http_req_connecting', type: 'trend', valueType: 'time' },
  { name: 'http_req_tls_handshaking', type: 'trend', valueType: 'time' },
  { name: 'http_req_sending', type: 'trend', valueType: 'time' },
  { name: 'http_req_waiting', type: 'trend', valueType: 'time' },
  { name: 'http_req_receiving', type: 'trend', valueType: 'time' },
  { name: 'data_sent', type: 'counter', valueType: 'data' },
  { name: 'data_received', type: 'counter', valueType: 'data' },
];

/** WebSocket and gRPC built-ins (registered by k6 too, so thresholds on them validate). */
export const PROTOCOL_BUILTIN_METRICS: readonly BuiltinMetricDefinition[] = [
  { name: 'ws_sessions', type: 'counter', valueType: 'default' },
  { name: 'ws_msgs_sent', type: 'counter', valueType: 'default' },
  { name: 'ws_msgs_received', type: 'counter', valueType: 'default' },
  { name: 'ws_ping', type: 'trend', valueType: 'time' },
  { name: 'ws_session_duration', type: 'trend', valueType: 'time' },
  { name: 'ws_connecting', type: 'trend', valueType: 'time' },
  { name: 'grpc_req_duration', type: 'trend', valueType: 'time' },
];

/**
 * Registers k6's built-in metrics on `registry` (core ones, then the ws/grpc ones k6 also
 * registers up front). Safe to call more than once.
 */
export function registerBuiltinMetrics(registry: MetricRegistry): void {
  for (const { name, type, valueType } of [...BUILTIN_METRICS, ...PROTOCOL_BUILTIN_METRICS]) {
    registry.define(name, type, valueType);
  }
}
