import type { VuHttpOptions } from '../../src/vu/host-context.js';
import type { VirtualUserConfig } from '../../src/vu/virtual-user.js';

/** k6's default HTTP options for VUs built directly in tests (no CLI, no config layering). */
export function testHttpOptions(userAgent = 'qk6-test'): VuHttpOptions {
  return {
    maxRedirects: 10,
    userAgent,
    throw: false,
    discardResponseBodies: false,
    insecureSkipTLSVerify: false,
    batch: 20,
    batchPerHost: 6,
    httpDebug: '',
    noConnectionReuse: false,
    noVUConnectionReuse: false,
    noCookiesReset: false,
  };
}

/** A VU of the script at `scriptPath` that records nothing: no samples, no logs, no host modules. */
export function quietVuConfig(scriptPath: string, id = 1): VirtualUserConfig {
  return {
    id,
    scriptPath,
    env: {},
    http: testHttpOptions(),
    sink: { define: () => undefined, add: () => undefined },
    runTags: {},
    log: () => undefined,
    modules: [],
  };
}
