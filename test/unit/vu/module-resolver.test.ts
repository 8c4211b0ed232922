// How a VU's imports resolve to module names (src/vu/module-resolver.ts), asked once or many times:
// the resolved names are kept per thread, failures are not; and the script's location and bootstrap.
import { describe, expect, it } from 'vitest';
import { ModuleResolutionError, bootstrapSource, normalizeModuleName, scriptLocation } from '../../../src/vu/module-resolver.js';

describe('normalizeModuleName', () => {
  it('maps k6 modules to the runtime and resolves relative and absolute imports against the importer', () => {
    expect(normalizeModuleName('file:///tests/main.js', 'k6/http')).toBe('qk6-runtime:///modules/k6-http.js');
    expect(normalizeModuleName('file:///tests/main.js', './lib/util.js')).toBe('file:///tests/lib/util.js');
    expect(normalizeModuleName('file:///tests/a/main.js', '../util.js')).toBe('file:///tests/util.js');
    expect(normalizeModuleName('qk6:bootstrap', 'file:///tests/main.js')).toBe('file:///tests/main.js');
    expect(normalizeModuleName('https://example.com/lib/main.js', './util.js')).toBe('https://example.com/lib/util.js');
  });

  it('answers the same import from another importer by that importer', () => {
    expect(normalizeModuleName('file:///one/main.js', './util.js')).toBe('file:///one/util.js');
    expect(normalizeModuleName('file:///two/main.js', './util.js')).toBe('file:///two/util.js');
    expect(normalizeModuleName('file:///one/main.js', './util.js')).toBe('file:///one/util.js');
  });

  it('throws for an import it cannot resolve every time it is asked', () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => normalizeModuleName('file:///tests/main.js', 'k6/unknown')).toThrow(ModuleResolutionError);
      expect(() => normalizeModuleName('https://example.com/main.js', 'file:///etc/passwd')).toThrow(/not allowed to load local file/);
      expect(() => normalizeModuleName('file:///tests/main.js', 'qk6:internal')).toThrow(/unknown module/);
    }
  });
});

describe('bootstrapSource', () => {
  it('imports the script asked for, however often and in whatever order scripts are asked for', () => {
    for (const path of ['/tests/one.js', '/tests/one.js', '/tests/two words.js', '/tests/one.js']) {
      const source = bootstrapSource(path);
      expect(source).toContain(`import * as main from ${JSON.stringify(new URL(`file://${path}`).href)};`);
      expect(source).toContain('registerMain(main);');
    }
  });
});

describe('scriptLocation', () => {
  it('gives the module name and directory of the script asked for, whichever was asked before', () => {
    for (const path of ['/tests/one.js', '/other/two words.js', '/tests/one.js']) {
      const url = new URL(`file://${path}`);
      expect(scriptLocation(path)).toEqual({ scriptPath: path, moduleName: url.href, directory: new URL('.', url).pathname });
    }
  });
});
