/**
 * Where remote modules are kept between runs: `$QK6_CACHE_DIR`, else `$XDG_CACHE_HOME/qk6/modules`,
 * else `~/.cache/qk6/modules`. Each URL maps to one readable, collision-free file
 * (`https/jslib.k6.io/k6-utils/1.4.0/index.js~3f2a…`), written atomically.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The cache directory for the given environment (only the CLI reads the real one). */
export function moduleCacheDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  if (env.QK6_CACHE_DIR !== undefined && env.QK6_CACHE_DIR !== '') return env.QK6_CACHE_DIR;
  const cacheHome = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(home, '.cache');
  return join(cacheHome, 'qk6', 'modules');
}

function safeSegment(segment: string): string {
  const cleaned = segment.replace(/[^A-Za-z0-9._@+-]/g, '_');
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? '_' : cleaned;
}

/** The cache file of `url`. */
export function cachePathFor(cacheDir: string, url: string): string {
  const parsed = new URL(url);
  const hash = createHash('sha256').update(parsed.href).digest('hex').slice(0, 16);
  const segments = parsed.pathname.split('/').filter((s) => s !== '').map(safeSegment);
  const file = `${segments.pop() ?? 'index'}~${hash}`;
  return join(cacheDir, safeSegment(parsed.protocol.replace(/:$/, '')), safeSegment(parsed.host), ...segments, file);
}

export function readCached(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function writeCached(path: string, source: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  writeFileSync(temporary, source);
  renameSync(temporary, path);
}
