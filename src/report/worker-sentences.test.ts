// The worker's English sentences the page re-says in its language: each catalog template is the
// very sentence the worker's code writes (so a change there shows here), and a sentence the page
// does not know is kept as the worker wrote it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { i18n } from '../i18n/i18n';
import { MEDIA_MESSAGES, undecodableMessage } from '../pipeline/decode';
import { workerSentence } from './worker-sentences';

afterEach(() => i18n.changeLanguage('en'));

/** A template with its values blanked: `${x}` in code, {{x}} in a catalog. */
const shape = (s: string) => s.replace(/\$\{[^}]*\}|\{\{\w+\}\}/g, '{}');

describe('worker sentences', () => {
  it('knows every message for an unusable file, word for word', () => {
    for (const [key, message] of Object.entries(MEDIA_MESSAGES)) expect(en.worker[key as keyof typeof MEDIA_MESSAGES]).toBe(message);
    expect(undecodableMessage('hevc')).toBe(en.worker.undecodable.replace('{{codec}}', 'HEVC (H.265)'));
    expect(undecodableMessage(null)).toBe(en.worker.undecodableUnknown);
  });

  it('has the templates the worker writes for skipped frames and a software GPU', () => {
    const code = (path: string) => shape(readFileSync(resolve(__dirname, '..', path), 'utf8'));
    expect(code('pipeline/run-analysis.ts')).toContain(shape(en.worker.skipped));
    expect(code('models/backend.ts')).toContain(shape(en.worker.softwareGpu));
    // backend.ts writes these two in two pieces: "<backend> is not available here (<why>)", then the ending.
    const [head, tail] = en.worker.notAvailable.split('; ');
    expect(code('models/backend.ts')).toContain(shape(head!));
    expect(code('models/backend.ts')).toContain(shape(`{{sentence}}; ${tail!}`));
    expect(code('models/backend.ts')).toContain(shape(`{{sentence}}, ${en.worker.forcedUnavailable.split('), ')[1]!}`));
    expect(code('worker/analysis.worker.ts')).toContain(shape(en.worker.modelNotUsed));
    expect(code('worker/analysis.worker.ts')).toContain(shape(en.worker.fastDetector));
  });

  it.each(['es', 'fr'] as const)('says them in %s, with their values', async (lng) => {
    await i18n.changeLanguage(lng);
    for (const message of Object.values(MEDIA_MESSAGES)) {
      const said = workerSentence(message);
      expect(said).not.toBe(message);
      expect(said.length).toBeGreaterThan(40);
    }
    expect(workerSentence(undecodableMessage('hevc'))).toContain('HEVC (H.265)');
    const skipped = workerSentence('2 of 8 sampled frames could not be decoded (the file may be damaged) and were skipped (first at 1.50 s: bad packet).');
    expect(skipped).toMatch(/^2 .*8/);
    expect(skipped).toContain('at 1.50 s: bad packet');
    const notice = workerSentence('WebGPU is not available here (no adapter); falling back to the next backend.');
    expect(notice).toContain('WebGPU');
    expect(notice).toContain('(no adapter)');
    expect(notice).not.toContain('falling back');
    expect(workerSentence('Something the page never heard of.')).toBe('Something the page never heard of.');
  });

  it('leaves English as it is', () => {
    expect(workerSentence(MEDIA_MESSAGES.empty)).toBe(MEDIA_MESSAGES.empty);
  });
});
