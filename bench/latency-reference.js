// The bench's latency reference: undici (the HTTP client qk6's VUs use) in plain loops, one
// connection each, timing every request to microseconds. autocannon reports latency in whole
// milliseconds, which cannot tell a 0.2 ms median from a 0.4 ms one at 10 connections; this can.
// The time covers what k6's http_req_duration does: from sending the request to the body's end.
import { build } from 'hdr-histogram-js';
import { Client } from 'undici';

/** Runs `connections` request loops against `target.url` for `seconds`; req/s and median latency. */
export async function runLatencyReference(connections, target, seconds) {
  const url = new URL(target.url);
  const micros = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const deadline = performance.now() + seconds * 1000;
  let requests = 0;
  const loop = async () => {
    const client = new Client(url.origin, { pipelining: 1 });
    try {
      while (performance.now() < deadline) {
        const started = performance.now();
        const response = await client.request({ method: 'GET', path: url.pathname });
        await response.body.dump();
        micros.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)));
        requests += 1;
      }
    } finally {
      await client.close();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsedSeconds = (performance.now() - started) / 1000;
  return { tool: 'undici loops', vus: connections, reqPerSec: Math.round(requests / elapsedSeconds), p50Ms: micros.getValueAtPercentile(50) / 1000 };
}
