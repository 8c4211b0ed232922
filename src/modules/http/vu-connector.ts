/**
 * The connector of a VU's undici agent: k6's dialer rules (lib/netext/dialer.go) in front of
 * {@link timedConnector}. `blockHostnames` and `blacklistIPs` refuse the dial (dial-guard.ts).
 * A `hosts` override changes only the address dialled — undici keeps the
 * original name for the Host header, the TLS server name (SNI) and the certificate check, as Go
 * does. TLS connections get the VU's {@link VuTlsConfig} context, with the client certificate
 * chosen for the URL's host name.
 *
 * undici's connector takes its TLS options when it is built, so there is one timed connector per
 * certificate choice (usually one), built on first use; each keeps its own TLS session cache.
 */
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import type { buildConnector } from 'undici';
import type { DialGuard } from '../../net/dial-guard.js';
import type { HostOverrides } from '../../net/host-overrides.js';
import type { VuTlsConfig } from '../../net/tls-client-config.js';
import { timedConnector } from './timings.js';

export interface VuConnectorSettings {
  readonly tls: VuTlsConfig;
  readonly hosts: HostOverrides;
  readonly guard: DialGuard;
  readonly rejectUnauthorized: boolean;
  /** Dial timeout (ms). */
  readonly timeout: number;
  readonly lookup: LookupFunction;
}

/** The connectors map's key for plain-text connections (TLS ones use the certificate choice, ≥ −1). */
const PLAIN = -2;

export function vuConnector(settings: VuConnectorSettings): buildConnector.connector {
  const connectors = new Map<number, buildConnector.connector>();
  const connectorFor = (choice: number): buildConnector.connector => {
    let connector = connectors.get(choice);
    if (connector === undefined) {
      const { rejectUnauthorized, timeout } = settings;
      const lookup = settings.guard.guardLookup(settings.lookup);
      const tls = choice === PLAIN ? {} : { secureContext: settings.tls.context(choice) };
      connector = timedConnector({ rejectUnauthorized, timeout, lookup, ...tls });
      connectors.set(choice, connector);
    }
    return connector;
  };
  return (options, callback) => {
    const secure = options.protocol === 'https:';
    const hostname = options.hostname;
    let connector: buildConnector.connector;
    try {
      connector = connectorFor(secure ? settings.tls.certificateFor(hostname) : PLAIN);
    } catch (error) {
      // OpenSSL refused the TLS settings: the request fails like a failed handshake.
      queueMicrotask(() => callback(error as Error, null));
      return;
    }
    const done = secure ? keepingTlsErrors(callback) : callback;
    const port = Number(options.port) || (secure ? 443 : 80);
    const target = settings.hosts.match(hostname, port);
    const refused = settings.guard.checkDial(hostname, target?.address);
    if (refused !== undefined) {
      queueMicrotask(() => callback(refused, null));
      return;
    }
    if (target === undefined) {
      connector(options, done);
      return;
    }
    const servername = options.servername ?? (isIP(hostname) === 0 ? hostname : undefined);
    connector({ ...options, hostname: target.address, port: String(target.port), ...(servername === undefined ? {} : { servername }) }, done);
  };
}

/**
 * A TLS alert after the handshake (TLS 1.3: the server rejecting the client certificate) reaches
 * the socket as an `error` followed by `end`; undici would report the `end` ("other side closed")
 * instead of the alert. The errored socket is destroyed at once, so the alert is what undici sees.
 */
function keepingTlsErrors(callback: buildConnector.Callback): buildConnector.Callback {
  return (...args) => {
    const [error, socket] = args;
    if (error === null) {
      socket.prependListener('error', (socketError: NodeJS.ErrnoException) => {
        if (socketError.code?.startsWith('ERR_SSL_') === true) socket.destroy();
      });
    }
    callback(...args);
  };
}
