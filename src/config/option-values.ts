/**
 * Value domains of individual options, with k6's names and error wording: system tags, trend
 * stats, DNS settings, TLS names, CIDRs and host patterns. Each `check*` returns an error
 * message, or undefined when the value is fine.
 */
import { isIP } from 'node:net';
import { tryParseDuration } from './duration.js';

/** Every system tag k6 knows, in k6's order (`metrics/system_tag.go`). */
export const SYSTEM_TAG_NAMES = [
  'proto',
  'subproto',
  'status',
  'method',
  'url',
  'name',
  'group',
  'check',
  'error',
  'error_code',
  'tls_version',
  'scenario',
  'service',
  'expected_response',
  'iter',
  'vu',
  'ocsp_status',
  'ip',
] as const;

export type SystemTagName = (typeof SYSTEM_TAG_NAMES)[number];

/** k6's default system tag set: everything but `iter`, `vu`, `ocsp_status` and `ip`. */
export const DEFAULT_SYSTEM_TAGS: readonly SystemTagName[] = SYSTEM_TAG_NAMES.slice(0, 14);

/** `dns.select`: which resolved address a request uses. */
export const DNS_SELECT_VALUES = ['first', 'roundRobin', 'random'] as const;
export type DnsSelect = (typeof DNS_SELECT_VALUES)[number];

/** `dns.policy`: which address families are used or preferred. */
export const DNS_POLICY_VALUES = ['preferIPv4', 'preferIPv6', 'onlyIPv4', 'onlyIPv6', 'any'] as const;
export type DnsPolicy = (typeof DNS_POLICY_VALUES)[number];

/** `tlsVersion` names (k6 `lib.SupportedTLSVersions`). */
export const TLS_VERSION_NAMES = ['tls1.0', 'tls1.1', 'tls1.2', 'tls1.3'] as const;
export type TlsVersionName = (typeof TLS_VERSION_NAMES)[number];

/** Cipher suite names k6 accepts (`lib/tlsconfig.go`). */
export const TLS_CIPHER_SUITE_NAMES: readonly string[] = [
  'TLS_RSA_WITH_RC4_128_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
];

const SUMMARY_STATIC_STATS = new Set(['avg', 'min', 'med', 'max', 'count']);
const GO_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** k6 `metrics.GetResolversForTrendColumns`: avg, min, med, max, count or p(N) with 0 ≤ N ≤ 100. */
export function checkTrendStat(stat: string): string | undefined {
  if (SUMMARY_STATIC_STATS.has(stat)) return undefined;
  if (!stat.startsWith('p(') || !stat.endsWith(')')) return `invalid trend stat '${stat}', unknown format`;
  const inner = stat.slice(2, -1);
  const percentile = Number(inner);
  if (!GO_FLOAT.test(inner) || percentile < 0 || percentile > 100) {
    return `invalid percentile trend stat value '${stat}', provide a number between 0 and 100`;
  }
  return undefined;
}

/** `--summary-time-unit` / `summaryTimeUnit`. */
export function checkSummaryTimeUnit(unit: string): string | undefined {
  return unit === 's' || unit === 'ms' || unit === 'us'
    ? undefined
    : `invalid summary time unit '${unit}', use 's', 'ms' or 'us'`;
}

/** k6 `parseTTL` (`internal/js/runner.go`): `inf`, `0`, or a non-negative extended duration. */
export function checkDnsTtl(ttl: string): string | undefined {
  if (ttl === 'inf' || ttl === '0' || ttl === '') return undefined;
  const parsed = tryParseDuration(ttl);
  return parsed.ok && parsed.ms >= 0 ? undefined : `invalid DNS TTL: ${ttl}`;
}

/** k6 `DNSSelectString`. */
export function checkDnsSelect(value: string): string | undefined {
  return (DNS_SELECT_VALUES as readonly string[]).includes(value)
    ? undefined
    : `${value} does not belong to DNSSelect values`;
}

/** k6 `DNSPolicyString`. */
export function checkDnsPolicy(value: string): string | undefined {
  return (DNS_POLICY_VALUES as readonly string[]).includes(value)
    ? undefined
    : `${value} does not belong to DNSPolicy values`;
}

/** Whether `value` is one of {@link TLS_VERSION_NAMES}. */
export function isTlsVersionName(value: string): value is TlsVersionName {
  return (TLS_VERSION_NAMES as readonly string[]).includes(value);
}

/** k6 `TLSVersion.UnmarshalJSON`; `""` means any version. */
export function checkTlsVersion(value: string): string | undefined {
  return value === '' || isTlsVersionName(value) ? undefined : `unknown TLS version '${value}'`;
}

/** k6 `TLSCipherSuites.UnmarshalJSON`. */
export function checkCipherSuite(name: string): string | undefined {
  return TLS_CIPHER_SUITE_NAMES.includes(name) ? undefined : `unknown cipher suite '${name}'`;
}

/** Go `net.ParseCIDR`, as k6's `blacklistIPs` uses it. */
export function checkCidr(value: string): string | undefined {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const prefix = slash < 0 ? '' : value.slice(slash + 1);
  const family = isIP(address);
  const maxPrefix = family === 4 ? 32 : 128;
  if (family === 0 || !/^\d{1,3}$/.test(prefix) || Number(prefix) > maxPrefix) {
    return `failed to parse CIDR '${value}': invalid CIDR address: ${value}`;
  }
  return undefined;
}

const HOSTNAME_LABELS =
  '((([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])\\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\\-]*[A-Za-z0-9]))?';
const HOSTNAME_PATTERN = new RegExp(`^(\\*\\.?)?${HOSTNAME_LABELS}$`);
const HOST_PATTERN = new RegExp(`^(\\*\\.?)?${HOSTNAME_LABELS}(:[0-9]{1,5})?$`);

/** `blockHostnames` entries (`lib/types/hostnametrie.go`). */
export function checkHostnamePattern(pattern: string): string | undefined {
  return HOSTNAME_PATTERN.test(pattern) ? undefined : `invalid hostname pattern '${pattern}'`;
}

/** `hosts` keys (`lib/types/hosts.go`). */
export function checkHostPattern(pattern: string): string | undefined {
  return HOST_PATTERN.test(pattern) ? undefined : `invalid host pattern '${pattern}'`;
}

/**
 * `hosts` values: `ip` or `ip:port` (`[v6]:port`).
 * k6-compat: k6 (`lib/types/hosts.go`) silently keeps an unparsable IP as nil and fails later at
 * request time; we report it with the other configuration problems instead.
 */
export function checkHostAddress(value: string): string | undefined {
  if (isIP(value) !== 0) return undefined;
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const host = match?.[1] ?? match?.[2];
  if (host !== undefined && isIP(host) !== 0 && Number(match?.[3]) <= 65535) return undefined;
  return `invalid host address '${value}', expected an IP or IP:port`;
}

/** k6 `ToSystemTagSet`: known names only (unknown ones are silently ignored), in k6's order. */
export function toSystemTagSet(names: readonly string[]): SystemTagName[] {
  const wanted = new Set(names);
  return SYSTEM_TAG_NAMES.filter((name) => wanted.has(name));
}
