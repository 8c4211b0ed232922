/**
 * The QuickJS binaries the build derives from quickjs-emscripten's (scripts/quickjs-variant.js):
 * dist/vu/NAME.wasm and its record dist/vu/NAME.json, which names the hash of the binary it was
 * derived from. A derived binary is used only with that binary installed: another
 * quickjs-emscripten would be misread, not detected.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The package's dist/vu, reached from src/vu, dist/vu and dist/bundle alike. */
const DIST_VU = new URL('../../dist/vu/', import.meta.url);

/** What the build recorded about dist/vu/`name`.wasm; empty when the record is missing or unreadable. */
export function derivedRecord(name: string): Readonly<Record<string, unknown>> {
  try {
    return JSON.parse(readFileSync(new URL(`${name}.json`, DIST_VU), 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * dist/vu/`name`.wasm when it was derived from the binary `pkg` has installed (e.g.
 * '@jitl/quickjs-wasmfile-release-sync'); undefined when it is missing or was derived from another.
 */
export function derivedBinary(name: string, pkg: string): Uint8Array | undefined {
  try {
    const source = readFileSync(require.resolve(`${pkg}/wasm`));
    if (derivedRecord(name).sourceSha256 !== createHash('sha256').update(source).digest('hex')) return undefined;
    return readFileSync(new URL(`${name}.wasm`, DIST_VU));
  } catch {
    return undefined;
  }
}
