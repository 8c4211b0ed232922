/**
 * `--http-debug` output like k6's httpDebugTransport (lib/netext/httpext/httpdebug_transport.go):
 * "Request:\n<dump>\n" and "Response:\n<dump>\n", where the dump is the HTTP/1.1 message with LF
 * line ends; `full` adds the bodies. Headers are written in Go's order: Host, User-Agent,
 * Content-Length, then the rest sorted by name.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { canonicalHeaderKey } from './headers.js';

/** The request part of a hop's debug output. */
export interface DebugRequest {
  method: string;
  url: URL;
  headers: Readonly<Record<string, string>>;
  body: Buffer | null;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function formatDebugRequest(request: DebugRequest, full: boolean): string {
  const { headers, body, method } = request;
  let dump = `${method} ${request.url.pathname}${request.url.search} HTTP/1.1\nHost: ${headers.Host ?? request.url.host}\n`;
  if (headers['User-Agent'] !== undefined) dump += `User-Agent: ${headers['User-Agent']}\n`;
  if (body !== null && (body.length > 0 || (method !== 'GET' && method !== 'HEAD'))) dump += `Content-Length: ${body.length}\n`;
  for (const name of Object.keys(headers).sort(byName)) {
    if (name !== 'Host' && name !== 'User-Agent') dump += `${name}: ${headers[name] ?? ''}\n`;
  }
  dump += '\n';
  if (full && body !== null) dump += body.toString('utf8');
  return `Request:\n${dump}\n`;
}

export function formatDebugResponse(statusLine: string, headers: IncomingHttpHeaders, body: readonly Buffer[], full: boolean): string {
  let dump = `HTTP/1.1 ${statusLine}\n`;
  const names = Object.keys(headers)
    .map((name) => [canonicalHeaderKey(name), name] as const)
    .sort((a, b) => byName(a[0], b[0]));
  for (const [canonical, name] of names) {
    const value = headers[name];
    for (const item of Array.isArray(value) ? value : [value ?? '']) dump += `${canonical}: ${item}\n`;
  }
  dump += '\n';
  if (full) dump += Buffer.concat(body).toString('utf8');
  return `Response:\n${dump}\n`;
}
