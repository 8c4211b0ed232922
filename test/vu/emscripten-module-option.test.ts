// A VU's emscripten Module object is kept in V8's dictionary mode (src/vu/emscripten-module-option.ts):
// built in fast mode, each VU's got hidden classes of its own, and making them was most of the
// glue's start-up.
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { HOST_MODULES } from '../../src/modules/host-modules.js';
import { createVuEngine, disposeVuEngine } from '../../src/vu/vu-engine.js';
import { VuHost } from '../../src/vu/vu-host.js';
import { quietVuConfig } from '../helpers/vu-options.js';

setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('object', 'return %HasFastProperties(object)') as (object: object) => boolean;

function newEngine(): ReturnType<typeof createVuEngine> {
  const host = new VuHost(quietVuConfig('/tmp/script.js'), () => undefined);
  return createVuEngine({ memoryLimitBytes: 64 * 1024 * 1024, host, modules: HOST_MODULES, shouldInterrupt: () => false });
}

describe("a VU's emscripten Module object", () => {
  it('is a dictionary-mode object that works', async () => {
    const engine = await newEngine();
    try {
      const glueModule = (engine.module as unknown as { module: { _malloc: unknown; HEAPU8: unknown } }).module;
      expect(typeof glueModule._malloc).toBe('function');
      expect(glueModule.HEAPU8).toBeInstanceOf(Uint8Array);
      expect(hasFastProperties(glueModule)).toBe(false);
      const result = engine.context.unwrapResult(engine.context.evalCode('[1, 2, 3].map((n) => n * 2).join()'));
      expect(engine.context.dump(result)).toBe('2,4,6');
      result.dispose();
    } finally {
      disposeVuEngine(engine, false);
    }
  });
});
