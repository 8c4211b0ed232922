// @ts-check
// The per-tag methods of k6/html Elements (k6 js/modules/k6/html/elements.go and the attribute
// table of gen/gen_elements.go): `a.href()`, `input.checked()`, `select.options()`, … Attribute
// methods are data here ([method, kind, attribute, default or allowed values]); the computed ones
// are written out. Kinds: s string, b present, i integer, u URL, e enum, n enum or undefined, c constant.

/** The tables, built on the first typed Element: scripts that never create one pay nothing. */
function buildTables() {
  const REFERRER = ['', 'no-referrer', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin', 'unsafe-url'];
  const CROSS_ORIGIN = ['anonymous', 'use-credentials'];
  const AUTOCOMPLETE = ['on', 'off'];
  const ENCTYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
  const INPUT_TYPES = ['text', 'button', 'checkbox', 'color', 'date', 'datetime-local', 'email', 'file', 'hidden', 'image', 'month', 'number', 'password', 'radio', 'range', 'reset', 'search', 'submit', 'tel', 'time', 'url', 'week'];

  /** @typedef {[string, string, string?, any?]} AttrSpec */
  /** @type {Record<string, AttrSpec[]>} */
  const ATTRS = {
    href: [['download', 's'], ['referrerPolicy', 'e', 'referrerpolicy', REFERRER], ['rel', 's'], ['href', 'u'], ['target', 's'], ['type', 's'], ['accessKey', 's', 'accesskey'], ['hrefLang', 's', 'hreflang'], ['toString', 'u', 'href']],
    media: [['autoplay', 'b'], ['controls', 'b'], ['loop', 'b'], ['muted', 'b'], ['preload', 'e', 'preload', ['auto', 'metadata', 'none']], ['src', 'u'], ['crossOrigin', 'n', 'crossorigin', CROSS_ORIGIN], ['currentSrc', 's', 'src'], ['defaultMuted', 'b', 'muted'], ['mediaGroup', 's', 'mediagroup']],
    base: [['href', 'u'], ['target', 's']],
    button: [['accessKey', 's', 'accesskey'], ['autofocus', 'b'], ['disabled', 'b'], ['tabIndex', 'i', 'tabindex', 0], ['type', 'e', 'type', ['submit', 'button', 'menu', 'reset']]],
    data: [['value', 's']],
    embed: [['height', 's'], ['width', 's'], ['src', 's'], ['type', 's']],
    fieldset: [['disabled', 'b'], ['name', 's']],
    form: [['action', 'u'], ['name', 's'], ['target', 's'], ['enctype', 'e', 'enctype', ENCTYPES], ['encoding', 'e', 'enctype', ENCTYPES], ['acceptCharset', 's', 'accept-charset'], ['autocomplete', 'e', 'autocomplete', AUTOCOMPLETE], ['noValidate', 'b', 'novalidate']],
    iframe: [['allowfullscreen', 'b'], ['referrerPolicy', 'e', 'referrerpolicy', REFERRER], ['height', 's'], ['width', 's'], ['name', 's'], ['src', 'u']],
    img: [['currentSrc', 'u', 'src'], ['sizes', 's'], ['srcset', 's'], ['alt', 's'], ['crossOrigin', 'n', 'crossorigin', CROSS_ORIGIN], ['height', 'i', 'height', 0], ['width', 'i', 'width', 0], ['isMap', 'b', 'ismap'], ['name', 's'], ['src', 'u'], ['useMap', 's', 'usemap'], ['referrerPolicy', 'e', 'referrerpolicy', REFERRER]],
    input: [['name', 's'], ['tabIndex', 'i', 'tabindex', 0], ['type', 'e', 'type', INPUT_TYPES], ['disabled', 'b'], ['autofocus', 'b'], ['required', 'b'], ['value', 's'], ['checked', 'b'], ['defaultChecked', 'b', 'checked'], ['alt', 's'], ['src', 'u'], ['height', 's'], ['width', 's'], ['accept', 's'], ['autocomplete', 'e', 'autocomplete', AUTOCOMPLETE], ['maxLength', 'i', 'maxlength', -1], ['size', 'i', 'size', 0], ['pattern', 's'], ['placeholder', 's'], ['readonly', 'b'], ['min', 's'], ['max', 's'], ['defaultValue', 's', 'value'], ['dirName', 's', 'dirname'], ['accessKey', 's', 'accesskey'], ['multiple', 'b'], ['step', 's']],
    label: [['htmlFor', 's', 'for']],
    legend: [['accessKey', 's', 'accesskey']],
    li: [['value', 'i', 'value', 0], ['type', 'e', 'type', ['', '1', 'a', 'A', 'i', 'I', 'disc', 'square', 'circle']]],
    link: [['crossOrigin', 'n', 'crossorigin', CROSS_ORIGIN], ['referrerPolicy', 'e', 'referrerpolicy', REFERRER], ['href', 'u'], ['hreflang', 's'], ['media', 's'], ['rel', 's'], ['target', 's'], ['type', 's']],
    map: [['name', 's']],
    meta: [['content', 's'], ['name', 's'], ['httpEquiv', 'e', 'http-equiv', ['content-type', 'default-style', 'refresh']]],
    mod: [['cite', 's'], ['datetime', 's']],
    ol: [['reversed', 'b'], ['start', 'i', 'start', 0], ['type', 'e', 'type', ['1', 'a', 'A', 'i', 'I']]],
    optgroup: [['disabled', 'b'], ['label', 's']],
    option: [['defaultSelected', 'b', 'selected'], ['selected', 'b']],
    param: [['name', 's'], ['value', 's']],
    script: [['crossOrigin', 's', 'crossorigin'], ['type', 's'], ['src', 'u'], ['charset', 's'], ['async', 'b'], ['defer', 'b'], ['noModule', 'b', 'nomodule']],
    select: [['autofocus', 'b'], ['disabled', 'b'], ['multiple', 'b'], ['name', 's'], ['required', 'b'], ['tabIndex', 'i', 'tabindex', 0]],
    source: [['media', 's'], ['sizes', 's'], ['src', 'u'], ['srcset', 's'], ['type', 's']],
    cell: [['colSpan', 'i', 'colspan', 1], ['rowSpan', 'i', 'rowspan', 1], ['headers', 's']],
    th: [['abbr', 's'], ['scope', 'e', 'scope', ['', 'row', 'col', 'colgroup', 'rowgroup']]],
    textarea: [['type', 'c', '', 'textarea'], ['value', 's'], ['defaultValue', 's', 'value'], ['placeholder', 's'], ['rows', 'i', 'rows', 0], ['cols', 'i', 'cols', 0], ['maxLength', 'i', 'maxlength', 0], ['tabIndex', 'i', 'tabindex', 0], ['accessKey', 's', 'accesskey'], ['readOnly', 'b', 'readonly'], ['required', 'b']],
    time: [['datetime', 's']],
    track: [['kind', 'e', 'kind', ['subtitle', 'captions', 'descriptions', 'chapters', 'metadata']], ['src', 'u'], ['srclang', 's'], ['label', 's'], ['default', 'b']],
  };

  /** Go-style URL parts (RFC 3986 appendix B), after resolving against the document URL. @param {any} el @param {string} attr */
  function urlParts(el, attr) {
    const raw = el.__attr(attr);
    if (raw === undefined) return { scheme: '', user: '', password: '', host: '', path: '', query: '', fragment: '' };
    const href = resolve(el, raw) ?? raw;
    const m = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?/.exec(href) ?? [];
    const authority = m[2] ?? '';
    const at = authority.lastIndexOf('@');
    const userinfo = at < 0 ? '' : authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    return {
      scheme: (m[1] ?? '').toLowerCase(),
      user: decodeURIComponent(colon < 0 ? userinfo : userinfo.slice(0, colon)),
      password: colon < 0 ? '' : decodeURIComponent(userinfo.slice(colon + 1)),
      host: at < 0 ? authority : authority.slice(at + 1),
      path: decodeURIComponent(m[3] ?? ''),
      query: m[4] ?? '',
      fragment: m[5] ?? '',
    };
  }

  /** @param {any} el @param {string} value */
  function resolve(el, value) {
    const base = el.__url();
    if (base === '') return value;
    try {
      return new URL(value, base).href;
    } catch {
      return undefined;
    }
  }

  /** @param {string} host @returns {[string, string] | undefined} */
  function splitHostPort(host) {
    const m = /^(\[[^\]]*\]|[^:]*):(\d*)$/.exec(host);
    return m === null ? undefined : [(m[1] ?? '').replace(/^\[|\]$/g, ''), m[2] ?? ''];
  }

  const DEFAULT_PORTS = /** @type {Record<string, string>} */ ({ http: '80', https: '443', ftp: '21' });

  /** @param {any} el */
  function ownerForm(el) {
    return el.__elements('form')[0];
  }

  /** The form attribute `form<name>` of the control, else `<name>` of its form. @param {any} el @param {string} name */
  function formOrOwn(el, name) {
    const own = el.__attr(`form${name}`);
    if (own !== undefined) return own;
    return ownerForm(el)?.__attr(name);
  }

  /** @type {Record<string, Record<string, (this: any, ...args: any[]) => unknown>>} */
  const COMPUTED = {
    href: {
      hash() { const f = urlParts(this, 'href').fragment; return f === '' ? '' : `#${f}`; },
      host() {
        const u = urlParts(this, 'href');
        const split = splitHostPort(u.host);
        return split !== undefined && DEFAULT_PORTS[u.scheme] === split[1] ? split[0] : u.host;
      },
      hostname() { const h = urlParts(this, 'href').host; return splitHostPort(h)?.[0] ?? h; },
      port() { return splitHostPort(urlParts(this, 'href').host)?.[1] ?? ''; },
      username() { return urlParts(this, 'href').user; },
      password() { return urlParts(this, 'href').password; },
      origin() { const u = urlParts(this, 'href'); return u.scheme === '' ? '' : u.scheme === 'file' ? this.href() : `${u.scheme}://${u.host}`; },
      pathname() { return urlParts(this, 'href').path; },
      protocol() { return urlParts(this, 'href').scheme || ':'; },
      search() { const q = urlParts(this, 'href').query; return q === '' ? '' : `?${q}`; },
      relList() { const rel = this.__attr('rel') ?? ''; return rel === '' ? [] : rel.split(' '); },
      text() { return this.textContent(); },
    },
    formField: {
      form() { return ownerForm(this); },
      formAction() {
        const action = formOrOwn(this, 'action');
        if (this.__url() === '') return action ?? '';
        if (action === undefined || action === '') return this.__url();
        return resolve(this, action) ?? action;
      },
      formEnctype() { const e = formOrOwn(this, 'enctype'); return e === 'multipart/form-data' || e === 'text/plain' ? e : ENCTYPES[0]; },
      formMethod() { return String(formOrOwn(this, 'method') ?? '').toLowerCase() === 'post' ? 'post' : 'get'; },
      formNoValidate() { return formOrOwn(this, 'novalidate') !== undefined; },
      formTarget() { return formOrOwn(this, 'target') ?? ''; },
      labels() { return this.__elements('labels'); },
      name() { return this.__attr('name') ?? ''; },
    },
    button: { value() { return this.__attr('value') ?? this.innerHTML(); } },
    form: {
      elements() { return this.__elements('find', 'input,select,button,textarea,fieldset'); },
      length() { return this.__elements('find', 'input,select,button,textarea,fieldset').length; },
      method() { return this.__attr('method') === 'post' ? 'post' : 'get'; },
    },
    fieldset: { form() { return ownerForm(this); }, type() { return 'fieldset'; }, elements() { return this.__elements('find', 'input,select,button,textarea'); } },
    label: {
      control() { const id = this.__attr('for'); return id === undefined ? undefined : this.ownerDocument()?.querySelector(`[id="${id}"]`); },
      form() { return ownerForm(this); },
    },
    option: {
      disabled() { return this.__attr('disabled') !== undefined || this.selection().parents('optgroup').attr('disabled') !== undefined; },
      form() { return ownerForm(this.selection().closest('select').get(0) ?? this); },
      index() { const holder = this.selection().parents('select,datalist'); return holder.size() === 0 ? 0 : holder.find('option').index(this); },
      label() { return this.__attr('label') ?? this.textContent(); },
      text() { return this.textContent(); },
      value() { return this.__attr('value') ?? this.innerHTML(); },
    },
    select: {
      form() { return ownerForm(this); },
      labels() { return this.__elements('labels'); },
      length() { return this.__elements('find', 'option').length; },
      options() { return this.__elements('find', 'option'); },
      selectedIndex() { const sel = this.selection(); const picked = sel.find('option[selected]'); return picked.size() === 0 ? -1 : sel.find('option').index(picked); },
      selectedOptions() { return this.__elements('find', 'option[selected]'); },
      size() { return this.__attr('multiple') !== undefined ? 4 : 1; },
      type() { return this.__attr('multiple') !== undefined ? 'select-multiple' : 'select'; },
      value() { const first = this.__elements('find', 'option[selected]')[0]; return first === undefined ? '' : first.value(); },
    },
    datalist: { options() { return this.__elements('find', 'option'); } },
    textContentText: { text() { return this.textContent(); } },
    output: { form() { return ownerForm(this); }, labels() { return this.__elements('labels'); }, value() { return this.textContent(); }, defaultValue() { return this.textContent(); } },
    canvas: { width() { return intAttr(this, 'width', 150); }, height() { return intAttr(this, 'height', 150); } },
    map: { areas() { return this.__elements('find', 'area'); } },
    style: { type() { return this.__attr('type') || 'text/css'; } },
  };

  /** @param {any} el @param {string} attr @param {number} fallback */
  function intAttr(el, attr, fallback) {
    const value = el.__attr(attr);
    return value !== undefined && /^[-+]?\d+$/.test(value) ? Number(value) : fallback;
  }

  /** @param {AttrSpec} spec @returns {(this: any) => unknown} */
  function attrMethod([, kind, attribute, arg]) {
    const attr = /** @type {string} */ (attribute);
    switch (kind) {
      case 'b': return function () { return this.__attr(attr) !== undefined; };
      case 'i': return function () { return intAttr(this, attr, arg); };
      case 'c': return () => arg;
      case 'u': return function () {
        const raw = this.__attr(attr);
        if (this.__url() === '') return raw ?? '';
        return raw === undefined ? (attr === 'href' && this.nodeName() === 'base' ? this.__url() : '') : (resolve(this, raw) ?? '');
      };
      case 'e': return function () { const v = this.__attr(attr) ?? ''; return arg.includes(v) ? v : arg[0]; };
      case 'n': return function () { const v = this.__attr(attr); return v !== undefined && arg.includes(v) ? v : undefined; };
      default: return function () { return this.__attr(attr) ?? ''; };
    }
  }

  /** Tag → the groups whose methods it has, later groups winning. */
  const TAGS = /** @type {Record<string, string[]>} */ ({
    a: ['href'], area: ['href'], audio: ['media'], video: ['media'], base: ['base'], button: ['formField', 'button'],
    canvas: ['canvas'], data: ['data'], datalist: ['datalist'], del: ['mod'], ins: ['mod'], embed: ['embed'],
    fieldset: ['fieldset'], form: ['form'], iframe: ['iframe'], img: ['img'], input: ['formField', 'input'],
    label: ['label'], legend: ['legend'], li: ['li'], link: ['link'], map: ['map'], meta: ['meta'], ol: ['ol'],
    optgroup: ['optgroup'], option: ['option'], output: ['output'], param: ['param'], script: ['script', 'textContentText'],
    select: ['select'], source: ['source'], style: ['style'], td: ['cell'], th: ['cell', 'th'], textarea: ['textarea'],
    time: ['time'], title: ['textContentText'], track: ['track'],
  });
  return { ATTRS, COMPUTED, TAGS, attrMethod };
}

/** @type {ReturnType<typeof buildTables> | undefined} */
let tables;

/** The extra methods of `tag`, or undefined for a plain Element. @param {string} tag */
export function methodsForTag(tag) {
  tables ??= buildTables();
  const { ATTRS, COMPUTED, TAGS, attrMethod } = tables;
  const groups = TAGS[tag];
  if (groups === undefined) return undefined;
  /** @type {Record<string, Function>} */
  const methods = {};
  for (const group of groups) {
    for (const spec of ATTRS[group] ?? []) methods[spec[0]] = attrMethod([spec[0], spec[1], spec[2] ?? spec[0].toLowerCase(), spec[3]]);
    Object.assign(methods, COMPUTED[group] ?? {});
  }
  return methods;
}
