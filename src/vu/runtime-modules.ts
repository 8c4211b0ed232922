/**
 * Runtime modules a VU loads on first use instead of at start-up (`requireRuntimeModule` in
 * runtime/internal.js).
 *
 * QuickJS compiles every module a VU imports before running any of it, and compiling is most of a
 * VU's start-up: measured per VU, the web APIs took ~5 ms and k6/html with its element classes
 * ~6 ms of the ~20 ms a `k6/http` script needed — for code most scripts never call. So those are
 * compiled the first time a script touches them: the guest makes a synchronous host call, and the
 * host evaluates a one-line module that imports the real one and hands its exports back through
 * `provideRuntimeModule`. A script that imports `k6/html` itself gets the very same module
 * instance (QuickJS keys modules by their resolved name).
 *
 * Whatever a VU holds is also in every copy of its engine template (engine-template.ts), whose
 * pages each VU's start writes into new memory: k6/http's form encoder and the cookie jars' handle
 * list are loaded here too, ~5 KB of each `http.get` VU's 122 KB that only a form body or
 * `new http.CookieJar()` needs.
 */
import type { QuickJSContext } from 'quickjs-emscripten';
import { GuestError } from './bridge-contract.js';

/** What the guest may ask for → the file under runtime/. Nothing else can be loaded this way. */
const LAZY_RUNTIME_MODULES: Readonly<Record<string, string>> = {
  'web-apis': 'lib/web-apis.js',
  'k6/html': 'modules/k6-html.js',
  'json-selector': 'lib/json-selector.js',
  multipart: 'lib/multipart.js',
  'http-batch': 'lib/http-batch.js',
  'http-url': 'lib/http-url.js',
  'form-encode': 'lib/form-encode.js',
  'host-handles': 'lib/host-handles.js',
};

/** The host op the guest calls; handled by the host bridge because it needs the VU's context. */
export const REQUIRE_RUNTIME_MODULE_OP = 'runtime.require';

/** Evaluates the runtime module `name` in the VU's context; it registers itself with the guest. */
export function loadRuntimeModule(context: QuickJSContext, name: unknown): void {
  const path = typeof name === 'string' ? LAZY_RUNTIME_MODULES[name] : undefined;
  if (path === undefined) throw new GuestError(`unknown runtime module ${JSON.stringify(name)}`);
  const loader = [
    `import * as exports from './${path}';`,
    `import { provideRuntimeModule } from 'qk6:internal';`,
    `provideRuntimeModule(${JSON.stringify(name)}, exports);`,
  ].join('\n');
  // A runtime-scheme name lets the loader import qk6:internal and resolve the path like any runtime module.
  const result = context.evalCode(loader, `qk6-runtime:///require-${path.replaceAll('/', '-')}`, { type: 'module' });
  if (result.error !== undefined) {
    const error = context.dump(result.error) as { message?: unknown } | undefined;
    result.error.dispose();
    throw new GuestError(`cannot load runtime module ${name as string}: ${String(error?.message ?? error)}`);
  }
  // A module without top-level await finishes while being evaluated: its promise is already settled.
  const state = context.getPromiseState(result.value);
  try {
    if (state.type === 'rejected') {
      const error = context.dump(state.error) as { message?: unknown } | undefined;
      state.error.dispose();
      throw new GuestError(`cannot load runtime module ${name as string}: ${String(error?.message ?? error)}`);
    }
    if (state.type === 'fulfilled' && !state.notAPromise) state.value.dispose();
  } finally {
    result.value.dispose();
  }
}
