/**
 * The samples one HTTP hop produces, with k6's names and tags (lib/netext/httpext/transport.go
 * `measureAndEmitMetrics`, tracer.go `SaveSamples`): http_reqs, http_req_duration and the six
 * phase trends, plus http_req_failed when a response callback is active.
 *
 * Tags, in k6's precedence: the group, then the request's own `tags`, then the system tags (which
 * win): `name` and `url` (both the cleaned URL; a `name` given by the user or by an `http.url`
 * template is used for both), `method`, `status` ("0" on a network error), `error` and
 * `error_code` (error_code alone for HTTP ≥ 400), `proto`, `tls_version`, `expected_response`.
 */
import type { VuHostContext } from '../../vu/host-context.js';
import type { HttpFailure } from './error-codes.js';
import { isExpected, type ExpectedStatusesSpec } from './request-spec.js';
import type { PhaseTimings } from './timings.js';

/** What is fixed for every hop of one request. */
export interface RequestTagContext {
  readonly group: string;
  readonly userTags: Readonly<Record<string, string>> | undefined;
  /** A `name` from the user's tags or from an `http.url` template. */
  readonly name: string | undefined;
  readonly callback: ExpectedStatusesSpec | null;
}

/** What one hop ended with. */
export interface HopResult {
  readonly method: string;
  /** The hop's URL, credentials already masked. */
  readonly cleanUrl: string;
  readonly status: number;
  readonly failure: HttpFailure | undefined;
  readonly tlsVersion: string | undefined;
  readonly timings: PhaseTimings;
}

/** Emits the hop's samples and returns whether the response was "expected" (undefined without a callback). */
export function emitHopSamples(vu: VuHostContext, context: RequestTagContext, hop: HopResult): boolean | undefined {
  const tags: Record<string, string> = { group: context.group };
  if (context.userTags !== undefined) Object.assign(tags, context.userTags);
  const name = context.name ?? hop.cleanUrl;
  tags.name = name;
  tags.url = name;
  tags.method = hop.method;
  if (hop.failure !== undefined) {
    tags.error = hop.failure.message;
    tags.error_code = String(hop.failure.code);
    tags.status = '0';
  } else {
    tags.status = String(hop.status);
    if (hop.status >= 400) tags.error_code = String(1000 + hop.status);
    tags.proto = 'HTTP/1.1';
    if (hop.tlsVersion !== undefined) tags.tls_version = hop.tlsVersion;
  }
  let expected: boolean | undefined;
  if (context.callback !== null) {
    expected = isExpected(context.callback, hop.failure === undefined ? hop.status : 0);
    tags.expected_response = expected ? 'true' : 'false';
  }
  const t = hop.timings;
  const sampleTags = vu.sampleTags(tags);
  vu.emitTagged('http_reqs', 1, sampleTags);
  vu.emitTagged('http_req_duration', t.duration, sampleTags);
  vu.emitTagged('http_req_blocked', t.blocked, sampleTags);
  vu.emitTagged('http_req_connecting', t.connecting, sampleTags);
  vu.emitTagged('http_req_tls_handshaking', t.tls_handshaking, sampleTags);
  vu.emitTagged('http_req_sending', t.sending, sampleTags);
  vu.emitTagged('http_req_waiting', t.waiting, sampleTags);
  vu.emitTagged('http_req_receiving', t.receiving, sampleTags);
  if (expected !== undefined) vu.emitTagged('http_req_failed', expected ? 0 : 1, sampleTags);
  return expected;
}

/**
 * Bytes on the wire for one request (all hops).
 * k6-compat: k6 counts data_sent/data_received per connection and emits them once per iteration
 * with the iteration's tags (group ""); we emit them per request with those same tags, so totals,
 * rates and thresholds match.
 */
export function emitDataSamples(vu: VuHostContext, sent: number, received: number): void {
  if (sent === 0 && received === 0) return;
  const sampleTags = vu.sampleTags({ group: '' });
  vu.emitTagged('data_sent', sent, sampleTags);
  vu.emitTagged('data_received', received, sampleTags);
}
