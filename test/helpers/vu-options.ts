import type { VuHttpOptions } from '../../src/vu/host-context.js';

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
