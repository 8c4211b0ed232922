/**
 * A table of host name patterns as k6's trie matches them (lib/types/trie.go), case-insensitively:
 * an exact key wins; otherwise the wildcard key with the longest suffix — `*.example.com` matches
 * any name ending in `.example.com` (not `example.com` itself), `*example.com` also matches
 * `example.com` and `myexample.com`. Serves the `hosts` and `blockHostnames` options.
 */
export class NamePatterns<T> {
  private readonly exact = new Map<string, T>();
  /** [suffix after `*`, value], longest suffix first. */
  private readonly wildcards: [string, T][] = [];

  /** `patterns` as the config resolved them (already validated). */
  constructor(patterns: Iterable<readonly [string, T]>) {
    for (const [pattern, value] of patterns) {
      const key = pattern.toLowerCase();
      if (key.startsWith('*')) this.wildcards.push([key.slice(1), value]);
      else this.exact.set(key, value);
    }
    this.wildcards.sort((a, b) => b[0].length - a[0].length);
  }

  get size(): number {
    return this.exact.size + this.wildcards.length;
  }

  /** The value of the pattern `name` matches, or undefined. */
  lookup(name: string): T | undefined {
    const key = name.toLowerCase();
    return this.exact.get(key) ?? this.wildcards.find(([suffix]) => key.endsWith(suffix))?.[1];
  }
}
