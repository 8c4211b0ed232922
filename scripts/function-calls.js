// Build helper for the derived QuickJS binaries: which functions a function's body calls, read
// with binaryen (compile-module-export.js and count-allocated-bytes.js find QuickJS's functions
// by what calls what).
import binaryen from 'binaryen';

/** How often function `name` of `m` calls each function (binaryen names), from its body. */
export function callsOf(m, name) {
  const B = binaryen;
  const childKeys = new Map([
    [B.BlockId, ['children']], [B.IfId, ['condition', 'ifTrue', 'ifFalse']], [B.LoopId, ['body']], [B.CallId, ['operands']],
    [B.LocalSetId, ['value']], [B.GlobalSetId, ['value']], [B.StoreId, ['ptr', 'value']], [B.LoadId, ['ptr']],
    [B.BinaryId, ['left', 'right']], [B.UnaryId, ['value']], [B.SelectId, ['ifTrue', 'ifFalse', 'condition']], [B.DropId, ['value']],
    [B.ReturnId, ['value']], [B.BreakId, ['condition', 'value']], [B.SwitchId, ['condition', 'value']],
  ]);
  const calls = new Map();
  const walk = (expression) => {
    const keys = childKeys.get(B.getExpressionId(expression));
    if (keys === undefined) return;
    const info = B.getExpressionInfo(expression);
    if (info.id === B.CallId) calls.set(info.target, (calls.get(info.target) ?? 0) + 1);
    for (const key of keys) for (const child of [info[key]].flat()) if (child) walk(child);
  };
  walk(B.getFunctionInfo(m.getFunction(name)).body);
  return calls;
}
