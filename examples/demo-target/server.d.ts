// Types for server.js, so TypeScript tests can import the demo target.

/** Request counters of a running demo target. */
export interface DemoTargetStats {
  /** Requests received in total. */
  requests: number;
  /** Requests per URL path (query string excluded), e.g. `paths['/api/health']`. */
  paths: Record<string, number>;
  /** The number of requests whose path was `path` (0 when none). */
  count(path: string): number;
  /** Sets every counter back to zero. */
  reset(): void;
}

/** A started demo target. */
export interface DemoTarget {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  stats: DemoTargetStats;
  /** Stops listening, drops open connections and pending delays; resolves once closed. */
  close(): Promise<void>;
}

export interface DemoTargetOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
}

/** Starts the demo target and resolves once it listens. */
export function startDemoTarget(options?: DemoTargetOptions): Promise<DemoTarget>;
