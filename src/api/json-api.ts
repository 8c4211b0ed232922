/**
 * JSON:API envelopes and errors as k6's REST API writes them (k6 `api/v1/errors.go`): every
 * failure is `{"errors":[{"status":"400","title":"…","detail":"…"}]}` with that HTTP status, and
 * request bodies are read with a size limit and parsed without ever crashing the server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One JSON:API error object. */
export interface ApiErrorObject {
  readonly status: string;
  readonly title: string;
  readonly detail: string;
}

/** A request that fails with `status` and a JSON:API error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(`${title}: ${detail}`);
    this.name = 'ApiError';
  }
}

/** Bodies larger than this are refused (the API's bodies are a few hundred bytes). */
const MAX_BODY_BYTES = 1 << 20;

export function errorDocument(status: number, title: string, detail: string): { errors: ApiErrorObject[] } {
  return { errors: [{ status: String(status), title, detail }] };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

export function sendError(response: ServerResponse, error: ApiError): void {
  sendJson(response, error.status, errorDocument(error.status, error.title, error.detail));
}

/** The request body as text; 413 past {@link MAX_BODY_BYTES}. */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, "Couldn't read request", `the request body is larger than ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', (error) => reject(new ApiError(400, "Couldn't read request", error.message)));
  });
}

/** Parses a JSON body; malformed JSON is a 400 "Invalid data", as in k6. */
export function parseJson(text: string, title = 'Invalid data'): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(400, title, error instanceof Error ? error.message : String(error));
  }
}

/** A plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
