// @ts-check
// Web APIs every VU has as globals, like browsers and Node: URL, URLSearchParams, TextEncoder,
// TextDecoder, atob, btoa, crypto.getRandomValues/randomUUID, structuredClone and DOMException.
// internal.js installs them as lazy globals: this module is compiled the first time a script
// touches one of them (src/vu/runtime-modules.ts).
export { atob, btoa } from './base64.js';
export { DOMException } from './dom-exception.js';
export { structuredClone } from './structured-clone.js';
export { TextDecoder, TextEncoder } from './text-codec.js';
export { URL } from './url.js';
export { URLSearchParams } from './url-search-params.js';
export { crypto } from './web-crypto.js';
