// @ts-check
// `k6/html`: parseHTML(src) → Selection (runtime/lib/html-selection.js; the document is parsed and
// kept on the host). Also the HTML parts of k6/http responses, exported for k6-http.js to call:
// `res.html(selector)`, `res.submitForm(params)` and `res.clickLink(params)` (k6
// js/modules/k6/http/response.go), taking the response and, for the last two, k6/http's request().
import { parseDocument } from '../lib/html-selection.js';

/** @param {unknown} src */
export function parseHTML(src) {
  return parseDocument(src === undefined || src === null ? '' : String(src), '');
}

/** UTF-8 bytes → string (a binary response body). @param {ArrayBuffer} buffer */
function utf8(buffer) {
  return new TextDecoder().decode(buffer);
}

/**
 * `res.html(selector?)`: the body parsed with the response URL as base, optionally `.find(selector)`.
 * @param {{ body: unknown, url: string }} response @param {string} [selector]
 */
export function parseHTMLFromResponse(response, selector) {
  const { body } = response;
  if (body === null || body === undefined) {
    throw new Error("the body is null so we can't transform it to HTML - this likely was because of a request error getting the response");
  }
  const text = body instanceof ArrayBuffer ? utf8(body) : String(body);
  const doc = parseDocument(text, String(response.url ?? ''));
  return selector === undefined ? doc : doc.find(String(selector));
}

/** @typedef {(method: string, url: string, body?: unknown, params?: unknown) => unknown} RequestFn */

/** @param {string} url @param {string} base */
function resolveAgainst(url, base) {
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/**
 * `res.submitForm({ formSelector, submitSelector, fields, params })`: fills in the form's values,
 * the submit button's and `fields`, and sends it with the form's method and action.
 * @param {{ body: unknown, url: string }} response @param {Record<string, any> | undefined} args @param {RequestFn} request
 */
export function submitFormFromResponse(response, args, request) {
  const options = args ?? {};
  const formSelector = options.formSelector === undefined ? 'form' : String(options.formSelector);
  const submitSelector = options.submitSelector === undefined ? '[type="submit"]' : String(options.submitSelector);
  const form = parseHTMLFromResponse(response, formSelector);
  if (form.size() === 0) throw new Error(`no form found for selector '${formSelector}' in response '${response.url}'`);
  const methodAttr = form.attr('method');
  const method = methodAttr === undefined ? 'GET' : String(methodAttr).toUpperCase();
  const actionAttr = form.attr('action');
  const target = new URL(actionAttr === undefined ? response.url : resolveAgainst(String(actionAttr), response.url));
  /** @type {Record<string, unknown>} */
  const values = form.serializeObject();
  const submit = form.find(submitSelector);
  const submitName = submit.attr('name');
  const submitValue = submit.val();
  if (submitName !== undefined && submitValue !== undefined) values[String(submitName)] = submitValue;
  if (options.fields !== null && typeof options.fields === 'object') Object.assign(values, options.fields);
  const params = options.params ?? null;
  if (method === 'GET') {
    const query = new URLSearchParams();
    for (const name of Object.keys(values).sort()) query.append(name, String(values[name]));
    target.search = query.toString();
    return request(method, target.href, null, params);
  }
  return request(method, target.href, values, params);
}

/**
 * `res.clickLink({ selector, params })`: a GET of the first matching link's href.
 * @param {{ body: unknown, url: string }} response @param {Record<string, any> | undefined} args @param {RequestFn} request
 */
export function clickLinkFromResponse(response, args, request) {
  const options = args ?? {};
  const selector = options.selector === undefined ? 'a[href]' : String(options.selector);
  const link = parseHTMLFromResponse(response, selector);
  if (link.size() === 0) throw new Error(`no element found for selector '${selector}' in response '${response.url}'`);
  const href = link.attr('href');
  if (href === undefined) throw new Error(`no valid href attribute value found on element '${selector}' in response '${response.url}'`);
  return request('GET', resolveAgainst(String(href), response.url), undefined, options.params ?? null);
}

export default { parseHTML };
