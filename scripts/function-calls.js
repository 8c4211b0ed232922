// Build helper for the derived QuickJS binaries: a function body's expressions and which functions
// it calls, read with binaryen (compile-module-export.js and count-allocated-bytes.js find QuickJS's
// functions by what calls what; module-bytecode-exports.js finds constants in what it stores).
import binaryen from 'binaryen';

/** Every expression of `body` (binaryen references), parents before their children. */
export function* expressionsIn(body) {
  const B = binaryen;
  const childKeys = new Map([
    [B.BlockId, ['children']], [B.IfId, ['condition', 'ifTrue', 'ifFalse']], [B.LoopId, ['body']], [B.CallId, ['operands']],
    [B.LocalSetId, ['value']], [B.GlobalSetId, ['value']], [B.StoreId, ['ptr', 'value']], [B.LoadId, ['ptr']],
    [B.BinaryId, ['left', 'right']], [B.UnaryId, ['value']], [B.SelectId, ['ifTrue', 'ifFalse', 'condition']], [B.DropId, ['value']],
    [B.ReturnId, ['value']], [B.BreakId, ['condition', 'value']], [B.SwitchId, ['condition', 'value']],
  ]);
  const pending = [body];
  while (pending.length > 0) {
    const expression = pending.pop();
    yield expression;
    const keys = childKeys.get(B.getExpressionId(expression));
    if (keys === undefined) continue;
    const info = B.getExpressionInfo(expression);
    for (const key of keys) for (const child of [info[key]].flat().reverse()) if (child) pending.push(child);
  }
}

/** How often function `name` of `m` calls each function (binaryen names), from its body. */
export function callsOf(m, name) {
  const calls = new Map();
  for (const expression of expressionsIn(binaryen.getFunctionInfo(m.getFunction(name)).body)) {
    if (binaryen.getExpressionId(expression) === binaryen.CallId) {
      const { target } = binaryen.getExpressionInfo(expression);
      calls.set(target, (calls.get(target) ?? 0) + 1);
    }
  }
  return calls;
}
