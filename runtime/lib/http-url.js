// @ts-check
// `http.url` of k6/http, compiled when a script first calls it (src/vu/runtime-modules.ts): a
// URL whose `name` tag is its template, so that requests to one endpoint share one tag.

export class HttpURL {
  /** @param {string} url @param {string} name */
  constructor(url, name) {
    this.url = url;
    this.name = name;
  }

  toString() {
    return this.url;
  }
}

/** The tagged template's URL; `name` has `${}` for each placeholder. @param {TemplateStringsArray} strings @param {unknown[]} values */
export function url(strings, values) {
  let name = '';
  let text = '';
  strings.forEach((part, i) => {
    name += part;
    text += part;
    if (i < values.length) {
      name += '${}';
      text += String(values[i]);
    }
  });
  return new HttpURL(text, name);
}
