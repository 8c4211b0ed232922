/**
 * Node/OpenSSL TLS error codes in Go's words, for `error-codes.ts`.
 *
 * A TLS alert from the server surfaces in Node as `ERR_SSL_<SSLV3|TLSV1|TLSV13>_[ALERT_]<NAME>`;
 * Go reports it as `remote error: tls: <text>` (crypto/tls/alert.go), a `net.OpError` outside TCP
 * that k6 files under 1010.
 */

/** Node's certificate verification codes that Go reports as x509.UnknownAuthorityError. */
export const UNKNOWN_AUTHORITY: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/** Failures of the client's own TLS settings, with Go's texts. */
export const LOCAL_TLS_ERRORS: Readonly<Record<string, string>> = {
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: 'tls: no supported versions satisfy MinVersion and MaxVersion',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'tls: server selected unsupported protocol version',
};

/** OpenSSL's alert names → Go's alert texts. */
const GO_ALERT_TEXT: Readonly<Record<string, string>> = {
  UNEXPECTED_MESSAGE: 'unexpected message',
  BAD_RECORD_MAC: 'bad record MAC',
  DECRYPTION_FAILED: 'decryption failed',
  RECORD_OVERFLOW: 'record overflow',
  DECOMPRESSION_FAILURE: 'decompression failure',
  HANDSHAKE_FAILURE: 'handshake failure',
  BAD_CERTIFICATE: 'bad certificate',
  UNSUPPORTED_CERTIFICATE: 'unsupported certificate',
  CERTIFICATE_REVOKED: 'revoked certificate',
  CERTIFICATE_EXPIRED: 'expired certificate',
  CERTIFICATE_UNKNOWN: 'unknown certificate',
  ILLEGAL_PARAMETER: 'illegal parameter',
  UNKNOWN_CA: 'unknown certificate authority',
  ACCESS_DENIED: 'access denied',
  DECODE_ERROR: 'error decoding message',
  DECRYPT_ERROR: 'error decrypting message',
  EXPORT_RESTRICTION: 'export restriction',
  PROTOCOL_VERSION: 'protocol version not supported',
  INSUFFICIENT_SECURITY: 'insufficient security level',
  INTERNAL_ERROR: 'internal error',
  INAPPROPRIATE_FALLBACK: 'inappropriate fallback',
  USER_CANCELLED: 'user canceled',
  NO_RENEGOTIATION: 'no renegotiation',
  MISSING_EXTENSION: 'missing extension',
  UNSUPPORTED_EXTENSION: 'unsupported extension',
  CERTIFICATE_UNOBTAINABLE: 'certificate unobtainable',
  UNRECOGNIZED_NAME: 'unrecognized name',
  BAD_CERTIFICATE_STATUS_RESPONSE: 'bad certificate status response',
  BAD_CERTIFICATE_HASH_VALUE: 'bad certificate hash value',
  UNKNOWN_PSK_IDENTITY: 'unknown PSK identity',
  CERTIFICATE_REQUIRED: 'certificate required',
  NO_APPLICATION_PROTOCOL: 'no application protocol',
};

const ALERT_CODE = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_(?:ALERT_)?([A-Z_]+)$/;

/** Go's text for an alert the server sent, or undefined when `code` is no received alert. */
export function receivedAlert(code: string): string | undefined {
  const name = ALERT_CODE.exec(code)?.[1];
  return name === undefined ? undefined : GO_ALERT_TEXT[name];
}
