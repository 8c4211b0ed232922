// The guest runtime VUs load is the build's copy (scripts/build-runtime.js): comments and
// whitespace gone, locals renamed, every module, import, export, function and class name kept as
// written in runtime/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, parse } from 'es-module-lexer';
import { minifySync } from 'rolldown/utils';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const sourceDir = join(root, 'runtime');
const builtDir = join(root, 'dist', 'runtime');

const modules = readdirSync(sourceDir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
  .map((entry) => relative(sourceDir, join(entry.parentPath, entry.name)));

function shape(code: string): { imports: string[]; exports: string[] } {
  const [imports, exports] = parse(code);
  return { imports: imports.map((entry) => entry.n ?? '').sort(), exports: exports.map((entry) => entry.n).sort() };
}

/** Names of the functions and classes `code` declares, sorted (comments, which mention some, are left out). */
function declaredNames(name: string, code: string): string[] {
  const withoutComments = minifySync(name, code, { module: true, compress: false, mangle: false }).code;
  return [...withoutComments.matchAll(/\b(?:function\*?|class)\s+([A-Za-z_$][\w$]*)/g)].map((match) => match[1] ?? '').sort();
}

describe('the built guest runtime', () => {
  beforeAll(async () => {
    await init;
  });

  it('has every runtime module', () => {
    expect(modules.length).toBeGreaterThan(20);
    const built = readdirSync(builtDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(builtDir, join(entry.parentPath, entry.name)));
    expect(built.sort()).toEqual([...modules].sort());
  });

  it.each(modules)('%s keeps its imports and exports, without comments', (name) => {
    const source = readFileSync(join(sourceDir, name), 'utf8');
    const built = readFileSync(join(builtDir, name), 'utf8');
    expect(shape(built)).toEqual(shape(source));
    expect(built.length).toBeLessThan(source.length);
    expect(built).not.toMatch(/\/\*\*|@param|@type \{/);
    // Stack traces and errors name functions and classes as in the source.
    expect(declaredNames(name, built)).toEqual(declaredNames(name, source));
  });
});
