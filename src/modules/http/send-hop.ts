/**
 * One HTTP exchange (one redirect hop) through undici's low-level `dispatch` with a handler that
 * collects the whole response: no stream objects on the hot path. The hop is bound to its
 * {@link HopTrace} so `timings.ts` can time it.
 *
 * Cancelling (`cancellation`): the promise rejects at once with the reason, even while undici
 * still waits for a connection; undici is told to abort as soon as it has started the request.
 *
 * Connection reuse: with one request per connection, undici returns a keep-alive socket to its
 * pool only one full event-loop turn after the response ended (a deliberate guard against servers
 * that close anyway): it queues that `setImmediate` right after telling us the response ended. A
 * VU sends its next request right away, so resolving immediately would make the pool open a second
 * connection. The end is stamped at once (for the timings); the promise resolves in a
 * `setImmediate` queued on the next tick — after undici's, in the same turn of the event loop.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { RequestCancellation } from './request-cancellation.js';
import { dispatchTraced, stampEnd, type HopTrace } from './timings.js';

export interface HopRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | null;
  /** Close the connection after this exchange (k6 noConnectionReuse). */
  readonly reset: boolean;
  /** Count the body's bytes but keep none of them (the body is discarded anyway). */
  readonly discardBody?: boolean;
}

export interface HopResponse {
  readonly status: number;
  readonly statusText: string;
  /** Lower-case names, repeated headers as arrays. */
  readonly headers: IncomingHttpHeaders;
  readonly chunks: readonly Buffer[];
  readonly bodyLength: number;
}

class CollectingHandler implements Dispatcher.DispatchHandler {
  status = 0;
  statusText = '';
  headers: IncomingHttpHeaders = {};
  readonly chunks: Buffer[] = [];
  bodyLength = 0;
  controller: Dispatcher.DispatchController | undefined;
  settled = false;

  constructor(
    private readonly trace: HopTrace,
    private readonly cancellation: RequestCancellation,
    private readonly discardBody: boolean,
    private readonly resolve: (response: HopResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.cancellation.aborted) controller.abort(toError(this.cancellation.reason));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    this.status = statusCode;
    this.statusText = statusMessage ?? '';
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.discardBody) this.chunks.push(chunk);
    this.bodyLength += chunk.length;
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settled = true;
    stampEnd(this.trace);
    process.nextTick(() => setImmediate(() => this.resolve(this)));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** Sends one request and collects its response; rejects with undici's error or the cancellation's reason. */
export function sendHop(dispatcher: Dispatcher, request: HopRequest, trace: HopTrace, cancellation: RequestCancellation): Promise<HopResponse> {
  return new Promise<HopResponse>((resolve, reject) => {
    if (cancellation.aborted) {
      reject(cancellation.reason);
      return;
    }
    const handler = new CollectingHandler(
      trace,
      cancellation,
      request.discardBody === true,
      (response) => {
        cancellation.onAbort(undefined);
        resolve(response);
      },
      (error) => {
        cancellation.onAbort(undefined);
        reject(error);
      },
    );
    cancellation.onAbort((reason) => {
      handler.fail(reason);
      handler.controller?.abort(toError(reason));
    });
    const { url } = request;
    try {
      dispatchTraced(trace, () =>
        dispatcher.dispatch(
          {
            origin: url.origin,
            path: `${url.pathname}${url.search}`,
            method: request.method,
            headers: request.headers,
            body: request.body,
            reset: request.reset,
            headersTimeout: 0,
            bodyTimeout: 0,
          },
          handler,
        ),
      );
    } catch (error) {
      handler.fail(error);
    }
  });
}
