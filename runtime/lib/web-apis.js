// @ts-check
// Web APIs every VU has as globals, like browsers and Node: URL, URLSearchParams, TextEncoder,
// TextDecoder, atob, btoa, crypto.getRandomValues/randomUUID, structuredClone and DOMException.
// Imported once by internal.js; installing them is this module's only effect. Nothing here may
// call the host while it is being evaluated (internal.js has not captured the bridge yet); the
// host is used only when a script calls these APIs.
import { atob, btoa } from './base64.js';
import { DOMException } from './dom-exception.js';
import { structuredClone } from './structured-clone.js';
import { TextDecoder, TextEncoder } from './text-codec.js';
import { URL } from './url.js';
import { URLSearchParams } from './url-search-params.js';
import { crypto } from './web-crypto.js';

const WEB_APIS = { URL, URLSearchParams, TextEncoder, TextDecoder, atob, btoa, crypto, structuredClone, DOMException };

for (const [name, value] of Object.entries(WEB_APIS)) {
  // A native implementation (a future QuickJS) wins over ours.
  if (name in globalThis) continue;
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}
