/**
 * How a k6/ws connection reaches its server: through the same `hosts` overrides, name lookup, TLS
 * settings and `blockHostnames`/`blacklistIPs` guard as the VU's HTTP requests — k6 dials
 * WebSockets with the VU's dialer and a clone of its TLS config (internal/js/modules/k6/ws/ws.go
 * `dial`).
 *
 * The `ws` package hands its `createConnection` the options of the `http.request` it makes
 * (host, port, rejectUnauthorized, …). An override changes only the address dialled; the
 * handshake's Host header and the TLS server name keep the URL's host name.
 */
import { Socket as NetSocket, connect as netConnect, isIP, type NetConnectOpts, type Socket } from 'node:net';
import type { createConnection } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { vuLookup } from '../http/dns-lookup.js';
import type { VuNetwork } from '../http/vu-http-state.js';

/** A `createConnection` for `new WebSocket(url, …)` that follows the VU's network settings. */
export function wsSocketConnector(network: VuNetwork, url: URL): typeof createConnection {
  const secure = url.protocol === 'wss:';
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = Number(url.port) || (secure ? 443 : 80);
  // ws only ever calls it with an options object (its typings borrow net.createConnection's overloads).
  const connector = (options: NetConnectOpts): Socket => {
    const target = network.hosts.match(hostname, port);
    const refused = network.guard.checkDial(hostname, target?.address);
    if (refused !== undefined) return refusedSocket(refused);
    // `path` is the request's path here; net.connect would take it for a Unix socket.
    const dial = { ...options, path: undefined, host: target?.address ?? hostname, port: target?.port ?? port, lookup: network.guard.guardLookup(vuLookup) };
    if (!secure) return netConnect(dial as NetConnectOpts);
    const tls: ConnectionOptions = {
      ...(dial as ConnectionOptions),
      secureContext: network.tls.context(network.tls.certificateFor(hostname)),
      ALPNProtocols: ['http/1.1'],
      // No SNI for an IP, as Go and ws itself do.
      servername: isIP(hostname) === 0 ? hostname : '',
    };
    return tlsConnect(tls);
  };
  return connector as typeof createConnection;
}

/** A socket that fails with `error` as soon as ws listens to it, as a refused dial would. */
function refusedSocket(error: Error): Socket {
  const socket = new NetSocket();
  process.nextTick(() => socket.destroy(error));
  return socket;
}
