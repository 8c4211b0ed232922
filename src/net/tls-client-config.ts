/**
 * The TLS side of a VU's connections, from k6's `tlsVersion`, `tlsCipherSuites` and `tlsAuth`
 * (k6 internal/js/runner.go `newVU` builds one `tls.Config` per VU from the same options).
 *
 * Each connection gets a ready `SecureContext` instead of loose options: Node would otherwise
 * build one per handshake (parse the PEMs, decrypt the key). Contexts are cached per process by
 * their settings, so all VUs of a worker share them (sessions are not part of a context; undici
 * keeps those per VU agent).
 *
 * Versions: Go's client default is TLS 1.2–1.3, as Node's. TLS 1.0/1.1 also need OpenSSL 3's
 * security level 0 (SHA-1 signatures); Go allows them whenever `MinVersion` does, so a minimum below
 * 1.2 lowers the level.
 */
import { createSecureContext, DEFAULT_CIPHERS, type SecureContext, type SecureContextOptions } from 'node:tls';
import type { VuHttpOptions } from '../vu/host-context.js';
import { clientCertificateFor, type ClientCertificate } from './client-certificates.js';
import { opensslCipherList } from './tls-cipher-suites.js';

type NodeTlsVersion = NonNullable<SecureContextOptions['minVersion']>;

const NODE_VERSIONS: Readonly<Record<string, NodeTlsVersion>> = {
  'tls1.0': 'TLSv1',
  'tls1.1': 'TLSv1.1',
  'tls1.2': 'TLSv1.2',
  'tls1.3': 'TLSv1.3',
};

const contexts = new Map<string, SecureContext>();

/** The TLS settings of one VU: a context per client certificate choice (−1 = none). */
export class VuTlsConfig {
  private readonly base: SecureContextOptions;
  private readonly certificates: readonly ClientCertificate[];
  private readonly byChoice = new Map<number, SecureContext>();

  constructor(http: VuHttpOptions) {
    this.base = baseOptions(http);
    this.certificates = http.tlsAuth ?? [];
  }

  /** Which `tlsAuth` entry a connection to `hostname` presents (−1 = none). */
  certificateFor(hostname: string): number {
    return clientCertificateFor(this.certificates, hostname);
  }

  /** The context for a certificate choice; throws Node's error if OpenSSL rejects the settings. */
  context(choice: number): SecureContext {
    let context = this.byChoice.get(choice);
    if (context !== undefined) return context;
    const entry = this.certificates[choice];
    const options: SecureContextOptions =
      entry === undefined ? this.base : { ...this.base, cert: entry.cert, key: entry.key, ...(entry.password === null ? {} : { passphrase: entry.password }) };
    const key = JSON.stringify(options);
    context = contexts.get(key);
    if (context === undefined) {
      context = createSecureContext(options);
      contexts.set(key, context);
    }
    this.byChoice.set(choice, context);
    return context;
  }
}

function baseOptions(http: VuHttpOptions): SecureContextOptions {
  const options: SecureContextOptions = {};
  const min = http.tlsVersion?.min ?? null;
  const max = http.tlsVersion?.max ?? null;
  if (min !== null) options.minVersion = NODE_VERSIONS[min];
  if (max !== null) options.maxVersion = NODE_VERSIONS[max];
  const legacy = min === 'tls1.0' || min === 'tls1.1';
  const suites = http.tlsCipherSuites ?? null;
  if (suites !== null) {
    const { tls13, tls12 } = opensslCipherList(suites);
    options.ciphers = [...tls13, ...tls12, ...(legacy && tls12.length > 0 ? ['@SECLEVEL=0'] : [])].join(':');
  } else if (legacy) {
    options.ciphers = `${DEFAULT_CIPHERS}:@SECLEVEL=0`;
  }
  return options;
}
