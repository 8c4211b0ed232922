/**
 * What the guest's `new WebSocket(url, protocols, params)` sends to `websockets.open`, checked
 * again here (the guest already raised k6's errors for bad arguments; the host trusts nothing).
 */
import { GuestError } from '../../vu/bridge-contract.js';

export interface SocketSpec {
  readonly url: URL;
  /** The URL as the script wrote it: the `url` property and tag (k6 uses Go's url.String()). */
  readonly rawUrl: string;
  readonly protocols: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly group: string;
  /** Cookie jar id (0 = the VU's). */
  readonly jar: number;
  readonly compression: boolean;
}

function strings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}

export function parseSocketSpec(payload: unknown): SocketSpec {
  if (payload === null || typeof payload !== 'object') throw new GuestError('websockets: invalid arguments');
  const p = payload as Record<string, unknown>;
  if (typeof p.url !== 'string') throw new GuestError('WebSocket requires a url');
  let url: URL;
  try {
    url = new URL(p.url);
  } catch {
    throw new GuestError(`WebSocket requires valid url, but got ${JSON.stringify(p.url)}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new GuestError(`WebSocket requires url with scheme ws or wss, but got ${JSON.stringify(url.protocol.slice(0, -1))}`);
  }
  return {
    url,
    rawUrl: p.url,
    protocols: Array.isArray(p.protocols) ? p.protocols.map(String) : [],
    headers: strings(p.headers),
    tags: strings(p.tags),
    group: typeof p.group === 'string' ? p.group : '',
    jar: typeof p.jar === 'number' ? p.jar : 0,
    compression: p.compression === true,
  };
}
