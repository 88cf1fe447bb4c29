import { describe, expect, it } from 'vitest';
import { CONTENT_TYPES, CSP, HEADER_CSP, SECURITY_HEADERS } from '../src/csp';
import { caddyfile, netlifyHeaders, nginxConf } from './deploy-headers';

describe('the headers every server sends (src/csp.ts)', () => {
  it('forbid framing, sniffing and other origins, and isolate the page', () => {
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(HEADER_CSP);
    expect(HEADER_CSP.startsWith(`${CSP}; `)).toBe(true);
    expect(HEADER_CSP).toMatch(/frame-ancestors 'none'$/);
    expect(CSP).not.toMatch(/frame-ancestors/); // ignored, with a console error, in a meta tag
    expect(SECURITY_HEADERS).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    expect(CONTENT_TYPES['.tflite']).toBe('application/octet-stream');
    expect(CONTENT_TYPES['.wasm']).toBe('application/wasm');
  });
});

/** Netlify's _headers read back: pattern -> headers. */
function parseNetlify(text: string): Map<string, Record<string, string>> {
  const rules = new Map<string, Record<string, string>>();
  let current: Record<string, string> | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!line.startsWith(' ')) {
      current = {};
      rules.set(line.trim(), current);
    } else {
      const at = line.indexOf(': ');
      current![line.slice(0, at).trim()] = line.slice(at + 2);
    }
  }
  return rules;
}

describe('deployment files', () => {
  it('_headers (Netlify, Cloudflare Pages) sends every header on every path and the right types', () => {
    const rules = parseNetlify(netlifyHeaders());
    expect(rules.get('/*')).toEqual(SECURITY_HEADERS);
    expect(rules.get('/*.tflite')).toEqual({ 'Content-Type': 'application/octet-stream' });
    expect(rules.get('/*.wasm')).toEqual({ 'Content-Type': 'application/wasm' });
  });
  it('nginx sends every header, also on errors, and types every extension dist/ holds', () => {
    const conf = nginxConf();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(conf).toContain(`add_header ${name} "${value}" always;\n`);
    expect(conf).toMatch(/^\s+application\/octet-stream [^;]*\btflite\b[^;]*;$/m);
    expect(conf).toMatch(/^\s+application\/wasm wasm;$/m);
    expect(conf).toMatch(/^\s+text\/javascript js mjs;$/m);
    // Every line is a directive or a comment: nothing unterminated.
    for (const line of conf.split('\n').filter((l) => l.trim() && !l.startsWith('#'))) expect(line).toMatch(/[;{}]$/);
  });
  it('Caddy sends every header and the right types', () => {
    const conf = caddyfile();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(conf).toContain(`\t${name} "${value}"\n`);
    expect(conf).toContain('@type_tflite path *.tflite\nheader @type_tflite Content-Type "application/octet-stream"');
    expect(conf).toContain('@type_wasm path *.wasm\nheader @type_wasm Content-Type "application/wasm"');
  });
});
