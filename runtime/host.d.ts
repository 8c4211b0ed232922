// The host bridge as seen from inside a VU (mirrors src/vu/bridge-contract.ts).
export interface HostBridge {
  /** Synchronous host operation: JSON payload in, JSON string (or ArrayBuffer) out. */
  call(op: string, payload?: string, buffer?: ArrayBuffer): string | ArrayBuffer | undefined;
  /** Suspends the VU until the host operation completes (asyncify); same shapes as `call`. */
  callAsync(op: string, payload?: string, buffer?: ArrayBuffer): string | ArrayBuffer | undefined;
}

declare global {
  // eslint-disable-next-line no-var
  var __qk6host: HostBridge;
}
