// @ts-check
// `k6/http` inside a VU. Each request is one `http.request` host call with a plain-data spec (see
// src/modules/http/request-spec.ts); the host answers with plain response data and this module
// builds k6's Response from it. Params are normalised here (k6 js/modules/k6/http/request.go
// parseRequest); a bad param does not throw here but travels as `invalid`, so the host applies
// k6's `throw` / "Request Failed" handling. Binary and multipart (http.file) bodies travel in the
// bridge buffer; binary response bodies are fetched once with `http.takeBody`. A response arrives
// as the text of src/modules/http/response-wire.ts.
import { host, currentGroupPath, loadedRuntimeModule, requireRuntimeModule } from 'qk6:internal';
// k6/html, the JSON selector, multipart and form-encoded bodies (with http.file), http.batch,
// http.url and the handle list of the cookie jars a script makes are compiled only when a script
// first uses them (src/vu/runtime-modules.ts): a VU's copy of this module is smaller without them.
// A FileData exists only after http.file() loaded the multipart module, an HttpURL only after
// http.url() loaded its own.
const html = () => requireRuntimeModule('k6/html');
const multipart = () => requireRuntimeModule('multipart');
const formEncode = () => requireRuntimeModule('form-encode');
const hostHandles = () => requireRuntimeModule('host-handles');
/**
 * Whether `value` is a `className` of the lazily compiled module `name`; none can be before the
 * module is loaded. @param {unknown} value @param {string} name @param {string} className
 */
const isLazyInstance = (value, name, className) => {
  const loaded = loadedRuntimeModule(name);
  return loaded !== undefined && value instanceof loaded[className];
};
/** @param {unknown} value */
const isFileData = (value) => isLazyInstance(value, 'multipart', 'FileData');
/** @param {Record<string, unknown>} data */
const containsFile = (data) => loadedRuntimeModule('multipart')?.containsFile(data) === true;
/** Whether `value` came from `http.url`. @param {unknown} value */
const isHttpUrl = (value) => isLazyInstance(value, 'http-url', 'HttpURL');

export const TLS_1_0 = 'tls1.0';
export const TLS_1_1 = 'tls1.1';
export const TLS_1_2 = 'tls1.2';
export const TLS_1_3 = 'tls1.3';
export const OCSP_STATUS_GOOD = 'good';
export const OCSP_STATUS_REVOKED = 'revoked';
export const OCSP_STATUS_SERVER_FAILED = 'server_failed';
export const OCSP_STATUS_UNKNOWN = 'unknown';
export const OCSP_REASON_UNSPECIFIED = 'unspecified';
export const OCSP_REASON_KEY_COMPROMISE = 'key_compromise';
export const OCSP_REASON_CA_COMPROMISE = 'ca_compromise';
export const OCSP_REASON_AFFILIATION_CHANGED = 'affiliation_changed';
export const OCSP_REASON_SUPERSEDED = 'superseded';
export const OCSP_REASON_CESSATION_OF_OPERATION = 'cessation_of_operation';
export const OCSP_REASON_CERTIFICATE_HOLD = 'certificate_hold';
export const OCSP_REASON_REMOVE_FROM_CRL = 'remove_from_crl';
export const OCSP_REASON_PRIVILEGE_WITHDRAWN = 'privilege_withdrawn';
export const OCSP_REASON_AA_COMPROMISE = 'aa_compromise';

// --- response callbacks ------------------------------------------------------------------------
class ExpectedStatuses {
  /** @param {Array<[number, number]>} ranges */
  constructor(ranges) {
    this.kind = 'expectedStatuses';
    this.ranges = ranges;
  }
}

/** @param {...(number | {min: number, max: number})} args */
export function expectedStatuses(...args) {
  if (args.length === 0) throw new Error('no arguments');
  /** @type {Array<[number, number]>} */
  const ranges = [];
  args.forEach((arg, i) => {
    if (Number.isInteger(arg)) ranges.push([/** @type {number} */ (arg), /** @type {number} */ (arg)]);
    else if (arg !== null && typeof arg === 'object' && arg.min !== undefined && arg.max !== undefined) {
      if (!Number.isInteger(arg.min) || !Number.isInteger(arg.max)) throw new Error(`both min and max need to be integers for argument number ${i + 1}`);
      ranges.push([arg.min, arg.max]);
    } else {
      throw new Error(`argument number ${i + 1} to expectedStatuses was neither an integer nor an object like {min:100, max:329}`);
    }
  });
  return new ExpectedStatuses(ranges);
}

/** undefined = k6's default (200-399, applied by the host), null = none. @type {ExpectedStatuses | null | undefined} */
let responseCallback;

/** @param {unknown} callback */
export function setResponseCallback(callback) {
  if (callback === null) responseCallback = null;
  else if (callback instanceof ExpectedStatuses) responseCallback = callback;
  else throw new Error('unsupported argument, expected http.expectedStatuses');
}

// --- params ----------------------------------------------------------------------------------
const UNITS = /** @type {Record<string, number>} */ ({ ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 });

/** Go's time.ParseDuration, in ms. @param {string} text */
function goDuration(text) {
  const match = /^([-+]?)(.*)$/.exec(text);
  let rest = match?.[2] ?? '';
  if (text === '0' || rest === '0') return 0;
  if (rest === '') throw new Error(`time: invalid duration "${text}"`);
  let total = 0;
  while (rest !== '') {
    const part = /^(\d*\.?\d*)([^\d.]*)/.exec(rest);
    const number = part?.[1] ?? '';
    const unit = part?.[2] ?? '';
    if (number === '' || number === '.') throw new Error(`time: invalid duration "${text}"`);
    if (unit === '') throw new Error(`time: missing unit in duration "${text}"`);
    const scale = UNITS[unit];
    if (scale === undefined) throw new Error(`time: unknown unit "${unit}" in duration "${text}"`);
    total += Number(number) * scale;
    rest = rest.slice(number.length + unit.length);
  }
  return match?.[1] === '-' ? -total : total;
}

/** k6's types.GetDurationValue: numbers and numeric strings are ms; `1d2h` days are allowed. @param {unknown} value */
function durationMs(value) {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') throw new Error(`unable to use type ${typeof value} as a duration value`);
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value.trim())) return Number(value);
  const d = value.indexOf('d');
  if (d < 0) return goDuration(value);
  const days = Number(value.slice(0, d));
  if (!/^[-+]?\d+$/.test(value.slice(0, d))) throw new Error(`strconv.ParseInt: parsing "${value.slice(0, d)}": invalid syntax`);
  const hours = d + 1 < value.length ? goDuration(value.slice(d + 1)) : 0;
  return days * 86400000 + (days < 0 ? -hours : hours);
}

/** @param {unknown} value */
function tagValue(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error('only String, Boolean and Number types are accepted as a metric tag value');
}

/**
 * Applies k6 params to a spec. @param {Record<string, any>} spec @param {Record<string, any>} params
 */
function applyParams(spec, params) {
  for (const key of Object.keys(params)) {
    const value = params[key];
    switch (key) {
      case 'headers':
        if (value === null || value === undefined) break;
        spec.headers = {};
        for (const name of Object.keys(value)) spec.headers[name] = String(value[name]);
        break;
      case 'cookies':
        if (value === null || value === undefined) break;
        spec.cookies = {};
        for (const name of Object.keys(value)) {
          const cookie = value[name];
          if (cookie === null || cookie === undefined) continue;
          spec.cookies[name] = typeof cookie === 'object'
            ? { value: cookie.value === undefined ? '' : String(cookie.value), replace: Boolean(cookie.replace) }
            : { value: String(cookie), replace: false };
        }
        break;
      case 'tags':
        if (value === null || value === undefined) break;
        spec.tags = {};
        try {
          for (const name of Object.keys(value)) spec.tags[name] = tagValue(value[name]);
        } catch (error) {
          spec.invalid = `invalid HTTP request metric tags: ${/** @type {Error} */ (error).message}`;
        }
        break;
      case 'jar':
        if (value instanceof CookieJar) spec.jar = value.id;
        break;
      case 'timeout':
        try {
          spec.timeout = durationMs(value);
        } catch (error) {
          spec.invalid = `invalid timeout value: ${/** @type {Error} */ (error).message}`;
        }
        break;
      case 'redirects':
        spec.redirects = Math.trunc(Number(value)) || 0;
        break;
      case 'throw':
        spec.throw = Boolean(value);
        break;
      case 'responseType':
        if (value === 'text' || value === 'binary' || value === 'none') spec.responseType = value;
        else spec.invalid = `${String(value)} does not belong to ResponseType values`;
        break;
      case 'responseCallback':
        if (value === null || value === undefined) spec.responseCallback = null;
        else if (value instanceof ExpectedStatuses) spec.responseCallback = value;
        else spec.invalid = 'unsupported responseCallback';
        break;
      case 'compression':
        spec.compression = String(value);
        break;
      case 'auth':
        if (value === 'digest' || value === 'ntlm') spec.invalid = `the "${value}" auth param is not supported by qk6 yet`;
        break;
      default:
        break;
    }
  }
}

/**
 * Builds the spec of one request; a binary body is returned as bytes for the bridge buffer.
 * @param {string} method @param {unknown} target @param {unknown} body @param {unknown} params
 * @returns {{ spec: Record<string, any>, bytes: Uint8Array | undefined }}
 */
function buildSpec(method, target, body, params) {
  /** @type {Record<string, any>} */
  const spec = { method, url: '', group: currentGroupPath() };
  if (isHttpUrl(target)) {
    const tagged = /** @type {{ url: string, name: string }} */ (target);
    spec.url = tagged.url;
    spec.urlName = tagged.name;
  } else spec.url = String(target);
  if (responseCallback !== undefined) spec.responseCallback = responseCallback;
  /** @type {Uint8Array | undefined} */
  let bytes;
  if (body === undefined || body === null) {
    // no body
  } else if (typeof body === 'string') spec.body = body;
  else if (body instanceof ArrayBuffer) bytes = new Uint8Array(body);
  else if (ArrayBuffer.isView(body)) bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  else if (isFileData(body)) spec.invalid = 'unknown request body type *http.FileData';
  else if (typeof body === 'object') {
    const data = /** @type {Record<string, unknown>} */ (body);
    const warn = (/** @type {string} */ message) => host.call('log', JSON.stringify(['warn', message]));
    if (containsFile(data)) {
      try {
        const encoded = multipart().encodeMultipart(data, warn);
        bytes = encoded.bytes;
        spec.bodyContentType = encoded.contentType;
      } catch (error) {
        spec.invalid = /** @type {Error} */ (error).message;
      }
    } else {
      spec.body = formEncode().encodeForm(data, warn);
      spec.bodyContentType = 'application/x-www-form-urlencoded';
    }
  } else spec.invalid = `unknown request body type ${typeof body === 'number' ? (Number.isInteger(body) ? 'int64' : 'float64') : typeof body}`;
  if (params !== null && typeof params === 'object') applyParams(spec, /** @type {Record<string, any>} */ (params));
  return { spec, bytes };
}

// --- responses -------------------------------------------------------------------------------
/** UTF-8 → string (QuickJS has no TextDecoder). @param {ArrayBuffer} buffer */
function utf8(buffer) {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x2000) out += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  try {
    return decodeURIComponent(escape(out));
  } catch {
    return out;
  }
}

// The host's response text (src/modules/http/response-wire.ts): a flat JSON array of the fields
// read at once, a JSON array of the timings (and whether TLS was used), a JSON array of the fields
// parsed on first use, then the raw body.
const BODY_TEXT = 0;
const BODY_BINARY = 2;
const BODY_JSON = 3;

class Response {
  #json = /** @type {{ value: unknown } | undefined} */ (undefined);
  /** [headers, cookies, request]: their JSON text until one of them is first read. @type {string | unknown[]} */
  #cold;
  /** The string body sent, for `request.body` (the host leaves it out). @type {string | undefined} */
  #sentBody;
  /** The timings line's text until `timings` or `ocsp` is first read, then both, made from it. @type {string | Record<string, unknown>} */
  #made;

  /** @param {Response} response */
  static #coldFields(response) {
    if (typeof response.#cold === 'string') {
      const cold = JSON.parse(response.#cold);
      if (cold[2].body === undefined) cold[2].body = response.#sentBody;
      response.#cold = cold;
    }
    return response.#cold;
  }

  /**
   * The descriptor of an own enumerable accessor whose value is `fields(response)[key]`: what
   * `fields` makes on first use. Own accessors, so JSON.stringify, Object.keys and spreading still
   * see them; descriptors shared by every response keep defining them cheap.
   * @param {(response: Response) => any} fields @param {string | number} key
   */
  static #lazyField(fields, key) {
    return {
      /** @this {Response} */
      get() {
        return fields(this)[key];
      },
      /** @this {Response} @param {unknown} value */
      set(value) {
        fields(this)[key] = value;
      },
      enumerable: true,
      configurable: true,
    };
  }

  /** `headers`, `cookies` and `request`, parsed when one of them is first read. */
  static #coldDescriptors = {
    headers: Response.#lazyField((response) => Response.#coldFields(response), 0),
    cookies: Response.#lazyField((response) => Response.#coldFields(response), 1),
    request: Response.#lazyField((response) => Response.#coldFields(response), 2),
  };

  /** @param {Response} response */
  static #madeFields(response) {
    if (typeof response.#made !== 'string') return response.#made;
    const t = JSON.parse(response.#made);
    const made = {
      timings: {
        duration: t[0], blocked: t[1], looking_up: t[2], connecting: t[3],
        tls_handshaking: t[4], sending: t[5], waiting: t[6], receiving: t[7],
      },
      ocsp: { produced_at: 0, this_update: 0, next_update: 0, revocation_reason: '', revoked_at: 0, status: t[8] ? OCSP_STATUS_UNKNOWN : '' },
    };
    response.#made = made;
    return made;
  }

  /**
   * `timings` and `ocsp` are made when first read: parsing the timings and making two objects of
   * 14 fields cost a request ~2.8 µs of the VU's interpreter, and most scripts read neither.
   */
  static #timingsDescriptor = Response.#lazyField((response) => Response.#madeFields(response), 'timings');
  static #ocspDescriptor = Response.#lazyField((response) => Response.#madeFields(response), 'ocsp');

  /** @param {string} text the host's response text @param {string | undefined} sentBody */
  constructor(text, sentBody) {
    const first = text.indexOf('\n');
    const second = text.indexOf('\n', first + 1);
    const third = text.indexOf('\n', second + 1);
    const head = JSON.parse(text.slice(0, first));
    this.#made = text.slice(first + 1, second);
    this.#cold = text.slice(second + 1, third);
    this.#sentBody = sentBody;
    this.status = head[0];
    this.status_text = head[1];
    this.proto = head[2];
    this.url = head[3];
    Object.defineProperties(this, Response.#coldDescriptors);
    const bodyKind = head[10];
    if (bodyKind === BODY_TEXT) this.body = text.slice(third + 1);
    else if (bodyKind === BODY_JSON) this.body = JSON.parse(text.slice(third + 1));
    else if (bodyKind === BODY_BINARY) this.body = host.call('http.takeBody', String(head[11]));
    else this.body = null;
    Object.defineProperty(this, 'timings', Response.#timingsDescriptor);
    this.remote_ip = head[4];
    this.remote_port = head[5];
    this.tls_version = head[6];
    this.tls_cipher_suite = head[7];
    Object.defineProperty(this, 'ocsp', Response.#ocspDescriptor);
    this.error = head[8];
    this.error_code = head[9];
  }

  /** The body parsed as JSON, or the value at a gjson-style `selector` (undefined if absent). @param {string} [selector] */
  json(selector) {
    if (this.body === null || this.body === undefined) {
      throw new Error("the body is null so we can't transform it to JSON - this likely was because of a request error getting the response");
    }
    if (this.#json === undefined) {
      const text = typeof this.body === 'string' ? this.body : utf8(this.body);
      try {
        this.#json = { value: JSON.parse(text) };
      } catch (error) {
        if (selector !== undefined) return undefined;
        const at = /<input>:(\d+):(\d+)/.exec(String(/** @type {Error} */ (error).stack));
        throw new Error(`cannot parse json due to an error at line ${at?.[1] ?? 1}, character ${at?.[2] ?? 0} , error: ${/** @type {Error} */ (error).message}`);
      }
    }
    return selector === undefined ? this.#json.value : requireRuntimeModule('json-selector').select(this.#json.value, String(selector));
  }

  /** The body as a k6/html Selection, or the elements matching `selector`. @param {string} [selector] */
  html(selector) {
    return html().parseHTMLFromResponse(this, selector);
  }

  /** Follows the link matched by `selector` (default `a[href]`). @param {Record<string, any>} [args] */
  clickLink(args) {
    return html().clickLinkFromResponse(this, args, request);
  }

  /** Submits the form matched by `formSelector` with `fields`. @param {Record<string, any>} [args] */
  submitForm(args) {
    return html().submitFormFromResponse(this, args, request);
  }
}

// --- requests --------------------------------------------------------------------------------
/** @param {string} method @param {unknown} target @param {unknown} [body] @param {unknown} [params] */
export function request(method, target, body, params) {
  const { spec, bytes } = buildSpec(String(method), target, body, params);
  let buffer;
  if (bytes !== undefined) {
    buffer = /** @type {ArrayBuffer} */ (bytes.buffer);
    spec.bodyRange = [bytes.byteOffset, bytes.byteLength];
  }
  return new Response(/** @type {string} */ (host.callAsync('http.request', JSON.stringify(spec), buffer)), spec.body);
}

/** @param {string} method @param {unknown} target @param {unknown} [body] @param {unknown} [params] */
export function asyncRequest(method, target, body, params) {
  return new Promise((resolve) => resolve(request(method, target, body, params)));
}

/** @param {unknown} target @param {unknown} [params] */
export const get = (target, params) => request('GET', target, undefined, params);
/** @param {unknown} target @param {unknown} [params] */
export const head = (target, params) => request('HEAD', target, undefined, params);
/** @param {unknown} target @param {unknown} [body] @param {unknown} [params] */
export const post = (target, body, params) => request('POST', target, body, params);
/** @param {unknown} target @param {unknown} [body] @param {unknown} [params] */
export const put = (target, body, params) => request('PUT', target, body, params);
/** @param {unknown} target @param {unknown} [body] @param {unknown} [params] */
export const patch = (target, body, params) => request('PATCH', target, body, params);
/** @param {unknown} target @param {unknown} [body] @param {unknown} [params] */
export const del = (target, body, params) => request('DELETE', target, body, params);
/** @param {unknown} target @param {unknown} [body] @param {unknown} [params] */
export const options = (target, body, params) => request('OPTIONS', target, body, params);

/** @param {unknown} requests */
export function batch(requests) {
  const newResponse = (/** @type {string} */ text, /** @type {string | undefined} */ sentBody) => new Response(text, sentBody);
  return requireRuntimeModule('http-batch').batch(requests, { buildSpec, isHttpUrl, newResponse });
}

// --- cookie jars -----------------------------------------------------------------------------
const VU_JAR = Symbol('vu jar');
// Jars the script drops are freed on the host when it makes the next one: k6's documented
// `new http.CookieJar()` in every iteration keeps one jar, not one per iteration.
/** @type {import('../lib/host-handles.js').HostHandles | undefined} */
let jars;

export class CookieJar {
  /** @param {unknown} [token] */
  constructor(token) {
    if (token === VU_JAR) {
      this.id = 0;
      return;
    }
    jars ??= new (hostHandles().HostHandles)((/** @type {number} */ id) => host.call('http.jar.free', String(id)));
    jars.sweep();
    this.id = Number(host.call('http.jar.new'));
    jars.track(this, this.id);
  }

  /** @param {string} url @returns {Record<string, string[]>} */
  cookiesForURL(url) {
    return JSON.parse(/** @type {string} */ (host.call('http.jar.cookiesForURL', JSON.stringify({ jar: this.id, url: String(url) }))));
  }

  /** @param {string} url @param {string} name @param {string} value @param {Record<string, unknown>} [opts] */
  set(url, name, value, opts) {
    /** @type {Record<string, unknown>} */
    const options = {};
    if (opts !== null && typeof opts === 'object') for (const key of Object.keys(opts)) options[key.toLowerCase()] = opts[key];
    host.call('http.jar.set', JSON.stringify({ jar: this.id, url: String(url), name: String(name), value: String(value), options }));
    return true;
  }

  /** @param {string} url */
  clear(url) {
    host.call('http.jar.clear', JSON.stringify({ jar: this.id, url: String(url) }));
  }

  /** @param {string} url @param {string} name */
  delete(url, name) {
    host.call('http.jar.delete', JSON.stringify({ jar: this.id, url: String(url), name: name === undefined || name === null ? '' : String(name) }));
  }
}

/** @type {CookieJar | undefined} */
let vuJar;
export function cookieJar() {
  host.call('http.jar.vu');
  vuJar ??= new CookieJar(VU_JAR);
  return vuJar;
}

// --- http.url and http.file (compiled when a script first calls them) -------------------------
/** Tagged template: the `name` tag is the template with `${}` placeholders. @param {TemplateStringsArray} strings @param {...unknown} values */
export function url(strings, ...values) {
  return requireRuntimeModule('http-url').url(strings, values);
}

/** k6's http.file(data, filename?, contentType?). @param {unknown} data @param {...unknown} args */
export function file(data, ...args) {
  return multipart().file(data, args);
}

export default {
  get, head, post, put, patch, del, options, request, asyncRequest, batch, cookieJar, CookieJar,
  setResponseCallback, expectedStatuses, url, file,
  TLS_1_0, TLS_1_1, TLS_1_2, TLS_1_3,
  OCSP_STATUS_GOOD, OCSP_STATUS_REVOKED, OCSP_STATUS_SERVER_FAILED, OCSP_STATUS_UNKNOWN,
  OCSP_REASON_UNSPECIFIED, OCSP_REASON_KEY_COMPROMISE, OCSP_REASON_CA_COMPROMISE, OCSP_REASON_AFFILIATION_CHANGED,
  OCSP_REASON_SUPERSEDED, OCSP_REASON_CESSATION_OF_OPERATION, OCSP_REASON_CERTIFICATE_HOLD, OCSP_REASON_REMOVE_FROM_CRL,
  OCSP_REASON_PRIVILEGE_WITHDRAWN, OCSP_REASON_AA_COMPROMISE,
};
