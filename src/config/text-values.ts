/**
 * Parsers for option values written as text: `K6_*` variables (k6 decodes them with envconfig and
 * each type's `UnmarshalText`) and CLI flag values. Each returns the value, `undefined` for
 * "unset", or an error message.
 */
import { checkDnsPolicy, checkDnsSelect, checkDnsTtl, type DnsPolicy, type DnsSelect } from './option-values.js';
import type { DnsOptions } from './options.js';

/** A parsed text value: `value` undefined means unset. */
export type TextResult<T> = { ok: true; value: T | undefined } | { ok: false; message: string };

const INT_TEXT = /^[+-]?\d+$/;

/** k6 null.Int `UnmarshalText`: base-10 integer; `""` and `null` are unset. */
export function parseIntText(text: string): TextResult<number> {
  if (text === '' || text === 'null') return { ok: true, value: undefined };
  if (INT_TEXT.test(text) && Number.isSafeInteger(Number(text))) return { ok: true, value: Number(text) };
  return { ok: false, message: `expected an integer, got ${JSON.stringify(text)}` };
}

/**
 * k6 null.Bool `UnmarshalText`: exactly `true` or `false`; `""` and `null` are unset.
 * k6-compat: this is stricter than Go's `strconv.ParseBool` (`1`, `t`, `TRUE`… are rejected by
 * k6 for option variables such as `K6_NO_SETUP`), and we match k6.
 */
export function parseBoolText(text: string): TextResult<boolean> {
  if (text === '' || text === 'null') return { ok: true, value: undefined };
  if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
  return { ok: false, message: `expected true or false, got ${JSON.stringify(text)}` };
}

/** envconfig slices: comma-separated, no trimming; a blank value is an explicitly empty list. */
export function parseListText(text: string): string[] {
  return text.trim() === '' ? [] : text.split(',');
}

/** envconfig maps (`K6_TAGS=a:b,c:d`): each item needs exactly one `:`; blank = empty map. */
export function parseMapText(text: string): TextResult<Record<string, string>> {
  const result: Record<string, string> = {};
  if (text.trim() === '') return { ok: true, value: result };
  for (const pair of text.split(',')) {
    const parts = pair.split(':');
    if (parts.length !== 2) return { ok: false, message: `invalid map item: ${JSON.stringify(pair)}` };
    result[parts[0] ?? ''] = parts[1] ?? '';
  }
  return { ok: true, value: result };
}

/**
 * k6 `DNSConfig.UnmarshalText`: `ttl=1m,select=first,policy=any` (any subset). k6's own default
 * string (`ttl=5m,select=random,policy=preferIPv4`) counts as "not set".
 */
export function parseDnsText(text: string): TextResult<DnsOptions> {
  if (text === 'ttl=5m,select=random,policy=preferIPv4') return { ok: true, value: undefined };
  const dns: DnsOptions = {};
  for (const item of text.split(',')) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? '' : item.slice(eq + 1);
    if (value === '') return { ok: false, message: `no value for key ${item}` };
    switch (key) {
      case 'ttl': {
        const problem = checkDnsTtl(value);
        if (problem !== undefined) return { ok: false, message: problem };
        dns.ttl = value;
        break;
      }
      case 'select': {
        const problem = checkDnsSelect(value);
        if (problem !== undefined) return { ok: false, message: problem };
        dns.select = value as DnsSelect;
        break;
      }
      case 'policy': {
        const problem = checkDnsPolicy(value);
        if (problem !== undefined) return { ok: false, message: problem };
        dns.policy = value as DnsPolicy;
        break;
      }
      default:
        return { ok: false, message: `unknown DNS configuration field: ${key}` };
    }
  }
  return { ok: true, value: dns };
}
