/**
 * Request failures in k6's terms (lib/netext/httpext/error_codes.go): a numeric `error_code`, the
 * short message k6 puts in `res.error` and the `error` tag, and the long Go-style text k6 logs with
 * "Request Failed" and throws with `throw: true` (`Get "http://…": dial tcp …: connect: connection
 * refused`).
 */
import { isIP } from 'node:net';
import { LOCAL_TLS_ERRORS, receivedAlert, UNKNOWN_AUTHORITY } from './tls-alerts.js';

/** A request failure, classified. */
export interface HttpFailure {
  /** k6 error code (1000 generic, 1050 timeout, 1101 no such host, 1212 refused, …). */
  readonly code: number;
  /** k6's short message: `res.error` and the `error` tag. */
  readonly message: string;
  /** The Go-style error text k6 logs and throws. */
  readonly detail: string;
}

export const ErrorCode = {
  generic: 1000,
  /** Go's `net.OpError` outside TCP, e.g. a TLS alert from the server ("remote error: tls: …"). */
  netNonTcp: 1010,
  invalidUrl: 1020,
  requestTimeout: 1050,
  dns: 1100,
  dnsNoSuchHost: 1101,
  blacklistedIp: 1110,
  blockedHostname: 1111,
  tcpBrokenPipe: 1201,
  tcpDialTimeout: 1211,
  tcpDialRefused: 1212,
  tcpDialUnknownErrno: 1213,
  tcpResetByPeer: 1220,
  tls: 1300,
  tlsHeader: 1301,
  x509UnknownAuthority: 1310,
  x509Hostname: 1311,
  decompression: 1701,
} as const;

/** Where the failure happened, for the Go-style wording. */
export interface FailureContext {
  readonly method: string;
  readonly url: string;
  readonly hostname: string;
  readonly port: string;
}

/** Go's `url.Error` prefix: `Get "http://…": `. */
export function urlErrorPrefix(context: FailureContext): string {
  const method = context.method;
  return `${method.slice(0, 1)}${method.slice(1).toLowerCase()} "${context.url}": `;
}

export function failure(code: number, message: string, detail = message): HttpFailure {
  return { code, message, detail };
}

/** The failure of a request that ran out of its `timeout`; before a connection it is a dial timeout. */
export function timeoutFailure(context: FailureContext, connected: boolean): HttpFailure {
  const prefix = urlErrorPrefix(context);
  if (!connected) {
    return failure(ErrorCode.tcpDialTimeout, 'dial: i/o timeout', `${prefix}dial tcp ${address(context)}: i/o timeout`);
  }
  return failure(ErrorCode.requestTimeout, 'request timeout', `${prefix}request timeout`);
}

/** The failure for a response body that could not be decompressed. */
export function decompressionFailure(error: unknown): HttpFailure {
  const text = `error decompressing response body (${errorMessage(error)})`;
  return failure(ErrorCode.decompression, text);
}

const ERRNO_TEXT: Readonly<Record<string, [number, string]>> = {
  EHOSTUNREACH: [113, 'no route to host'],
  ENETUNREACH: [101, 'network is unreachable'],
  EADDRNOTAVAIL: [99, 'cannot assign requested address'],
  EACCES: [13, 'permission denied'],
};

/** Classifies an error thrown by undici / Node while sending a request. */
export function classifyError(error: unknown, context: FailureContext): HttpFailure {
  const code = errorCode(error);
  const prefix = urlErrorPrefix(context);
  const addr = socketAddress(error) ?? address(context);
  switch (code) {
    case 'ECONNREFUSED':
      return failure(ErrorCode.tcpDialRefused, 'dial: connection refused', `${prefix}dial tcp ${addr}: connect: connection refused`);
    case 'ENOTFOUND':
      return failure(ErrorCode.dnsNoSuchHost, 'lookup: no such host', `${prefix}dial tcp: lookup ${context.hostname}: no such host`);
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NODATA': {
      const message = `lookup ${context.hostname}: ${code === 'EAI_AGAIN' ? 'temporary failure in name resolution' : 'server misbehaving'}`;
      return failure(ErrorCode.dns, message, `${prefix}dial tcp: ${message}`);
    }
    // dial-guard.ts: k6's short messages, and the dialer's error text after Go's url.Error prefix.
    case 'QK6_BLACKLISTED_IP':
      return failure(ErrorCode.blacklistedIp, 'ip is blacklisted', `${prefix}${errorMessage(error)}`);
    case 'QK6_BLOCKED_HOSTNAME':
      return failure(ErrorCode.blockedHostname, 'hostname is blocked', `${prefix}${errorMessage(error)}`);
    case 'ECONNRESET':
      return failure(ErrorCode.tcpResetByPeer, 'read: connection reset by peer', `${prefix}read tcp ${addr}: read: connection reset by peer`);
    case 'EPIPE':
      return failure(ErrorCode.tcpBrokenPipe, 'write: broken pipe', `${prefix}write tcp ${addr}: write: broken pipe`);
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return failure(ErrorCode.tcpDialTimeout, 'dial: i/o timeout', `${prefix}dial tcp ${addr}: i/o timeout`);
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return failure(ErrorCode.generic, 'EOF', `${prefix}EOF`);
    default:
      break;
  }
  const tls = tlsFailure(error, context.hostname);
  if (tls !== undefined) return failure(tls.code, tls.message, `${prefix}${tls.text}`);
  const errno = code === undefined ? undefined : ERRNO_TEXT[code];
  if (errno !== undefined) {
    const message = `dial: unknown errno ${errno[0]} error with msg \`${errno[1]}\``;
    return failure(ErrorCode.tcpDialUnknownErrno, message, `${prefix}dial tcp ${addr}: connect: ${errno[1]}`);
  }
  const message = errorMessage(error);
  if (code !== undefined && (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.startsWith('CERT_'))) {
    return failure(ErrorCode.tls, message, `${prefix}${message}`);
  }
  return failure(ErrorCode.generic, message, `${prefix}${message}`);
}

/** A TLS failure in Go's words: k6's code and short message, and Go's error text (no URL prefix). */
export interface TlsFailure {
  readonly code: number;
  readonly message: string;
  readonly text: string;
}

/** Classifies a Node/OpenSSL TLS error (see tls-alerts.ts); undefined for anything else. */
export function tlsFailure(error: unknown, hostname: string): TlsFailure | undefined {
  const code = errorCode(error);
  if (code === undefined) return undefined;
  const verify = 'tls: failed to verify certificate: ';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return { code: ErrorCode.x509Hostname, message: "x509: certificate doesn't match hostname", text: `${verify}${hostnameErrorText(error, hostname)}` };
  }
  if (UNKNOWN_AUTHORITY.has(code)) {
    return { code: ErrorCode.x509UnknownAuthority, message: 'x509: unknown authority', text: `${verify}x509: certificate signed by unknown authority` };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    // Go's x509.CertificateInvalidError has no k6 code of its own.
    const message = 'x509: certificate has expired or is not yet valid';
    return { code: ErrorCode.generic, message, text: `${verify}${message}` };
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    const message = 'tls: first record does not look like a TLS handshake';
    return { code: ErrorCode.tlsHeader, message, text: message };
  }
  const local = LOCAL_TLS_ERRORS[code];
  if (local !== undefined) return { code: ErrorCode.generic, message: local, text: local };
  const alert = receivedAlert(code);
  if (alert !== undefined) {
    const message = `remote error: tls: ${alert}`;
    return { code: ErrorCode.netNonTcp, message, text: message };
  }
  return undefined;
}

/** Go's x509.HostnameError text, from the certificate Node attaches to the error. */
function hostnameErrorText(error: unknown, hostname: string): string {
  const cert = (error as { cert?: { subjectaltname?: unknown } }).cert;
  const names = typeof cert?.subjectaltname === 'string' ? cert.subjectaltname.split(', ') : [];
  const wantIp = isIP(hostname) !== 0;
  const valid = names.flatMap((name) => {
    if (wantIp) return name.startsWith('IP Address:') ? [name.slice('IP Address:'.length)] : [];
    return name.startsWith('DNS:') ? [name.slice('DNS:'.length)] : [];
  });
  if (wantIp && valid.length === 0) return `x509: cannot validate certificate for ${hostname} because it doesn't contain any IP SANs`;
  if (valid.length === 0) return `x509: certificate is not valid for any names, but wanted to match ${hostname}`;
  return `x509: certificate is valid for ${valid.join(', ')}, not ${hostname}`;
}

function address(context: FailureContext): string {
  const host = context.hostname.includes(':') && !context.hostname.startsWith('[') ? `[${context.hostname}]` : context.hostname;
  return `${host}:${context.port}`;
}

/** `ip:port` a Node socket error names (Go prints the dialled IP, not the host name). */
function socketAddress(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { address: ip, port } = error as { address?: unknown; port?: unknown };
  if (typeof ip !== 'string' || typeof port !== 'number') return undefined;
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined || cause === error ? undefined : errorCode(cause);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
