// The report for people: the same DetectorReport value that "Download report (JSON)" saves,
// rendered as one standalone HTML page a reader can open, print or save as PDF. Pure: a string out,
// no DOM. Standalone: inline CSS, images only as data: URLs, and its own Content-Security-Policy
// (default-src 'none'), so the file makes no request even when opened from disk. Every value from
// the report (file names, errors, device strings) is escaped.
//
// One function per section, listed in REPORT_SECTIONS. A section returns '' when it has nothing to
// show. Frame faces are rendered generically (every scalar field of a face), so a new scalar field
// on a face shows up without a change here. WS-DAN attention is drawn as an SVG grid over the
// gallery's crops (numbers, not a picture the page made: the report shows what the model output).
import { INTERVAL_LEVEL } from '../config';
import type { AttentionGrid, Face, FrameResult } from '../types';
import type { DetectorReport } from './api-types';
import { mostSuspicious } from './evidence';
import { basisText, displayFileName, formatBytes, formatInterval, formatPercent, formatTime, verdictText } from './format';
import { personInterval, personName, topFace } from './person';
import { agreementSentence, codecName, HOW_TO_READ, intervalSentence, modelPlainName } from './plain-words';
import { weakModelsWarning } from './model-quality';
import { QUALITY_HEADING, QUALITY_NOTE, qualityRows } from './quality-words';
import { verdictCautions } from './report-warnings';
import { REPRODUCIBILITY } from './report';
import { credentialsRows, credentialsSummary, keyframeCaption, metadataRows, PROVENANCE_WORDS } from './provenance-words';

/** Pictures the page has and the JSON report does not carry (see docs/decisions.md). */
export interface ReportImages {
  /** The aligned face each scored frame's models saw, by frame index, as a data: URL. */
  crops: ReadonlyMap<number, string>;
  /** One whole frame with every face boxed in its person's colour (the page draws it), or none. */
  frame?: { index: number; url: string } | null;
  /** Draw WS-DAN attention over the gallery's crops (the page's "Show where the model looked";
   *  absent = drawn, as reports made before the switch were). */
  attention?: boolean;
  /** The stills at shot changes (report.provenance.keyframes), by frame index, as data: URLs. */
  keyframes?: ReadonlyMap<number, string>;
}

export interface SectionContext {
  report: DetectorReport;
  images: ReportImages;
}

export type ReportSection = (ctx: SectionContext) => string;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value, escaped for HTML. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Only inline raster images pass: anything else (a URL, SVG that could carry script) is dropped. */
export function safeImage(url: string | undefined): string | null {
  return url !== undefined && /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/]+=*$/.test(url) ? url : null;
}

function num(n: number | null | undefined, digits = 4): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits);
}

function rows(pairs: [string, string][]): string {
  return `<table class="kv">${pairs.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>${body}</section>`;
}

/** A file name or path: its direction controls written out, isolated from the text around it. */
function fileName(name: string): string {
  return `<bdi>${esc(displayFileName(name))}</bdi>`;
}

function code(s: string | null | undefined): string {
  return s === null || s === undefined ? '<span class="muted">unknown</span>' : `<code>${esc(s)}</code>`;
}

export const verdictSection: ReportSection = ({ report }) => {
  const r = report.result;
  const v = verdictText(r);
  if (r.error !== null) {
    return section(
      'verdict',
      'Analysis failed',
      `<p class="verdict verdict-error"><strong>What failed:</strong> ${esc(r.error)}</p>` +
        `<p>No score was computed for this file. The sections below record the file, the app, the settings and the environment the failure happened with.</p>`,
    );
  }
  const caution = r.score === null ? null : weakModelsWarning(report.models);
  return section(
    'verdict',
    'Verdict',
    `<p class="verdict verdict-${esc(v.kind)}"><strong>${esc(v.title)}</strong>${v.score === null ? '' : ` — ${esc(v.score)} estimated chance that the faces were manipulated (video score ${num(r.score)})`}</p>` +
      (v.detail ? `<p><strong>Reason:</strong> ${esc(v.detail)}</p>` : '') +
      basisHtml(report) +
      plainHtml(report) +
      (caution ? `<p class="caution">${esc(caution)}</p>` : '') +
      verdictCautions(r).map((t) => `<p class="caution quality-caution">${esc(t)}</p>`).join('') +
      `<div class="how"><h3>How to read this</h3><ul>${HOW_TO_READ.map((t) => `<li>${esc(t)}</li>`).join('')}</ul><p class="muted">A score is evidence to weigh, not proof.</p></div>`,
  );
};

/** The interval, the person and the video rule, as the page's verdict shows them. */
function basisHtml(report: DetectorReport): string {
  const b = basisText(report.result);
  const lines = [b.interval, b.person, b.rule].filter((t): t is string => t !== null);
  return lines.length === 0 ? '' : `<ul class="basis">${lines.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`;
}

/** The interval and the models' agreement in sentences, as the page says them. */
function plainHtml(report: DetectorReport): string {
  const lines = [intervalSentence(report.result), agreementSentence(report.result)].filter((t): t is string => t !== null);
  return lines.length === 0 ? '' : `<p>${esc(lines.join(' '))}</p>`;
}

/** Who checked the file, where it came from, and their notes (typed into the page). */
export const caseSection: ReportSection = ({ report }) => {
  const c = report.case;
  if (c === undefined) return '';
  const text = (v: string | null) => (v === null ? '<span class="muted">not given</span>' : `<span class="free">${esc(v)}</span>`);
  return section('case', 'About this check', rows([['Source (where the file was found)', text(c.sourceUrl)], ['Checked by', text(c.analyst)], ['Notes', text(c.notes)]]) + `<p class="muted">As typed by the analyst; not verified by the detector.</p>`);
};

/** One whole frame with every face boxed in its person's colour, named and scored. */
export const fullFrameSection: ReportSection = ({ report, images }) => {
  const frame = images.frame;
  const src = frame ? safeImage(frame.url) : null;
  const f = frame ? report.result.frames.find((x) => x.index === frame.index) : undefined;
  if (src === null || f === undefined) return '';
  const faces = f.faces.map((x) => (x.pFake === null ? 'a face too small to score (grey)' : `${personName(x.track)} ${formatPercent(x.pFake)}`)).join(', ');
  return section(
    'full-frame',
    'The frame, with every face found',
    `<figure class="full"><img class="full-img" src="${src}" alt="Frame ${f.index + 1} with its faces outlined"><figcaption>Frame ${f.index + 1} at ${esc(formatTime(f.timeMs, true))}: ${esc(faces || 'no face')}. Each box is in its person's colour.</figcaption></figure>`,
  );
};

/** The warnings the verdict section has not already shown as its cautions. */
export const warningsSection: ReportSection = ({ report }) => {
  const shown = new Set(verdictCautions(report.result));
  const rest = report.warnings.filter((w) => !shown.has(w));
  return rest.length === 0 ? '' : section('warnings', 'Warnings', `<ul>${rest.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`);
};

/** The input-quality reading (resolution, bitrate, re-encoding, faces, black bars). */
export const qualitySection: ReportSection = ({ report }) => {
  const q = report.result.quality;
  if (q === undefined || report.result.error !== null) return '';
  return section('input-quality', QUALITY_HEADING, `<p class="muted">${esc(QUALITY_NOTE)}</p>` + rows(qualityRows(q).map((r) => [r.label, esc(r.value)])));
};
/** Where the file came from: metadata (with its caution), content credentials, the stills. */
export const provenanceSection: ReportSection = ({ report, images }) => {
  const p = report.provenance;
  if (p === undefined) return '';
  const m = p.metadata;
  const fields = metadataRows(m).map((r): [string, string] => [r.label, esc(r.value)]);
  const metadata =
    `<h3>${esc(PROVENANCE_WORDS.metadataHeading)}</h3><p class="caution">${esc(PROVENANCE_WORDS.metadataCaution)}</p>` +
    (m.error !== null ? `<p>${esc(m.error)}</p>` : fields.length === 0 ? `<p>${esc(PROVENANCE_WORDS.metadataNone)}</p>` : rows(fields)) +
    (m.warning !== null ? `<p class="caution">${esc(PROVENANCE_WORDS.readerWarning(m.warning))}</p>` : '') +
    (m.tags.length > 0 ? `<details><summary>${esc(PROVENANCE_WORDS.allTags(m.tags.length))}</summary>${wideTable('metadata-tags', '<tr><th scope="col">Field</th><th scope="col">Value</th></tr>', m.tags.map((t) => `<tr><td><code>${esc(t.name)}</code></td><td>${esc(t.value)}</td></tr>`).join(''))}</details>` : '') +
    `<p class="muted">${esc(m.reader)}</p>`;
  const c = p.credentials;
  const credentials =
    `<h3>${esc(PROVENANCE_WORDS.credentialsHeading)}</h3><p class="credentials-${esc(c.state)}">${esc(credentialsSummary(c))}</p>` +
    rows(credentialsRows(c).map((r): [string, string] => [r.label, esc(r.value)]));
  const stills = p.keyframes
    .map((k) => {
      const src = safeImage(images.keyframes?.get(k.index));
      const caption = keyframeCaption(k);
      return src === null ? '' : `<figure class="card"><img class="card-img still" src="${src}" alt="${esc(PROVENANCE_WORDS.keyframeAlt(caption))}"><figcaption>${esc(caption)}</figcaption></figure>`;
    })
    .join('');
  const keyframes = `<h3>${esc(PROVENANCE_WORDS.keyframesHeading)}</h3><p class="muted">${esc(PROVENANCE_WORDS.keyframesIntro)}</p>` + (stills === '' ? `<p>${esc(PROVENANCE_WORDS.keyframesNone)}</p>` : `<div class="gallery">${stills}</div>`);
  return section('provenance', PROVENANCE_WORDS.heading, `<p class="muted">${esc(PROVENANCE_WORDS.intro)}</p>${metadata}${credentials}${keyframes}`);
};

function thumb(ctx: SectionContext, f: FrameResult, cls = 'thumb'): string {
  const src = safeImage(ctx.images.crops.get(f.index));
  return src === null ? '' : `<img class="${cls}" src="${src}" alt="Aligned face of frame ${f.index + 1}">`;
}

/** A WS-DAN attention grid as translucent red cells over a square (the crop it was computed on). */
export function attentionSvg(grid: AttentionGrid): string {
  const n = grid.side;
  const cells = grid.values
    .map((v, i) => {
      const a = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
      return `<rect x="${i % n}" y="${Math.floor(i / n)}" width="1" height="1" fill="#ff2000" fill-opacity="${(0.6 * a).toFixed(3)}"/>`;
    })
    .join('');
  return `<svg class="attn" viewBox="0 0 ${n} ${n}" preserveAspectRatio="none" aria-hidden="true">${cells}</svg>`;
}

/** The gallery picture: the crop, with the attention of the face it shows when there is one. */
function galleryImage(ctx: SectionContext, f: FrameResult): string {
  const img = thumb(ctx, f, 'card-img');
  if (img === '') return '<div class="card-img none">no image</div>';
  const grid = ctx.images.attention === false ? null : (topFace(f)?.attention ?? null);
  return grid === null ? img : `<div class="attn-wrap">${img}${attentionSvg(grid)}</div>`;
}

export const gallerySection: ReportSection = (ctx) => {
  const top = mostSuspicious(ctx.report.result.frames);
  if (top.length === 0) return '';
  const items = top
    .map(
      (f) =>
        `<figure class="card">${galleryImage(ctx, f)}<figcaption>Frame ${f.index + 1} · ${esc(formatTime(f.timeMs, true))} · ${esc(personName(topFace(f)?.track ?? null))}<br><strong>${esc(formatPercent(f.score))}</strong> (${num(f.score)})</figcaption></figure>`,
    )
    .join('');
  const side = ctx.images.attention === false ? undefined : top.map((f) => topFace(f)?.attention?.side).find((n) => n !== undefined);
  const note =
    side === undefined
      ? ''
      : `<p class="muted">Red cells: where the WS-DAN model's attention fell on the aligned face (a ${side}×${side} grid). Attention shows what the model looked at, not proof of manipulation.</p>`;
  return section('gallery', 'Most suspicious frames', `<div class="gallery">${items}</div>${note}`);
};

/** Per-frame scores over time as an inline SVG (no script, no external font). */
export function scoreChart(report: DetectorReport): string {
  const frames = report.result.frames;
  if (frames.length === 0) return '';
  const W = 720;
  const H = 200;
  const L = 40;
  const R = 10;
  const T = 10;
  const B = 28;
  const end = Math.max(report.result.video?.durationMs ?? 0, ...frames.map((f) => f.timeMs), 1);
  const x = (t: number) => L + (t / end) * (W - L - R);
  const y = (p: number) => T + (1 - p) * (H - T - B);
  const grid = [0, 0.5, 1]
    .map((p) => `<line x1="${L}" x2="${W - R}" y1="${y(p)}" y2="${y(p)}" class="grid"/><text x="${L - 4}" y="${y(p) + 4}" text-anchor="end">${p * 100}%</text>`)
    .join('');
  const s = report.settings;
  const bands = `<line x1="${L}" x2="${W - R}" y1="${y(s.fakeAbove)}" y2="${y(s.fakeAbove)}" class="th-fake"/><line x1="${L}" x2="${W - R}" y1="${y(s.realBelow)}" y2="${y(s.realBelow)}" class="th-real"/>`;
  const sorted = [...frames].sort((a, b) => a.timeMs - b.timeMs);
  const pts = sorted
    .map((f) =>
      f.score === null
        ? `<line x1="${x(f.timeMs)}" x2="${x(f.timeMs)}" y1="${H - B - 8}" y2="${H - B}" class="gap"><title>Frame ${f.index + 1}: no usable face</title></line>`
        : `<circle cx="${x(f.timeMs)}" cy="${y(f.score)}" r="3.5"><title>Frame ${f.index + 1} at ${esc(formatTime(f.timeMs, true))}: ${num(f.score)}</title></circle>`,
    )
    .join('');
  const axis = `<text x="${L}" y="${H - 8}">${esc(formatTime(0))}</text><text x="${W - R}" y="${H - 8}" text-anchor="end">${esc(formatTime(end))}</text>`;
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="How suspicious each sampled frame looks, over time">${grid}${bands}${pts}${axis}</svg>`;
}

/** Reader's names for the face fields the report knows; the person is named, not numbered. */
const FACE_FIELDS: Record<string, (v: unknown) => string> = {
  track: (v) => (typeof v === 'number' ? personName(v) : 'not scored'),
  score: (v) => `detector confidence ${typeof v === 'number' ? num(v, 3) : String(v)}`,
  pFake: (v) => `how suspicious ${typeof v === 'number' ? num(v, 3) : 'not scored'}`,
};

function faceText(face: Face): string {
  // Generic: the box, then every other scalar field (so fields added to Face appear unchanged).
  const b = face.box;
  const extra = Object.entries(face as unknown as Record<string, unknown>)
    .filter(([k, v]) => k !== 'box' && k !== 'landmarks' && k !== 'attention' && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null))
    .map(([k, v]) => FACE_FIELDS[k]?.(v) ?? `${k} ${typeof v === 'number' ? num(v, 3) : String(v)}`);
  return esc(`${Math.round(b.width)}×${Math.round(b.height)} at (${Math.round(b.x)}, ${Math.round(b.y)})${extra.length ? `, ${extra.join(', ')}` : ''}`);
}

export const framesSection: ReportSection = (ctx) => {
  const { report } = ctx;
  const frames = [...report.result.frames].sort((a, b) => a.timeMs - b.timeMs);
  if (frames.length === 0) return '';
  const modelNames = [...new Set(frames.flatMap((f) => Object.keys(f.models)))];
  const head = `<tr><th>Frame</th><th>Time</th><th>Face</th><th>How suspicious</th>${modelNames.map((m) => `<th>${esc(m)}</th>`).join('')}<th>Faces found (width×height at x, y; person, detector confidence, how suspicious)</th></tr>`;
  const body = frames
    .map(
      (f) =>
        `<tr><td>${f.index + 1}</td><td>${esc(formatTime(f.timeMs, true))} <span class="muted">(${f.timeMs.toFixed(1)} ms)</span></td><td>${thumb(ctx, f)}</td><td>${num(f.score)}</td>${modelNames.map((m) => `<td>${num(f.models[m])}</td>`).join('')}<td>${f.faces.length === 0 ? '<span class="muted">none</span>' : `<ol class="faces">${f.faces.map((face) => `<li>${faceText(face)}</li>`).join('')}</ol>`}</td></tr>`,
    )
    .join('');
  const withFace = frames.filter((f) => f.score !== null).length;
  const videoModels = Object.entries(report.result.models);
  return section(
    'frames',
    'Frame scores',
    `<p>${withFace} of ${frames.length} sampled frames had a scored face; a frame's score is its most suspicious face's. ${esc(report.result.basis?.rule ?? '')} Dashed lines: above ${esc(formatPercent(report.settings.fakeAbove))} leans manipulated, below ${esc(formatPercent(report.settings.realBelow))} leans authentic.</p>` +
      scoreChart(report) +
      (videoModels.length ? `<p>Each model's video score: ${videoModels.map(([m, s]) => `${esc(m)} ${num(s)}`).join(', ')}.</p>` : '') +
      wideTable('Frame scores table', head, body),
  );
};

/** A wide table that scrolls by itself on a narrow screen (the page does not): a named region a
 *  keyboard can reach and scroll. */
function wideTable(name: string, head: string, body: string): string {
  return `<div class="wide" tabindex="0" role="region" aria-label="${esc(name)}"><table class="grid-table"><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

/** One row per person (track): where the verdict's score comes from. */
export const peopleSection: ReportSection = ({ report }) => {
  const r = report.result;
  const tracks = r.tracks ?? [];
  if (tracks.length === 0) return '';
  const byIndex = new Map(r.frames.map((f) => [f.index, f]));
  const modelNames = [...new Set(tracks.flatMap((t) => Object.keys(t.models)))];
  const head = `<tr><th>Person</th><th>Frames</th><th>Score</th><th>${INTERVAL_LEVEL} interval</th>${modelNames.map((m) => `<th>${esc(m)}</th>`).join('')}<th>Most suspicious frame</th><th>Face width</th></tr>`;
  const body = tracks
    .map((t) => {
      const peak = byIndex.get(t.peakFrame);
      const chosen = r.basis?.track === t.id;
      return `<tr${chosen ? ' class="chosen"' : ''}><td>${esc(personName(t.id))}${chosen ? ' <strong>(verdict)</strong>' : ''}</td><td>${t.frames.length}</td><td>${num(t.score)}</td><td>${esc(formatInterval(personInterval(r, t)))}</td>${modelNames.map((m) => `<td>${num(t.models[m])}</td>`).join('')}<td>frame ${t.peakFrame + 1}${peak ? ` at ${esc(formatTime(peak.timeMs, true))}` : ''}</td><td>${Math.round(t.faceSize)} px</td></tr>`;
    })
    .join('');
  return section(
    'people',
    'People',
    `<p>Faces are linked across sampled frames into one track per person (box overlap, then appearance). ${esc(r.basis?.rule ?? '')}</p>` +
      wideTable('People table', head, body),
  );
};

export const inputSection: ReportSection = ({ report }) => {
  const i = report.input;
  return section(
    'input',
    'Input file',
    rows([
      ['Name', fileName(i.name)],
      ...(i.path === null ? [] : ([['Path', fileName(i.path)]] as [string, string][])),
      ['Size', i.bytes === null ? '<span class="muted">unknown</span>' : `${esc(formatBytes(i.bytes))} (${i.bytes} bytes)`],
      ['SHA-256', code(i.sha256)],
    ]),
  );
};

export const appSection: ReportSection = ({ report }) => {
  const { app, environment: e } = report;
  return section(
    'app',
    'App and environment',
    rows([
      ['App', `${esc(app.name)} ${esc(app.version)}`],
      ['Commit', code(app.commit)],
      ['Backend', e.backend === null ? '<span class="muted">none (the detector did not start)</span>' : esc(e.backend)],
      ['Device', e.device === null ? '<span class="muted">unknown</span>' : esc(e.device)],
      ['Software GPU', e.softwareGpu ? 'yes (results differ slightly from WASM and it is slow)' : 'no'],
      ['Browser', e.userAgent === null ? '<span class="muted">unknown</span>' : esc(e.userAgent)],
      ['Report made', esc(report.generatedAt)],
      ['Report format', esc(report.format)],
    ]),
  );
};

export const settingsSection: ReportSection = ({ report }) => {
  const s = report.settings;
  return section(
    'settings',
    'Settings and thresholds',
    rows([
      ['Frames sampled', String(s.frames)],
      ['Backend asked for', esc(s.requestedBackend ?? "the page's own choice")],
      ['WebAssembly threads asked for', esc(s.threads ?? 'default (half the cores)')],
      ['Label "fake" above', num(s.fakeAbove, 3)],
      ['Label "real" below', num(s.realBelow, 3)],
      ['Smallest face scored (pixels wide)', String(s.minFacePixels)],
      ['Fewest frames with a face for a label', String(s.minFramesWithFace)],
      ['Face detector confidence at least', num(s.minFaceScore, 3)],
      ['Whole-frame face search', (s.searchEvery ?? 1) <= 1 ? 'every sampled frame' : `every ${s.searchEvery === 2 ? 'other sampled frame' : `${s.searchEvery} sampled frames`}; in between, around the previous frame's faces`],
      ['Aligned face size (pixels)', String(s.alignSize)],
      ['Ensemble weights (configured)', s.ensemble.map((m) => `${esc(m.name)} ${num(m.weight)}`).join(', ')],
      [
        'Calibration (Platt scaling: turns the combined score into a probability)',
        `a ${num(s.calibration.platt.a, 6)}, b ${num(s.calibration.platt.b, 6)}, fitted for ${s.calibration.members.map(esc).join(' + ')}; ${s.calibration.applied ? 'applied' : 'not applied (the loaded models differ from those it was fitted for)'}`,
      ],
    ]),
  );
};

export const modelsSection: ReportSection = ({ report }) => {
  if (report.models.length === 0) return section('models', 'Models', '<p class="muted">No model was loaded.</p>');
  // What the models know, once per sentence (members trained together say the same).
  const about = [...new Set(report.models.map((m) => m.about).filter((a): a is string => a !== null))].map((a) => `<p><strong>What the models know:</strong> ${esc(a)}</p>`).join('');
  const body = about + report.models
    .map((m, position) => {
      const metrics = m.metrics === null ? 'none' : `AUC ${num(m.metrics.auc, 3)}, log loss ${num(m.metrics.logloss, 3)}, accuracy ${num(m.metrics.acc, 3)} on ${m.metrics.n} validation faces`;
      const files = m.files.map((f) => `<li><code>${esc(f.path)}</code> ${esc(formatBytes(f.bytes))}<br><code class="hash">${esc(f.sha256)}</code></li>`).join('');
      return (
        `<h3>${esc(modelPlainName(m.name, position, m.architecture))} <span class="muted">(${esc(m.name)})</span></h3>` +
        rows([
          ['Architecture', `${esc(m.architecture)}, ${m.inputSize} px input`],
          ['Weight in the ensemble (as loaded)', num(m.weight)],
          ['Tested on faces it never saw (AUC: 0.5 is a coin toss, 1 is never wrong)', esc(metrics)],
          ['Training config', esc(m.config ?? 'unknown')],
          ['manifest.json SHA-256', code(m.manifestSha256)],
          ...(m.backbone === null ? [] : ([['Backbone', `${esc(m.backbone.name)}, manifest ${code(m.backbone.manifestSha256)}`]] as [string, string][])),
        ]) +
        (files ? `<details open><summary>Weight files (${m.files.length})</summary><ul class="files">${files}</ul></details>` : '')
      );
    })
    .join('');
  return section('models', 'Models', body);
};

export const faceDetectorSection: ReportSection = ({ report }) => {
  const d = report.faceDetector;
  const files = d.files.map((f) => `<li><code>${esc(f.path)}</code> ${esc(formatBytes(f.bytes))}<br><code class="hash">${esc(f.sha256)}</code></li>`).join('');
  return section(
    'face-detector',
    'Face detector',
    `<p>${esc(d.name)}</p>` + (files ? `<ul class="files">${files}</ul>` : '') + (d.provenanceError ? `<p class="caution">${esc(d.provenanceError)}</p>` : ''),
  );
};

export const videoSection: ReportSection = ({ report }) => {
  const v = report.result.video;
  const t = report.result.timings;
  const pairs: [string, string][] = v
    ? [
        ['Resolution', `${v.width}×${v.height}${v.rotation ? `, rotated ${v.rotation}°` : ''}`],
        ['Duration', `${esc(formatTime(v.durationMs, true))} (${v.durationMs.toFixed(0)} ms)`],
        ['Codec / container', `${esc(codecName(v.codec))} / ${esc(v.container)}`],
        // Reports written before the software decoder existed have no decoder.
        ...(v.decoder ? ([['Decoded by', esc(v.decoder)]] as [string, string][]) : []),
      ]
    : [];
  pairs.push(['Analysis time', `${(t.totalMs / 1000).toFixed(1)} s (decode ${(t.decodeMs / 1000).toFixed(1)} s, faces ${(t.detectMs / 1000).toFixed(1)} s, scoring ${(t.inferMs / 1000).toFixed(1)} s)`]);
  return section('video', 'Video', rows(pairs));
};

export const howToCheckSection: ReportSection = ({ report }) => {
  const s = report.settings;
  const params = [`frames=${s.frames}`, ...(s.requestedBackend ? [`backend=${s.requestedBackend}`] : []), ...(s.threads ? [`threads=${s.threads}`] : [])].join('&');
  const commit = report.app.commit ?? `version ${report.app.version}`;
  if (report.result.error !== null) {
    return section(
      'how-to-check',
      'How to look into this failure',
      `<ol><li>Check that the file is the one described above: its SHA-256 must be ${code(report.input.sha256)}.</li><li>Open the detector page built from ${code(commit)} with <code>?${esc(params)}</code> and analyse the file; it should stop with the same message, or say what else is wrong.</li><li>Try the file in a video player: a file that does not play there cannot be analysed either.</li></ol>`,
    );
  }
  return section(
    'how-to-check',
    'How to check this report',
    `<ol>` +
      `<li>Check that you have the same file: its SHA-256 (<code>sha256sum</code> on Linux, <code>shasum -a 256</code> on macOS, <code>certutil -hashfile FILE SHA256</code> on Windows) must be ${code(report.input.sha256)}.</li>` +
      `<li>Open the detector page built from ${code(commit)} (the model and face detector hashes above must match), with <code>?${esc(params)}</code>, or run <code>deepfake-scan --frames ${s.frames}${s.requestedBackend ? ` --backend ${esc(s.requestedBackend)}` : ''} FILE</code>.</li>` +
      `<li>Compare the video score and each frame's score with the tables above. ${esc(REPRODUCIBILITY)}</li>` +
      `</ol>`,
  );
};

/** The sections in reading order. */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  caseSection,
  verdictSection,
  warningsSection,
  qualitySection,
  peopleSection,
  fullFrameSection,
  gallerySection,
  framesSection,
  provenanceSection,
  inputSection,
  appSection,
  settingsSection,
  modelsSection,
  faceDetectorSection,
  videoSection,
  howToCheckSection,
];

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;max-width:960px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:1px solid #ccc;padding-bottom:2px;margin-top:24px}h3{font-size:15px;margin:14px 0 4px}
.muted{color:#666}.caution{color:#8a4b00}code{font:12px ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.verdict{font-size:16px;padding:8px 10px;border-left:6px solid #888;background:#f5f5f5}
.verdict-fake{border-color:#b3261e}.verdict-real{border-color:#1e7a3c}.verdict-uncertain{border-color:#a86b00}.verdict-error{border-color:#555}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:3px 6px;border-bottom:1px solid #e3e3e3}
.kv th{width:34%;font-weight:600}.grid-table{font-size:12px}.grid-table th{background:#f0f0f0}
.thumb{width:48px;height:48px;object-fit:cover;display:block}
.gallery{display:flex;flex-wrap:wrap;gap:10px}.card{margin:0;width:128px;font-size:12px}.card-img{width:128px;height:128px;object-fit:cover;display:block;background:#eee}
.none{display:flex;align-items:center;justify-content:center;color:#888}
.chart{width:100%;height:auto;font-size:11px}.chart .grid{stroke:#ddd}.chart circle{fill:#333}.chart .gap{stroke:#999;stroke-width:2}
.chart .th-fake{stroke:#b3261e;stroke-dasharray:4 3}.chart .th-real{stroke:#1e7a3c;stroke-dasharray:4 3}
.attn-wrap{position:relative;width:128px;height:128px}.attn{position:absolute;inset:0;width:100%;height:100%}
.chosen td{background:#fff6e0}.basis{margin:4px 0;padding-left:18px}
.files{padding-left:18px;font-size:12px}.hash{color:#444}.faces{margin:0;padding-left:16px}
.free{white-space:pre-wrap;overflow-wrap:anywhere}.how{background:#f1f5fb;padding:4px 10px;margin-top:8px}.how h3{margin:4px 0}
.still{object-fit:contain}.credentials-valid{border-left:4px solid #1e7a3c;padding-left:6px}.credentials-invalid,.credentials-error{border-left:4px solid #b3261e;padding-left:6px}
.full{margin:0}.full-img{max-width:100%;height:auto;display:block}
.wide{overflow-x:auto;max-width:100%}.wide:focus-visible{outline:3px solid #1f5fbf;outline-offset:2px}.kv td{overflow-wrap:anywhere}h1{overflow-wrap:anywhere}
@media (max-width:520px){body{margin:12px auto;padding:0 8px}.kv th{width:40%}.card{width:calc(50% - 5px)}.card-img,.attn-wrap{width:100%;height:auto;aspect-ratio:1}}
@page{margin:14mm 14mm 18mm}
@media print{body{margin:0;max-width:none;font-size:11px}.wide{overflow:visible}h2{break-after:avoid}tr,figure,.card,li{break-inside:avoid}details>summary{display:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

/** Text as a CSS string: every character but letters, digits, space and a few marks as a hex escape,
 *  so a file name cannot end the string, the rule or the <style> element. */
export function cssString(text: string): string {
  return `"${[...text].map((c) => (/[A-Za-z0-9 .,:_-]/.test(c) ? c : `\\${c.codePointAt(0)!.toString(16)} `)).join('')}"`;
}

/** Every printed page (PDF) carries the file's name and SHA-256 in its bottom margin, and the page number. */
export function pageFooterCss(report: DetectorReport): string {
  const name = displayFileName(report.input.name);
  const footer = `${name} · SHA-256 ${report.input.sha256 ?? 'unknown'}`;
  return `@page{@bottom-left{content:${cssString(footer)};font:8px ui-monospace,Menlo,Consolas,monospace;color:#333}@bottom-right{content:"p. " counter(page) " / " counter(pages);font:8px system-ui,sans-serif;color:#333}}`;
}

/** The whole report as one standalone HTML document. */
export function reportHtml(report: DetectorReport, images: ReportImages = { crops: new Map() }): string {
  const ctx: SectionContext = { report, images };
  const title = `Deepfake detector report: ${displayFileName(report.input.name)}`;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">` +
    `<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${esc(title)}</title><style>${CSS}${pageFooterCss(report)}</style></head><body>` +
    `<header><h1>Deepfake detector report: ${fileName(report.input.name)}</h1><p class="muted">${esc(report.app.name)} ${esc(report.app.version)}, commit ${esc(report.app.commit ?? 'unknown')} · ${esc(report.generatedAt)} · the JSON report carries the same numbers</p></header>` +
    REPORT_SECTIONS.map((s) => s(ctx)).join('') +
    `</body></html>`
  );
}
