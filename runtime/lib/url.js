// @ts-check
// `URL` (WHATWG URL Standard). Parsing and the setters run in the host's WHATWG parser (Node's,
// src/modules/web-apis), so every edge case follows the standard; the object keeps the parsed
// components and reads them without crossing the bridge. `searchParams` is a linked
// URLSearchParams (url-search-params.js).
import { host } from 'qk6:internal';
import { linkParams, resetParams, toUSVString } from './url-search-params.js';

/** @typedef {{ href: string, origin: string, protocol: string, username: string, password: string, host: string, hostname: string, port: string, pathname: string, search: string, hash: string }} UrlParts */

/** @param {string} input @param {string | undefined} base @returns {UrlParts} */
function parse(input, base) {
  return JSON.parse(/** @type {string} */ (host.call('url.parse', JSON.stringify(base === undefined ? { input } : { input, base }))));
}

/** @param {string} href @param {string} key @param {string} value @returns {UrlParts} */
function setPart(href, key, value) {
  return JSON.parse(/** @type {string} */ (host.call('url.set', JSON.stringify({ href, key, value }))));
}

/** `href` with its query replaced by `query` (none when empty); the query is already encoded. @param {string} href @param {string} query */
function withQuery(href, query) {
  const hashAt = href.indexOf('#');
  const fragment = hashAt < 0 ? '' : href.slice(hashAt);
  const beforeHash = hashAt < 0 ? href : href.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const prefix = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  return prefix + (query === '' ? '' : `?${query}`) + fragment;
}

export class URL {
  /** @type {UrlParts} */
  #parts;
  /** @type {import('./url-search-params.js').URLSearchParams | undefined} */
  #params;

  /** @param {string | URL} url @param {string | URL} [base] */
  constructor(url, base) {
    if (arguments.length === 0) throw new TypeError("Failed to construct 'URL': 1 argument required, but only 0 present.");
    this.#parts = parse(toUSVString(url), base === undefined ? undefined : toUSVString(base));
  }

  /** @param {string | URL} url @param {string | URL} [base] */
  static canParse(url, base) {
    try {
      parse(toUSVString(url), base === undefined ? undefined : toUSVString(base));
      return true;
    } catch {
      return false;
    }
  }

  /** @param {string | URL} url @param {string | URL} [base] */
  static parse(url, base) {
    try {
      return new URL(url, base);
    } catch {
      return null;
    }
  }

  /** @param {string} key @param {unknown} value */
  #set(key, value) {
    this.#parts = setPart(this.#parts.href, key, toUSVString(value));
    if (this.#params !== undefined) resetParams(this.#params, this.#parts.search.slice(1));
  }

  get href() {
    return this.#parts.href;
  }

  set href(value) {
    this.#set('href', value);
  }

  get origin() {
    return this.#parts.origin;
  }

  get protocol() {
    return this.#parts.protocol;
  }

  set protocol(value) {
    this.#set('protocol', value);
  }

  get username() {
    return this.#parts.username;
  }

  set username(value) {
    this.#set('username', value);
  }

  get password() {
    return this.#parts.password;
  }

  set password(value) {
    this.#set('password', value);
  }

  get host() {
    return this.#parts.host;
  }

  set host(value) {
    this.#set('host', value);
  }

  get hostname() {
    return this.#parts.hostname;
  }

  set hostname(value) {
    this.#set('hostname', value);
  }

  get port() {
    return this.#parts.port;
  }

  set port(value) {
    this.#set('port', value);
  }

  get pathname() {
    return this.#parts.pathname;
  }

  set pathname(value) {
    this.#set('pathname', value);
  }

  get search() {
    return this.#parts.search;
  }

  set search(value) {
    this.#set('search', value);
  }

  get hash() {
    return this.#parts.hash;
  }

  set hash(value) {
    this.#set('hash', value);
  }

  get searchParams() {
    this.#params ??= linkParams(this.#parts.search.slice(1), (query) => {
      const href = withQuery(this.#parts.href, query);
      this.#parts = { ...this.#parts, href, search: query === '' ? '' : `?${query}` };
    });
    return this.#params;
  }

  toString() {
    return this.#parts.href;
  }

  toJSON() {
    return this.#parts.href;
  }

  get [Symbol.toStringTag]() {
    return 'URL';
  }
}
