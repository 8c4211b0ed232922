/**
 * Modules compiled once for all the engines of an engine template (engine-template.ts), which then
 * read them (module-bytecode.ts) instead of each compiling every module from its source.
 *
 * The compiling is done in an engine of its own, of the same build, that the template drops
 * afterwards: a module QuickJS has linked or evaluated can no longer be written, and the template's
 * engines must end up as the loader would have left them. There each module is compiled alone, as
 * the loader would give it (vu-engine.ts `moduleToCompile`); QuickJS loads a module's imports as it
 * compiles it, and here they are answered with empty modules, which cost nothing to compile and
 * are never written.
 */
import type { CallResult } from './call-async.js';
import { normalizeModuleName } from './module-resolver.js';
import { stripCompiledCode } from './source-stripping.js';
import { createVuEngine, disposeVuEngine, moduleToCompile, type VuEngine, type VuEngineOptions } from './vu-engine.js';

/** A module as compiled once, to be read into an engine. */
export interface CompiledModule {
  readonly name: string;
  readonly bytecode: ArrayBuffer;
}

export class TemplateModules {
  private constructor(
    private readonly engine: VuEngine,
    private readonly compileModule: NonNullable<VuEngine['compileModule']>,
  ) {}

  /** An engine to compile in; undefined in a build that cannot write compiled modules. */
  static async create(options: VuEngineOptions): Promise<TemplateModules | undefined> {
    const engine = await createVuEngine(options);
    const { compileModule } = engine;
    if (compileModule === undefined || engine.moduleBytecode === undefined) {
      disposeVuEngine(engine, false);
      return undefined;
    }
    engine.runtime.setModuleLoader(
      () => '',
      (base, requested) => {
        stripCompiledCode(engine, false); // as the engines' normalizer does: QuickJS has finished the module
        try {
          return normalizeModuleName(base, requested);
        } catch {
          return requested;
        }
      },
    );
    return new TemplateModules(engine, compileModule);
  }

  /** Modules `names`, compiled; undefined when one of them does not compile or cannot be written. */
  compile(names: readonly string[]): CompiledModule[] | undefined {
    const compiled: CompiledModule[] = [];
    for (const name of names) {
      const bytecode = this.compileOne(name);
      if (bytecode === undefined) return undefined;
      compiled.push({ name, bytecode });
    }
    return compiled;
  }

  dispose(): void {
    disposeVuEngine(this.engine, false);
  }

  private compileOne(name: string): ArrayBuffer | undefined {
    let result: CallResult;
    try {
      const { source, runtimeModule } = moduleToCompile(name);
      stripCompiledCode(this.engine, runtimeModule);
      result = this.compileModule(source, name);
    } catch {
      return undefined; // a source that cannot be read: the engines' own loader reports it
    }
    if (result.error !== undefined) {
      result.error.dispose();
      return undefined;
    }
    try {
      return this.engine.moduleBytecode?.write(result.value);
    } finally {
      result.value.dispose();
    }
  }
}

/** Reads `modules` into `engine`; false when QuickJS refuses one. */
export function readModules(engine: VuEngine, modules: readonly CompiledModule[]): boolean {
  const { moduleBytecode } = engine;
  return moduleBytecode !== undefined && modules.every((module) => moduleBytecode.read(module.name, module.bytecode));
}
