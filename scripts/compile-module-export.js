// Build helper for the derived QuickJS binaries (build-suspending-quickjs.js, build-asyncify-quickjs.js):
// adds the export
//
//   "qk6_compile_module" (ctx, code, length, filename) → JSValue*
//
// which compiles `code` as a module and loads what it imports, evaluating nothing: the JS_Eval
// that QTS_Eval calls, with the module and compile-only flags, its result handed back the way
// QTS_Eval hands back its own (jsvalue_to_heap). QTS_Eval cannot be used for this:
// quickjs-emscripten 0.32's compile-only path (c/interface.c) goes on to
// JS_GetModuleNamespace(ctx, module) with `module` never set. In the sync build that variable
// shares a WebAssembly local with the source text's pointer, so QuickJS read a module record from
// the freed source string and what followed it on the heap: nothing happened, freed memory was
// written, or `qk6 run` crashed, depending on the heap's layout.
//
// Both functions are found in QTS_Eval's body by signature: JS_Eval(ctx, input, input_len,
// filename, eval_flags) → JSValue is the only callee of its kind; jsvalue_to_heap(JSValue) →
// JSValue*, which every return of QTS_Eval goes through, the most called of its kind.
import binaryen from 'binaryen';
import { callsOf } from './function-calls.js';

const JS_EVAL_TYPE_MODULE = 1;
const JS_EVAL_FLAG_COMPILE_ONLY = 1 << 5;

/** The callee of this signature called most often, when no other of it is called as often. */
function mostCalled(m, calls, params, results) {
  const matches = [...calls].filter(([name]) => {
    const info = binaryen.getFunctionInfo(m.getFunction(name));
    const types = binaryen.expandType(info.params);
    return info.results === results && types.length === params.length && types.every((type, index) => type === params[index]);
  });
  matches.sort((a, b) => b[1] - a[1]);
  const [first, second] = matches;
  return first !== undefined && (second === undefined || second[1] < first[1]) ? first[0] : undefined;
}

/**
 * Adds "qk6_compile_module" to `m`, given the binaryen name of its QTS_Eval; false (and `m`
 * unchanged) when QTS_Eval's body does not show the two functions.
 */
export function addCompileModuleExport(m, qtsEval) {
  const { i32, i64 } = binaryen;
  const calls = callsOf(m, qtsEval);
  const jsEval = mostCalled(m, calls, [i32, i32, i32, i32, i32], i64);
  const toHeap = mostCalled(m, calls, [i64], i32);
  if (jsEval === undefined || toHeap === undefined) return false;
  const args = [0, 1, 2, 3].map((index) => m.local.get(index, i32));
  const flags = m.i32.const(JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY);
  m.addFunction('qk6_compile_module', binaryen.createType([i32, i32, i32, i32]), i32, [], m.call(toHeap, [m.call(jsEval, [...args, flags], i64)], i32));
  m.addFunctionExport('qk6_compile_module', 'qk6_compile_module');
  return true;
}
