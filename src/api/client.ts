/**
 * A small client for a running test's REST API (k6 `api/v1/client`): what `qk6 status`, `stats`,
 * `pause`, `resume` and `scale` use. The address is `host:port` as given to `--address`. Errors
 * are RestApiClientErrors: "cannot reach" with a hint when nothing listens, and k6's
 * `Title: detail` from the JSON:API error body when the API refuses the request.
 */
import { request } from 'node:http';
import { RestApiClientError } from '../errors/errors.js';
import { isObject, type ApiErrorObject } from './json-api.js';
import type { MetricAttributes } from './v1/metrics.js';
import type { StatusAttributes } from './v1/status.js';

/** The changes a PATCH asks for (unset = null = leave as is). */
export interface StatusChange {
  readonly paused?: boolean;
  readonly vus?: number;
  readonly maxVUs?: number;
}

export class RestApiClient {
  private readonly host: string;
  private readonly port: number;

  constructor(private readonly address: string) {
    const match = /^(?:\[([^\]]*)\]|([^:/]*)):(\d{1,5})$/.exec(address);
    if (match === null) {
      throw new RestApiClientError(`invalid REST API address "${address}": expected host:port`, {
        hint: 'pass the address the test listens on, e.g. -a localhost:6565',
      });
    }
    const host = match[1] ?? match[2] ?? '';
    this.host = host === '' || host === 'localhost' ? '127.0.0.1' : host;
    this.port = Number(match[3]);
  }

  async status(): Promise<StatusAttributes> {
    return statusOf(await this.call('GET', '/v1/status', undefined));
  }

  /** PATCHes the status the way k6's client does (every attribute, nulls for "no change"). */
  async setStatus(change: StatusChange): Promise<StatusAttributes> {
    const attributes = {
      status: 0,
      paused: change.paused ?? null,
      vus: change.vus ?? null,
      'vus-max': change.maxVUs ?? null,
      stopped: false,
      running: false,
      tainted: false,
    };
    return statusOf(await this.call('PATCH', '/v1/status', { data: { type: 'status', id: 'default', attributes } }));
  }

  async metrics(): Promise<Array<{ name: string; attributes: MetricAttributes }>> {
    const body = await this.call('GET', '/v1/metrics', undefined);
    const data = isObject(body) && Array.isArray(body.data) ? (body.data as unknown[]) : undefined;
    if (data === undefined) throw this.unexpected();
    return data.map((entry) => {
      if (!isObject(entry) || typeof entry.id !== 'string' || !isObject(entry.attributes)) throw this.unexpected();
      return { name: entry.id, attributes: entry.attributes as unknown as MetricAttributes };
    });
  }

  private call(method: string, path: string, body: unknown): Promise<unknown> {
    const url = `http://${this.address}${path}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        { host: this.host, port: this.port, method, path, headers: payload === undefined ? {} : { 'Content-Type': 'application/json' } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => reject(new RestApiClientError(`${method} ${url}: ${error.message}`, { cause: error })));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            let parsed: unknown;
            try {
              parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
            } catch {
              parsed = undefined;
            }
            if (status >= 400) reject(this.refused(method, url, status, parsed));
            else if (parsed === undefined) reject(this.unexpected());
            else resolve(parsed);
          });
        },
      );
      outgoing.on('error', (error) => {
        reject(
          new RestApiClientError(`cannot reach the REST API of a running test at ${url}: ${error.message}`, {
            cause: error,
            hint: 'is a test running? `qk6 run` serves its REST API on localhost:6565 unless -a/--address says otherwise; point this command at it with -a/--address',
          }),
        );
      });
      outgoing.end(payload);
    });
  }

  /** k6's client error: the first JSON:API error as `Title: detail`. */
  private refused(method: string, url: string, status: number, body: unknown): RestApiClientError {
    const first = isObject(body) && Array.isArray(body.errors) ? (body.errors[0] as Partial<ApiErrorObject> | undefined) : undefined;
    if (first !== undefined && typeof first.title === 'string') {
      return new RestApiClientError(`${first.title}: ${first.detail ?? ''}`);
    }
    return new RestApiClientError(`${method} ${url} failed with HTTP ${status}`);
  }

  private unexpected(): RestApiClientError {
    return new RestApiClientError(`the server at ${this.address} did not answer like a k6 REST API`);
  }
}

function statusOf(body: unknown): StatusAttributes {
  const attributes = isObject(body) && isObject(body.data) ? body.data.attributes : undefined;
  if (!isObject(attributes)) throw new RestApiClientError('the REST API answered without status attributes');
  return attributes as unknown as StatusAttributes;
}
