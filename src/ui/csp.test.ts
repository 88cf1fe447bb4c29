import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../vite.config';

const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');

describe('index.html', () => {
  it('carries the same Content-Security-Policy as the servers send', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(CSP);
  });
  it('allows nothing beyond the own origin for scripts and connections', () => {
    expect(CSP).toMatch(/default-src 'self'(;|$)/);
    expect(CSP).toMatch(/connect-src 'self'(;|$)/);
    expect(CSP).not.toMatch(/https?:|\*/);
  });
  it('names no other origin', () => {
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
