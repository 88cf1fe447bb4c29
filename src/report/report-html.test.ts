import { describe, expect, it } from 'vitest';
import { APP_CONFIG } from '../config';
import type { FaceResult } from '../types';
import type { DetectorReport } from './api-types';
import { buildReport } from './report';
import { aggregate } from '../pipeline/aggregate';
import { attentionSvg, cssString, esc, pageFooterCss, reportHtml, safeImage } from './report-html';
import { CLEAN, makeFrame, makeResult } from './test-fixtures';

const sha = (c: string) => c.repeat(64);
const face = (over: Partial<FaceResult> = {}): FaceResult => ({ box: { x: 10, y: 20, width: 100, height: 120 }, score: 0.97, landmarks: [{ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }], pFake: 0.5, models: {}, track: 1, attention: null, ...over });
const JPEG = 'data:image/jpeg;base64,/9j/4AAQSkZJRg==';

function report(over: Partial<Parameters<typeof buildReport>[0]> = {}): DetectorReport {
  return buildReport({
    result: makeResult({
      frames: [
        { ...makeFrame(0, 0.2), faces: [face()] },
        { ...makeFrame(1, 0.9), faces: [face({ track: 2 })] },
        makeFrame(2, null),
        { ...makeFrame(3, 0.7), faces: [face()] },
      ],
      models: { 'wsdan-xception': 0.6 },
      video: { width: 640, height: 360, durationMs: 4000, codec: 'avc1.64001f', container: 'mp4', rotation: 0 },
    }),
    app: { name: 'deepfake-detector', version: '0.1.0', commit: 'c0ffee' },
    input: { name: 'clip.mp4', path: null, bytes: 1234, sha256: sha('e') },
    backend: 'wasm',
    device: 'WebAssembly CPU (SIMD, 1 thread)',
    frames: 4,
    requestedBackend: 'wasm',
    threads: 2,
    models: [
      { name: 'xception', architecture: 'xception', inputSize: 160, weight: 0.2, metrics: { auc: 0.83, logloss: 0.5, acc: 0.75, n: 3052 }, config: 'pair', manifestSha256: sha('a'), files: [{ path: 'model.json', sha256: sha('c'), bytes: 3 }], backbone: null, about: null },
    ],
    faceDetector: { name: 'blazeface', files: [{ path: 'detector/blazeface-back.json', sha256: sha('d'), bytes: 9 }], provenanceError: null },
    userAgent: 'UA',
    generatedAt: new Date('2026-01-02T03:04:05Z'),
    ...over,
  });
}

describe('reportHtml', () => {
  it('names the decoder that ran, when the report has one', () => {
    const r = report();
    const soft = { ...r, result: { ...r.result, video: { ...r.result.video!, codec: 'hevc', decoder: 'ffmpeg.wasm (software)' } } };
    expect(reportHtml(soft)).toMatch(/Decoded by.*ffmpeg\.wasm \(software\)/s);
    expect(reportHtml(r)).not.toContain('Decoded by');
  });

  it('says once what the models know, escaped', () => {
    const r = report();
    const about = 'Trained on <DFDC> faces; weaker on small faces.';
    const html = reportHtml({ ...r, models: r.models.map((m) => ({ ...m, about })) });
    expect(html.split('What the models know').length - 1).toBe(1);
    expect(html).toContain('Trained on &lt;DFDC&gt; faces; weaker on small faces.');
    expect(reportHtml(r)).not.toContain('What the models know');
  });

  it('shows a file name with its direction controls written out and isolated; the JSON keeps it as is', () => {
    // U+202E (right-to-left override) would show "clipgpj.mp4" as "clip4pm.jpg".
    const spoof = 'clip\u202Egpj.mp4';
    const r = report({ input: { name: spoof, path: `in/${spoof}`, bytes: 1, sha256: sha('e') } });
    const html = reportHtml(r);
    expect(html).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
    expect(html).toContain('<bdi>clip[U+202E]gpj.mp4</bdi>');
    expect(html).toContain('<bdi>in/clip[U+202E]gpj.mp4</bdi>');
    expect(html).toContain('<title>Deepfake detector report: clip[U+202E]gpj.mp4</title>');
    expect(r.input.name).toBe(spoof);
    expect(JSON.parse(JSON.stringify(r)).input.name).toBe(spoof);
  });
  it('states the input hash, commit, every model and detector hash, every setting and the verdict with its reason', () => {
    const r = report();
    const html = reportHtml(r);
    for (const s of [sha('e'), 'c0ffee', sha('a'), sha('c'), sha('d'), '1234 bytes', 'WebAssembly CPU (SIMD, 1 thread)', 'Likely manipulated', 'Most frames look manipulated.', 'AUC 0.830']) {
      expect(html).toContain(s);
    }
    const st = r.settings;
    for (const v of [st.fakeAbove, st.realBelow, st.minFaceScore].map((n) => n.toFixed(3))) expect(html).toContain(v);
    for (const v of [st.minFacePixels, st.minFramesWithFace, st.alignSize]) expect(html).toContain(`<td>${v}</td>`);
    expect(html).toContain(st.calibration.platt.a.toFixed(6));
    expect(html).toContain(st.calibration.platt.b.toFixed(6));
    for (const m of APP_CONFIG.ensemble) expect(html).toContain(`${m.name} ${m.weight.toFixed(4)}`);
    expect(html).toContain('<td>2</td>'); // threads asked for
    expect(html).toContain('How to check this report');
    expect(html).toContain('deepfake-scan --frames 4 --backend wasm FILE');
  });

  it('is standalone: its own CSP, images only as data: URLs, no link or URL to load', () => {
    const html = reportHtml(report(), { crops: new Map([[1, JPEG], [3, 'https://example.com/x.jpg'], [0, 'data:image/svg+xml;base64,PHN2Zz4=']]) });
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
    expect(html).toContain(`src="${JPEG}"`);
    expect(html).not.toContain('example.com');
    expect(html).not.toContain('svg+xml');
    expect([...html.matchAll(/\bsrc="([^"]*)"/g)].every((m) => m[1]!.startsWith('data:image/jpeg'))).toBe(true);
    expect(html).not.toMatch(/\bhref=|url\(|@import/);
  });

  it('escapes everything that comes from the input or the environment', () => {
    const evil = '<img src=x onerror=alert(1)>"\'.mp4';
    const r = report({ input: { name: evil, path: null, bytes: 1, sha256: null }, device: '<script>alert(1)</script>' });
    const html = reportHtml({ ...r, result: { ...r.result, reason: '</p><script>x()</script>' } });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(esc(evil));
    expect(esc(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });

  it('renders every frame and every face generically (fields added to Face appear)', () => {
    const r = report();
    const extra = { ...r.result.frames[1]!, faces: [{ ...face({ track: 2 }), sharpness: 0.25 } as FaceResult] };
    const html = reportHtml({ ...r, result: { ...r.result, frames: [r.result.frames[0]!, extra, ...r.result.frames.slice(2)] } });
    expect(html).toContain('Person 2');
    expect(html).toContain('sharpness 0.250');
    expect(html).toContain('100×120 at (10, 20), detector confidence 0.970, how suspicious 0.500');
    expect(html).toContain('3 of 4 sampled frames had a scored face');
    expect((html.match(/<circle /g) ?? []).length).toBe(3);
    expect(html).toContain('Frame 3: no usable face');
  });

  it('an error report says what failed, with no claim that the result can be re-checked', () => {
    const ok = report();
    const failed: DetectorReport = { ...ok, result: makeResult({ score: null, label: null, reason: null, error: 'This file is not a video or image the detector can read.' }) };
    const html = reportHtml(failed);
    expect(html).toContain('Analysis failed');
    expect(html).toContain('<strong>What failed:</strong> This file is not a video or image the detector can read.');
    expect(html).not.toMatch(/reproduc/i);
    expect(html).not.toContain('How to check this report');
    expect(html).not.toContain('Most suspicious frames');
  });

  it('shows the most suspicious frames first in its gallery, with their pictures', () => {
    const html = reportHtml(report(), { crops: new Map([[1, JPEG]]) });
    const gallery = html.slice(html.indexOf('id="gallery"'), html.indexOf('id="frames"'));
    expect([...gallery.matchAll(/Frame (\d+) ·/g)].map((m) => m[1])).toEqual(['2', '4', '1']);
    expect(gallery).toContain(`src="${JPEG}"`);
  });

  it('lists every person with score and interval, marks the verdict\'s person, and states the rule', () => {
    const frames = [0, 1, 2, 3].map((i) => makeFrame(i, i === 1 ? 0.9 : 0.3));
    const v = aggregate(frames, APP_CONFIG);
    const html = reportHtml(report({ result: makeResult({ frames, score: v.score, label: v.label, reason: v.reason, models: v.models, tracks: v.tracks, basis: v.basis }) }));
    const people = html.slice(html.indexOf('id="people"'), html.indexOf('id="gallery"'));
    expect(v.tracks).toHaveLength(1);
    expect(people).toContain('(verdict)');
    expect(people).toContain(v.tracks[0]!.score.toFixed(4));
    expect(people).toContain(esc(v.basis!.rule));
    expect(html).not.toContain('mean of those frames');
    // No people section when nothing was tracked (an error, or no face).
    expect(reportHtml(report({ result: makeResult({ tracks: [] }) }))).not.toContain('id="people"');
  });

  it('draws the WS-DAN attention over a gallery crop, with the caption that it is not proof', () => {
    const grid = { side: 2, values: [1, 0.5, 0, 0.25] };
    const frames = [{ ...makeFrame(0, 0.8), faces: [face({ pFake: 0.8, attention: grid })] }];
    const html = reportHtml(report({ result: makeResult({ frames }) }), { crops: new Map([[0, JPEG]]) });
    const gallery = html.slice(html.indexOf('id="gallery"'), html.indexOf('id="frames"'));
    expect(gallery).toContain('<svg class="attn" viewBox="0 0 2 2"');
    expect(gallery.match(/<rect /g)).toHaveLength(4);
    expect(gallery).toContain('fill-opacity="0.600"');
    expect(gallery).toContain('not proof of manipulation');
    expect(attentionSvg({ side: 1, values: [Number.NaN] })).toContain('fill-opacity="0.000"');
  });
});

describe('helpers', () => {
  it('accepts only inline raster images', () => {
    expect(safeImage(JPEG)).toBe(JPEG);
    expect(safeImage('data:image/png;base64,iVBOR"onload="x')).toBeNull();
    expect(safeImage('blob:http://x/1')).toBeNull();
    expect(safeImage(undefined)).toBeNull();
  });
});

describe('the newsroom report (issue 27)', () => {
  const base = () => {
    const r = report();
    return { ...r, input: { ...r.input, name: 'clip".mp4</style>', sha256: 'ab'.repeat(32) } };
  };

  it('writes the case fields, escaped, before the verdict', () => {
    const html = reportHtml({ ...base(), case: { sourceUrl: 'https://example.org/v?a=1&b=<2>', analyst: 'A. Reporter', notes: 'line 1\nline 2' } });
    expect(html).toContain('About this check');
    expect(html).toContain('https://example.org/v?a=1&amp;b=&lt;2&gt;');
    expect(html).toContain('A. Reporter');
    expect(html.indexOf('id="case"')).toBeLessThan(html.indexOf('id="verdict"'));
    expect(reportHtml(base())).not.toContain('About this check');
  });

  it('puts the file name and SHA-256 in every printed page\'s margin, as a CSS string nothing can break out of', () => {
    const css = pageFooterCss(base());
    expect(css).toMatch(/^@page\{@bottom-left\{content:"/);
    expect(css).toContain('ab'.repeat(32));
    expect(css).not.toMatch(/<|"\.mp4|url\(/);
    expect(cssString('a"b\\c<')).toBe('"a\\22 b\\5c c\\3c "');
    expect(reportHtml(base())).toContain(css);
  });

  it('draws attention over the crops only when asked, and shows the whole frame it is given', () => {
    const r = base();
    const crops = new Map(r.result.frames.filter((f) => f.score !== null).map((f) => [f.index, JPEG]));
    const withFrame = { crops, frame: { index: r.result.frames.find((f) => f.score !== null)!.index, url: JPEG } };
    expect(reportHtml(r, { ...withFrame, attention: false })).not.toContain('class="attn"');
    expect(reportHtml(r, { ...withFrame, attention: false })).toContain('The frame, with every face found');
    expect(reportHtml(r, { crops, frame: { index: 0, url: 'https://example.com/x.jpg' } })).not.toContain('The frame, with every face found');
  });

  it('names people, never "track 1.000"', () => {
    const html = reportHtml(base());
    expect(html).not.toMatch(/track \d/);
  });
});

describe('reportHtml: input quality', () => {
  it('shows the reading, and a poor copy\'s caution in the verdict once (not again under Warnings)', () => {
    const r = report();
    const quality = { ...CLEAN, bitsPerPixel: 0.003, bars: { top: 90, bottom: 90, left: 0, right: 0 }, issues: ['compressed' as const] };
    const html = reportHtml(report({ result: { ...r.result, quality } }));
    expect(html).toContain('<section id="input-quality"><h2>Input quality</h2>');
    expect(html).toContain('letterboxed (black bars of 90 px above and 90 px below)');
    const verdict = html.slice(html.indexOf('<section id="verdict"'), html.indexOf('</section>', html.indexOf('<section id="verdict"')));
    expect(verdict).toContain('class="caution quality-caution">This copy is heavily compressed');
    expect(html.match(/This copy is heavily compressed/g)).toHaveLength(1);
    expect(html).toContain('Only 4 frames sampled');
    // A clean reading: the section, no caution; a report without a reading: no section.
    expect(reportHtml(report({ result: { ...r.result, quality: CLEAN } }))).not.toContain('quality-caution');
    expect(reportHtml(r)).not.toContain('id="input-quality"');
  });
});
