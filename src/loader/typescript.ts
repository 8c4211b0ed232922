/**
 * TypeScript scripts without a build step: a module whose name ends in `.ts` has its types
 * stripped before QuickJS sees it. sucrase is used because it keeps every line where it was (a
 * script error points at the .ts file and line without source maps); esbuild's transform, which k6
 * uses, reprints the code and moves lines. Type-only imports are dropped (`import { Options } from
 * 'k6/options'` works, as in k6); enums and namespaces are compiled.
 *
 * sucrase is required on first use only, so plain JavaScript tests never load it.
 */
import { createRequire } from 'node:module';

type Sucrase = typeof import('sucrase');
let sucrase: Sucrase | undefined;

/** True for module names (file or remote URLs) that are TypeScript. */
export function isTypeScriptModule(name: string): boolean {
  const path = name.replace(/[?#].*$/, '');
  return path.endsWith('.ts') || path.endsWith('.mts');
}

/** Thrown when the TypeScript cannot be parsed; the message names the file, line and column. */
export class TypeScriptSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyntaxError';
  }
}

/** Strips the types of `source` (module `name`), keeping line numbers. */
export function stripTypes(source: string, name: string): string {
  sucrase ??= createRequire(import.meta.url)('sucrase') as Sucrase;
  try {
    return sucrase.transform(source, { transforms: ['typescript'], disableESTransforms: true, filePath: name }).code;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /\((\d+):(\d+)\)/.exec(message);
    throw new TypeScriptSyntaxError(`${message.replace(/\s*\(\d+:\d+\)$/, '')}${at === null ? '' : ` at ${name}:${at[1] ?? ''}:${at[2] ?? ''}`}`);
  }
}
