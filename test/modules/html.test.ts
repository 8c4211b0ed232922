// k6/html in a real VU: Selection traversal, values and Elements on k6's own test document
// (expected values from k6's js/modules/k6/html/html_test.go and element_test.go), rendering the
// way goquery does, and the response helpers k6/http will call (res.html, submitForm, clickLink).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlDocuments } from '../../src/modules/html/html-documents.js';
import { assertOk, printed, runInVu } from '../fixtures/run-in-vu.js';

const TEST_HTML = `
<html>
<head>
	<title>This is the title</title>
</head>
<body>
	<h1 id="top" data-test="dataval" data-num-a="123" data-num-b="1.5" data-not-num-a="1.50" data-not-num-b="1.1e02">Lorem ipsum</h1>

	<p data-test-b="true" data-opts='{"id":101}' data-test-empty="">Lorem ipsum dolor sit amet.</p>
	<p>Nullam id nisi eget ex pharetra imperdiet.</p>

	<form id="form1">
		<input id="text_input" name="text_input" type="text" value="input-text-value"/>
		<select id="select_one" name="select_one">
			<option value="not this option">no</option>
			<option value="yes this option" selected>yes</option>
		</select>
		<select id="select_text" name="select_text">
			<option>no text</option>
			<option selected>yes text</option>
		</select>
		<select id="select_multi" name="select_multi" multiple>
			<option>option 1</option>
			<option selected>option 2</option>
			<option selected>option 3</option>
		</select>
		<textarea id="textarea" name="textarea" multiple>Lorem ipsum dolor sit amet</textarea>
	</form>

	<footer>This is the footer.</footer>
</body>
`;

/** [expression over `doc`, expected value]; each is evaluated in one VU and compared as JSON. */
const CASES: Array<[string, unknown]> = [
  ['doc.find("h1").size()', 1],
  ['doc.find("h1").text()', 'Lorem ipsum'],
  ['doc.single("p").text().slice(0, 17)', 'Lorem ipsum dolor'],
  ['doc.find("select").single("option").end().first().attr("id")', 'select_one'],
  ['doc.single(".missing").size()', 0],
  ['doc.find("h1").add("footer").text()', 'Lorem ipsumThis is the footer.'],
  ['doc.find("h1").add(doc.find("footer")).size()', 2],
  ['doc.find("h1").attr("id")', 'top'],
  ['doc.find("h1").attr("class") === undefined', true],
  ['doc.find("h1").attr("class", "default")', 'default'],
  ['doc.find("h1").html()', 'Lorem ipsum'],
  ['doc.find("#text_input").val()', 'input-text-value'],
  ['doc.find("#select_one option[selected]").val()', 'yes this option'],
  ['doc.find("#select_one").val()', 'yes this option'],
  ['doc.find("#select_text").val()', 'yes text'],
  ['doc.find("#select_multi").val()', ['option 2', 'option 3']],
  ['doc.find("#textarea").val()', 'Lorem ipsum dolor sit amet'],
  ['doc.find("head").children().size()', 1],
  ['doc.find("body").children("p").last().text().slice(0, 14)', 'Nullam id nisi'],
  ['doc.find("textarea").closest("form").attr("id")', 'form1'],
  ['doc.find("head").contents().size()', 3],
  ['doc.find("head").contents().first().text()', '\n\t'],
  ['(() => { const e = []; doc.find("#select_multi option").each((i, el) => { e[i] = el.innerHTML(); }); return e; })()', ['option 1', 'option 2', 'option 3']],
  ['doc.find("h1").is("h1")', true],
  ['doc.find("h1").is(function (idx, val) { return val.text() == "Lorem ipsum"; })', true],
  ['doc.find("body").children().first().is(doc.find("h1"))', true],
  ['doc.find("body").children().filter("p").size()', 2],
  ['doc.find("body").children().filter(function (idx, val) { return val.is("p"); }).size()', 2],
  ['doc.find("body").children().filter(doc.find("p")).size()', 2],
  ['doc.find("body").children().filter("p").end().size()', 5],
  ['doc.find("body").children().eq(3).attr("id")', 'form1'],
  ['doc.find("body").children().first().attr("id")', 'top'],
  ['doc.find("body").children().last().text()', 'This is the footer.'],
  ['doc.find("body").children().has("input").size()', 1],
  ['doc.find("body").children().has(doc.find("input")).size()', 1],
  ['doc.find("#select_multi option").map(function (idx, val) { return val.text(); })', ['option 1', 'option 2', 'option 3']],
  ['doc.find("#select_multi").map(function (idx, val) { return val.attr("name"); })', ['select_multi']],
  ['doc.find("h1").next().size()', 1],
  ['doc.find("p").next("form").size()', 1],
  ['doc.find("h1").nextAll().size()', 4],
  ['doc.find("h1").nextAll("p").size()', 2],
  ['doc.find("footer").prev("form").size()', 1],
  ['doc.find("form").prevAll().size()', 3],
  ['doc.find("form").prevAll("p").size()', 2],
  ['doc.find("footer").prevUntil("h1").size()', 3],
  ['doc.find("footer").prevUntil(doc.find("h1")).size()', 3],
  ['doc.find("form").prevUntil("h1", "p").size()', 2],
  ['doc.find("footer").prevUntil().size()', 4],
  ['doc.find("footer").prevUntil(null, "p").size()', 2],
  ['doc.find("h1").nextUntil("footer").size()', 3],
  ['doc.find("h1").nextUntil(doc.find("footer"), "p").size()', 2],
  ['doc.find("h1").nextUntil().size()', 4],
  ['doc.find("textarea").parent().attr("id")', 'form1'],
  ['doc.find("textarea").parent("form").attr("id")', 'form1'],
  ['doc.find("textarea").parents().size()', 3],
  ['doc.find("textarea").parents("body").size()', 1],
  ['doc.find("textarea").parentsUntil("html").size()', 2],
  ['doc.find("textarea").parentsUntil(doc.find("html"), "body").size()', 1],
  ['doc.find("textarea").parentsUntil().size()', 3],
  ['doc.find("body").children().not("p").size()', 3],
  ['doc.find("body").children().not(doc.find("p")).size()', 3],
  ['doc.find("body").children().not(function (idx, val) { return val.is("p"); }).size()', 3],
  ['doc.find("form").siblings().size()', 4],
  ['doc.find("form").siblings("p").size()', 2],
  ['doc.find("body").children().slice(1, 2).size()', 1],
  ['doc.find("body").children().slice(3).eq(0).is("form")', true],
  ['doc.find("body").children().get().map((e) => e.nodeName())', ['h1', 'p', 'p', 'form', 'footer']],
  ['doc.find("body").children().get(-1).innerHTML()', 'This is the footer.'],
  ['doc.find("body").children().get(9) === undefined', true],
  ['doc.find("p").toArray().map((s) => s.size())', [1, 1]],
  ['doc.find("p").index()', 1],
  ['doc.find("form").index("body > *")', 3],
  ['doc.find("body").children().index(doc.find("footer"))', 4],
  ['doc.find("h1").data("test")', 'dataval'],
  ['doc.find("h1").data("num-a")', 123],
  ['doc.find("h1").data("num-b")', 1.5],
  ['doc.find("h1").data("not-num-a")', '1.50'],
  ['doc.find("h1").data("not-num-b")', '1.1e02'],
  ['doc.find("h1").data().numA', 123],
  ['doc.find("p").data("test-b")', true],
  ['doc.find("p").data("testB")', true],
  ['doc.find("p").data("test-empty") === undefined', true],
  ['doc.find("p").data("opts").id', 101],
  ['doc.find("p").data().opts.id', 101],
  ['doc.find("form").serialize()', 'select_multi=option+2&select_multi=option+3&select_one=yes+this+option&select_text=yes+text&text_input=input-text-value&textarea=Lorem+ipsum+dolor+sit+amet'],
  ['doc.find("form").serializeObject().select_one', 'yes this option'],
  ['doc.find("form").serializeArray().length', 5],
  ['doc.find("title").text()', 'This is the title'],
];

const ELEMENT_CASES: Array<[string, unknown]> = [
  ['el("#top").id()', 'top'],
  ['el("#top").nodeName()', 'h1'],
  ['el("#top").nodeType()', 1],
  ['el("#top").getAttribute("data-test")', 'dataval'],
  ['el("#top").hasAttribute("data-num-a")', true],
  ['el("#top").textContent()', 'Lorem ipsum'],
  ['el("#top").firstChild().nodeName()', '#text'],
  ['el("#top").firstChild().nodeValue()', 'Lorem ipsum'],
  ['el("#top").nextElementSibling().nodeName()', 'p'],
  ['el("#top").parentElement().nodeName()', 'body'],
  ['el("#top").ownerDocument().nodeName()', '#document'],
  ['el("form").querySelectorAll("option").length', 7],
  ['el("form").querySelector("#textarea").id()', 'textarea'],
  ['el("form").contains(el("#textarea"))', true],
  ['el("#textarea").matches("textarea[multiple]")', true],
  ['el("#text_input").form().id()', 'form1'],
  ['el("#text_input").type()', 'text'],
  ['el("#text_input").value()', 'input-text-value'],
  ['el("#select_one").selectedIndex()', 1],
  ['el("#select_one").options().map((o) => o.value())', ['not this option', 'yes this option']],
  ['el("#select_multi").type()', 'select-multiple'],
  ['el("#top").toString()', '[object html.Node]'],
  ['el("#top").isSameNode(doc.find("h1").get(0))', true],
  ['el("form").elements().length', 5],
  ['el("form").method()', 'get'],
];

describe('k6/html Selection', () => {
  it('matches k6 on its own test document', async () => {
    const script = `import { parseHTML } from 'k6/html';
      const src = ${JSON.stringify(TEST_HTML)};
      export default function () {
        const doc = parseHTML(src);
        const el = (s) => doc.find(s).get(0);
        const cases = ${JSON.stringify([...CASES, ...ELEMENT_CASES].map(([code]) => code))};
        for (const code of cases) {
          let value;
          try { value = (0, eval)('(doc, el) => ' + code)(doc, el); } catch (e) { value = 'THREW ' + e.message; }
          console.log(JSON.stringify(value === undefined ? null : value));
        }
      }`;
    const run = await runInVu({ 'main.js': script });
    assertOk(run);
    const actual = printed(run).map((line) => JSON.parse(line) as unknown);
    const expected = [...CASES, ...ELEMENT_CASES].map(([code, value]) => [code, value]);
    expect(expected.map(([code], i) => [code, actual[i]])).toEqual(expected);
  });

  it('renders html() like goquery (x/net/html): void elements, quotes and raw text', async () => {
    const run = await runInVu({
      'main.js': `import { parseHTML } from 'k6/html';
        export default function () {
          const doc = parseHTML('<!DOCTYPE html><div id="d" title="a&quot;b"><br><img src="x.png">it\\'s "q" &amp; <b>bold</b></div><script>if (a < b) {}</script>');
          console.log(doc.find('#d').html());
          console.log(doc.find('script').html());
          console.log(doc.html().slice(0, 30));
        }`,
    });
    assertOk(run);
    expect(printed(run)).toEqual(['<br/><img src="x.png"/>it&#39;s &#34;q&#34; &amp; <b>bold</b>', 'if (a &lt; b) {}', '<!DOCTYPE html><html><head></h']);
  });

  it('reports bad arguments like k6', async () => {
    const run = await runInVu({
      'main.js': `import { parseHTML } from 'k6/html';
        export default function () {
          const doc = parseHTML('<p>x</p>');
          for (const bad of [() => doc.find(42), () => doc.each(''), () => doc.filter(1)]) {
            try { bad(); } catch (e) { console.log(e.message); }
          }
        }`,
    });
    assertOk(run);
    expect(printed(run)).toEqual([
      "invalid argument to find(), cannot use a 'number' as a selector",
      'the argument to each() must be a function',
      'the argument to filter() must be a function, a selector or a selection',
    ]);
  });

  it('keeps a document while the script references it, like k6, and frees those it dropped', async () => {
    let documents = 0;
    const run = await runInVu(
      {
        'main.js': `import { parseHTML } from 'k6/html';
          const page = parseHTML('<p>init</p>');
          let previous;
          export default function () {
            console.log(page.find('p').text());
            if (previous !== undefined) console.log('previous ' + previous.text());
            for (let i = 0; i < 100; i++) previous = parseHTML('<p>' + __ITER + '-' + i + '</p>').find('p');
            console.log(previous.text());
          }`,
      },
      { iterations: 2, inspect: (vu) => (documents = htmlDocuments(vu.host).size) },
    );
    assertOk(run);
    expect(printed(run)).toEqual(['init', '0-99', 'init', 'previous 0-99', '1-99']);
    // The init page, the last document and the one before it (dropped when `previous` moved
    // on, after the last parse's sweep); the 197 other dropped documents were freed on the host.
    expect(documents).toBe(3);
  });
});

describe('k6/http response helpers (res.html, submitForm, clickLink)', () => {
  let server: Server;
  let base = '';
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(`${req.method ?? ''} ${req.url ?? ''} ${body}`);
        res.setHeader('content-type', 'text/html');
        res.end(`<html><body><a class="next" href="/page2?x=1">next</a>
          <form method="POST" action="/login"><input name="user" value="u1"><input type="hidden" name="csrf" value="t0k"><button type="submit" name="go" value="1">Go</button></form>
          <img src="img/logo.png"></body></html>`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('parses a response with its URL as base and submits forms and clicks links through http.request', async () => {
    const run = await runInVu(
      {
        'main.js': `import http from 'k6/http';
          import { parseHTMLFromResponse, submitFormFromResponse, clickLinkFromResponse } from 'k6/html';
          export default function () {
            const res = http.get(__ENV.BASE + '/start');
            const doc = parseHTMLFromResponse(res);
            console.log(doc.find('img').get(0).src());
            console.log(doc.find('a.next').get(0).pathname() + ' ' + doc.find('a.next').get(0).search());
            console.log(parseHTMLFromResponse(res, 'form input').size());
            const submitted = submitFormFromResponse(res, { fields: { user: 'alice' } }, http.request);
            console.log(submitted.status);
            const clicked = clickLinkFromResponse(res, { selector: 'a.next' }, http.request);
            console.log(clicked.url);
          }`,
      },
      { env: { BASE: base } },
    );
    assertOk(run);
    expect(printed(run)).toEqual([`${base}/img/logo.png`, '/page2 ?x=1', '2', '200', `${base}/page2?x=1`]);
    expect(received.slice(1)).toEqual(['POST /login csrf=t0k&go=1&user=alice', 'GET /page2?x=1 ']);
  });
});
