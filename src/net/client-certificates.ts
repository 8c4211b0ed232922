/**
 * k6's `tlsAuth` client certificates: checking an entry's PEM cert/key at startup, and choosing
 * which entry a connection presents.
 *
 * Checking mirrors k6 `lib.TLSAuth.Certificate()` (run when options are parsed, so a bad entry is
 * an invalid configuration, exit code 104) with Go's error texts.
 * k6-compat: Node also decrypts encrypted PKCS#8 keys (k6: "encrypted pkcs8 formatted key is not
 * supported") and ignores a password given for a key that is not encrypted.
 *
 * Choosing: k6 documents `domains` as the hosts a certificate is for, but only ever put them in
 * Go's server-side `NameToCertificate`, so k6 offers every certificate to every server
 * (grafana/k6#5153). qk6 does what the option documents: an entry is presented to a host its
 * `domains` name — exactly or through a `*.example.com` wildcard (first label only, as Go's
 * NameToCertificate lookup) — and an entry without `domains` to any host. The first matching entry
 * wins; exact names before wildcards.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

/** One `tlsAuth` entry as the VU receives it. */
export interface ClientCertificate {
  readonly cert: string;
  readonly key: string;
  readonly password: string | null;
  readonly domains: readonly string[];
}

/** Index of the entry to present to `hostname`, or -1 for none. */
export function clientCertificateFor(entries: readonly ClientCertificate[], hostname: string): number {
  if (entries.length === 0) return -1;
  const name = hostname.toLowerCase().replace(/\.$/, '');
  const dot = name.indexOf('.');
  const wildcard = dot > 0 ? `*${name.slice(dot)}` : undefined;
  const named = (candidate: string | undefined): number =>
    candidate === undefined ? -1 : entries.findIndex((entry) => entry.domains.some((domain) => domain.toLowerCase() === candidate));
  const exact = named(name);
  if (exact >= 0) return exact;
  const matched = named(wildcard);
  if (matched >= 0) return matched;
  return entries.findIndex((entry) => entry.domains.length === 0);
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----/g;

/** Go's `tls.X509KeyPair` (+ k6's key decryption) verdict on an entry: an error text, or undefined. */
export function checkClientCertificate(cert: string, key: string, password: string | null): string | undefined {
  const certBlocks = [...cert.matchAll(PEM_BLOCK)].map((match) => match[1]);
  if (!certBlocks.includes('CERTIFICATE')) return 'tls: failed to find any PEM data in certificate input';
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    return 'tls: failed to parse certificate';
  }
  const keyBlocks = [...key.matchAll(PEM_BLOCK)].map((match) => match[1] ?? '');
  if (!keyBlocks.some((type) => type.endsWith('PRIVATE KEY'))) {
    return password === null ? 'tls: failed to find any PEM data in key input' : 'failed to decode PEM key';
  }
  let privateKey: KeyObject;
  try {
    privateKey = password === null ? createPrivateKey(key) : createPrivateKey({ key, passphrase: password });
  } catch (error) {
    return keyError(error, password);
  }
  return certificate.checkPrivateKey(privateKey) ? undefined : 'tls: private key does not match public key';
}

function keyError(error: unknown, password: string | null): string {
  const code = (error as { code?: unknown }).code;
  if (password !== null && (code === 'ERR_OSSL_BAD_DECRYPT' || /bad decrypt/i.test(String(error)))) {
    return 'x509: decryption password incorrect';
  }
  // Go cannot parse an encrypted key it was given no password for, nor any other bad key.
  return 'tls: failed to parse private key';
}
