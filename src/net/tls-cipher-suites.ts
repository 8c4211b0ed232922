/**
 * k6's `tlsCipherSuites` names (Go's crypto/tls constants, k6 `lib/tlsconfig.go`) in OpenSSL's
 * terms, and back: Node speaks OpenSSL names for TLS ≤ 1.2 suites and IANA names for TLS 1.3 ones.
 *
 * Go semantics kept: the list only restricts TLS 1.0–1.2; when it names no TLS 1.3 suite, TLS 1.3
 * stays available with all its suites (Go never lets a client restrict them).
 * k6-compat: when the list does name TLS 1.3 suites, qk6 offers only those (Go ignores them).
 */
import { getCiphers } from 'node:tls';

/** Go/k6 name → OpenSSL name (TLS ≤ 1.2); TLS 1.3 suites keep their IANA names. */
const OPENSSL_NAMES: Readonly<Record<string, string>> = {
  TLS_RSA_WITH_RC4_128_SHA: 'RC4-SHA',
  TLS_RSA_WITH_3DES_EDE_CBC_SHA: 'DES-CBC3-SHA',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_CBC_SHA256: 'AES128-SHA256',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_RC4_128_SHA: 'ECDHE-ECDSA-RC4-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_RC4_128_SHA: 'ECDHE-RSA-RC4-SHA',
  TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: 'ECDHE-RSA-DES-CBC3-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: 'ECDHE-ECDSA-AES128-SHA256',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: 'ECDHE-RSA-AES128-SHA256',
};

/** The TLS 1.3 suites, in Node's default order (what Go would offer as well). */
const TLS13_SUITES = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'];

/**
 * Node's `ciphers` entries for k6 suite names. Suites this OpenSSL build lacks (RC4, 3DES) are
 * left out: OpenSSL rejects a list where nothing is left, while Go would still offer them and let
 * the server refuse (or use TLS 1.3).
 */
export function opensslCipherList(names: readonly string[]): { tls13: string[]; tls12: string[] } {
  const available = new Set(getCiphers());
  const tls13 = names.filter((name) => TLS13_SUITES.includes(name));
  const tls12 = names.flatMap((name) => {
    const openssl = OPENSSL_NAMES[name];
    return openssl !== undefined && available.has(openssl.toLowerCase()) ? [openssl] : [];
  });
  return { tls13: tls13.length > 0 ? tls13 : [...TLS13_SUITES], tls12 };
}

/**
 * The name k6 reports in `res.tls_cipher_suite` for Node's (IANA) `standardName`: k6 prints its
 * own table's names, which drop `_SHA256` from the ECDHE ChaCha20 suites. Suites k6 does not know
 * (Go cannot negotiate them) keep the IANA name.
 */
export function k6CipherSuiteName(standardName: string): string {
  return standardName.endsWith('_CHACHA20_POLY1305_SHA256') && standardName.startsWith('TLS_ECDHE_')
    ? standardName.slice(0, -'_SHA256'.length)
    : standardName;
}
