import { describe, expect, it } from 'vitest';
import { emptyResponse, type ResponseData } from '../../../src/modules/http/response-data.js';
import { encodeResponse } from '../../../src/modules/http/response-wire.js';
import { decodeResponse } from './http-test-kit.js';

function response(overrides: Partial<ResponseData>): ResponseData {
  const base = emptyResponse('http://x/', { method: 'GET', url: 'http://x/', headers: { A: ['1'] }, body: '', cookies: {} });
  return { ...base, status: 200, status_text: '200 OK', headers: { 'Content-Type': 'text/plain' }, ...overrides };
}

describe('the response wire text', () => {
  it('round-trips every field, with the body raw after three JSON lines', () => {
    const data = response({ body: 'line 1\nline 2\n{"x":1}\n', timings: { duration: 1.5, blocked: 0.25, looking_up: 0, connecting: 3, tls_handshaking: 4, sending: 0.5, waiting: 0.75, receiving: 0.25 } });
    const text = String(encodeResponse(data));
    expect(text.split('\n').slice(3).join('\n')).toBe(data.body);
    expect(decodeResponse(text)).toEqual(data);
  });

  it('JSON-encodes a body with a NUL character, and carries null and binary bodies as kinds', () => {
    const nul = response({ body: 'a\0b\n' });
    expect(String(encodeResponse(nul))).not.toContain('\0');
    expect(decodeResponse(String(encodeResponse(nul)))).toEqual(nul);
    expect(decodeResponse(String(encodeResponse(response({ body: null }))))).toEqual(response({ body: null }));
    const binary = response({ body: null, body_id: 7 });
    expect(decodeResponse(String(encodeResponse(binary)))).toEqual(binary);
  });

  it('keeps timings, headers, cookies and request off the line parsed at once', () => {
    const [head, made] = String(encodeResponse(response({ body: '', tls_version: 'tls1.3', timings: { ...response({}).timings, waiting: 0.75 } }))).split('\n');
    expect(head).not.toContain('Content-Type');
    expect(JSON.parse(head as string)).toHaveLength(12);
    expect(JSON.parse(made as string)).toEqual([0, 0, 0, 0, 0, 0, 0.75, 0, true]);
  });

  it('sends a valid UTF-8 body as its bytes, and decodes one that is not', () => {
    const bytes = Buffer.from('héllo ✓\n', 'utf8');
    const parts = encodeResponse(response({ body: bytes })).parts;
    expect(parts.at(-1)).toBe(bytes);
    expect(decodeResponse(String(encodeResponse(response({ body: bytes })))).body).toBe('héllo ✓\n');
    const invalid = encodeResponse(response({ body: Buffer.from([0x61, 0xff, 0x62]) })).parts;
    expect(invalid.at(-1)).toBe('a\uFFFDb');
    const nul = encodeResponse(response({ body: Buffer.from('a\0b') }));
    expect(nul.parts.at(-1)).toBe(JSON.stringify('a\0b'));
    expect(decodeResponse(String(nul)).body).toBe('a\0b');
  });
});
