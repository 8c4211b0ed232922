/**
 * The tag filter of a submetric (`http_req_duration{status:200,method:GET}` → status=200, method=GET).
 * Parsing follows k6 `Metric.AddSubmetric` (metrics/metric.go): the text is split on `,`, empty
 * parts are skipped, each part is cut at its first `:`, and keys and values are trimmed of spaces
 * and then of quote characters. A later duplicate key overrides an earlier one.
 */
import type { Tags } from './metric.js';

export class TagSelector {
  /** `k:v` pairs sorted by key and joined by `,` — equal selectors have equal canonical strings. */
  readonly canonical: string;
  private readonly keys: readonly string[];
  private readonly values: readonly string[];

  private constructor(entries: ReadonlyMap<string, string>) {
    const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.keys = sorted.map(([key]) => key);
    this.values = sorted.map(([, value]) => value);
    this.canonical = sorted.map(([key, value]) => `${key}:${value}`).join(',');
  }

  /** Parses the text between the braces; `undefined` when it holds no criteria at all. */
  static parse(text: string): TagSelector | undefined {
    const entries = new Map<string, string>();
    for (const part of text.trim().split(',')) {
      if (part === '') continue;
      const colon = part.indexOf(':');
      const rawKey = colon === -1 ? part : part.slice(0, colon);
      const rawValue = colon === -1 ? '' : part.slice(colon + 1);
      entries.set(trimQuotes(rawKey.trim()), rawValue === '' ? '' : trimQuotes(rawValue.trim()));
    }
    return entries.size === 0 ? undefined : new TagSelector(entries);
  }

  /** Builds a selector from a tag object (keys and values taken as-is). */
  static fromTags(tags: Tags): TagSelector {
    return new TagSelector(new Map(Object.entries(tags)));
  }

  /** The selected tags as an object. */
  get tags(): Tags {
    const result: Record<string, string> = {};
    for (let i = 0; i < this.keys.length; i++) result[this.keys[i] as string] = this.values[i] as string;
    return result;
  }

  /** True when every selected tag is present in `tags` with an equal value. Allocation-free. */
  matches(tags: Tags): boolean {
    const keys = this.keys;
    const values = this.values;
    for (let i = 0; i < keys.length; i++) {
      // An inherited property (toString, …) is never a string, so it cannot match a value.
      if (tags[keys[i] as string] !== values[i]) return false;
    }
    return true;
  }
}

/** Go `strings.Trim(s, "\"'")`. */
function trimQuotes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s[start] === '"' || s[start] === "'")) start++;
  while (end > start && (s[end - 1] === '"' || s[end - 1] === "'")) end--;
  return s.slice(start, end);
}
