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
// Every word and number comes through the i18n layer, in the page's language (<html lang> says which);
// the JSON report stays language-neutral.
import { language, t } from '../i18n/i18n';
import type { AttentionGrid, Face, FrameResult } from '../types';
import type { DetectorReport } from './api-types';
import { mostSuspicious } from './evidence';
import { basisText, displayFileName, formatBytes, formatDecimal, formatInterval, formatPercent, formatTime, intervalLevel, verdictText } from './format';
import { personInterval, personName, topFace } from './person';
import { agreementSentence, codecName, howToRead, intervalSentence, modelPlainName } from './plain-words';
import { weakModelsWarning } from './model-quality';
import { formatShare } from './locale-numbers';
import { CROSS_BACKEND_TOLERANCE } from './report';
import { verdictRuleText } from './verdict-reason';
import { warningItems, warningText } from './report-warnings';
import { reportSentence } from './worker-sentences';
import { credentialsRows, credentialsSummary, keyframeCaption, metadataError, metadataRows, PROVENANCE_WORDS } from './provenance-words';
import { qualityHeading, qualityNote, qualityRows } from './quality-words';
import { verdictCautions } from './report-warnings';

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
  return formatDecimal(n, digits);
}

const unknown = () => `<span class="muted">${esc(t('report.unknown'))}</span>`;

/** Sentences that carry HTML (code, a file name): the words escaped, the HTML put in after. */
type HtmlSentence = 'report.checkFailure1' | 'report.checkFailure2' | 'report.check1' | 'report.check2' | 'report.title' | 'report.backboneValue';
function withCode(key: HtmlSentence, html: Record<string, string>): string {
  const names = Object.keys(html);
  const translate = t as (k: HtmlSentence, params: Record<string, string>) => string;
  let out = esc(translate(key, Object.fromEntries(names.map((k, i) => [k, `\u0000${i}\u0000`]))));
  names.forEach((k, i) => (out = out.replace(`\u0000${i}\u0000`, html[k]!)));
  return out;
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
  return s === null || s === undefined ? unknown() : `<code>${esc(s)}</code>`;
}

export const verdictSection: ReportSection = ({ report }) => {
  const r = report.result;
  const v = verdictText(r);
  if (r.error !== null) {
    return section(
      'verdict',
      t('report.failedTitle'),
      `<p class="verdict verdict-error"><strong>${esc(t('report.whatFailed'))}</strong> ${esc(reportSentence(r.error, r.errorWords))}</p>` + `<p>${esc(t('report.failedNote'))}</p>`,
    );
  }
  const caution = r.score === null ? null : weakModelsWarning(report.models);
  return section(
    'verdict',
    t('report.verdictTitle'),
    `<p class="verdict verdict-${esc(v.kind)}"><strong>${esc(v.title)}</strong>${v.score === null ? '' : esc(t('report.videoScore', { score: v.score, raw: num(r.score) }))}</p>` +
      (v.detail ? `<p><strong>${esc(t('report.reason'))}</strong> ${esc(v.detail)}</p>` : '') +
      basisHtml(report) +
      plainHtml(report) +
      (caution ? `<p class="caution">${esc(caution)}</p>` : '') +
      verdictCautions(r).map((text) => `<p class="caution quality-caution">${esc(text)}</p>`).join('') +
      `<div class="how"><h3>${esc(t('verdict.howTitle'))}</h3><ul>${howToRead().map((line) => `<li>${esc(line)}</li>`).join('')}</ul><p class="muted">${esc(t('verdict.howEnd'))}</p></div>`,
  );
};

/** The interval, the person and the video rule, as the page's verdict shows them. */
function basisHtml(report: DetectorReport): string {
  const b = basisText(report.result);
  const lines = [b.interval, b.person, b.rule === null ? null : t('verdict.rule', { rule: b.rule })].filter((line): line is string => line !== null);
  return lines.length === 0 ? '' : `<ul class="basis">${lines.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`;
}

/** The interval and the models' agreement in sentences, as the page says them. */
function plainHtml(report: DetectorReport): string {
  const lines = [intervalSentence(report.result), agreementSentence(report.result)].filter((line): line is string => line !== null);
  return lines.length === 0 ? '' : `<p>${esc(lines.join(' '))}</p>`;
}

/** Who checked the file, where it came from, and their notes (typed into the page). */
export const caseSection: ReportSection = ({ report }) => {
  const c = report.case;
  if (c === undefined) return '';
  const text = (v: string | null) => (v === null ? `<span class="muted">${esc(t('report.notGiven'))}</span>` : `<span class="free">${esc(v)}</span>`);
  return section(
    'case',
    t('report.caseTitle'),
    rows([
      [t('report.caseSource'), text(c.sourceUrl)],
      [t('caseFields.analyst'), text(c.analyst)],
      [t('caseFields.notes'), text(c.notes)],
    ]) + `<p class="muted">${esc(t('report.caseNote'))}</p>`,
  );
};

/** One whole frame with every face boxed in its person's colour, named and scored. */
export const fullFrameSection: ReportSection = ({ report, images }) => {
  const frame = images.frame;
  const src = frame ? safeImage(frame.url) : null;
  const f = frame ? report.result.frames.find((x) => x.index === frame.index) : undefined;
  if (src === null || f === undefined) return '';
  const faces = f.faces.map((x) => (x.pFake === null ? t('report.faceTooSmall') : `${personName(x.track)} ${formatPercent(x.pFake)}`)).join(', ');
  return section(
    'full-frame',
    t('report.fullFrameTitle'),
    `<figure class="full"><img class="full-img" src="${src}" alt="${esc(t('report.fullFrameAlt', { n: f.index + 1 }))}"><figcaption>${esc(t('report.fullFrameCaption', { n: f.index + 1, time: formatTime(f.timeMs, true), faces: faces || t('report.noFace') }))}</figcaption></figure>`,
  );
};

/** Where the file came from: metadata (with its caution), content credentials, the stills. */
export const provenanceSection: ReportSection = ({ report, images }) => {
  const p = report.provenance;
  if (p === undefined) return '';
  const m = p.metadata;
  const fields = metadataRows(m).map((r): [string, string] => [r.label, esc(r.value)]);
  const metadata =
    `<h3>${esc(PROVENANCE_WORDS.metadataHeading)}</h3><p class="caution">${esc(PROVENANCE_WORDS.metadataCaution)}</p>` +
    (m.error !== null ? `<p>${esc(metadataError(m))}</p>` : fields.length === 0 ? `<p>${esc(PROVENANCE_WORDS.metadataNone)}</p>` : rows(fields)) +
    (m.warning !== null ? `<p class="caution">${esc(PROVENANCE_WORDS.readerWarning(m.warning))}</p>` : '') +
    (m.tags.length > 0 ? `<details><summary>${esc(PROVENANCE_WORDS.allTags(m.tags.length))}</summary>${wideTable(PROVENANCE_WORDS.allTags(m.tags.length), `<tr><th scope="col">${esc(t('provenance.field'))}</th><th scope="col">${esc(t('provenance.value'))}</th></tr>`, m.tags.map((t) => `<tr><td><code>${esc(t.name)}</code></td><td>${esc(t.value)}</td></tr>`).join(''))}</details>` : '') +
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

/** The warnings the verdict section has not already shown as its cautions. */
export const warningsSection: ReportSection = ({ report }) => {
  const shown = new Set(verdictCautions(report.result, 'en'));
  const rest = report.warnings.filter((w) => !shown.has(w));
  return rest.length === 0 ? '' : section('warnings', t('report.warningsTitle'), `<ul>${warningsInLanguage(report, rest).map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`);
};

/** The run's warnings in the page's language when they are the ones these settings give (the same
 *  English word for word), else as the report has them. */
function warningsInLanguage(report: DetectorReport, rest: readonly string[]): string[] {
  const items = warningItems({ frames: report.settings.frames, result: report.result, backend: report.environment.backend, device: report.environment.device });
  const english = items.map((w) => warningText(w, 'en'));
  const same = english.length === rest.length && english.every((w, i) => w === rest[i]);
  return same ? items.map((w) => warningText(w, language())) : [...rest];
}

/** The input-quality reading (resolution, bitrate, re-encoding, faces, black bars). */
export const qualitySection: ReportSection = ({ report }) => {
  const q = report.result.quality;
  if (q === undefined || report.result.error !== null) return '';
  return section('input-quality', qualityHeading(), `<p class="muted">${esc(qualityNote())}</p>` + rows(qualityRows(q).map((r) => [r.label, esc(r.value)])));
};

function thumb(ctx: SectionContext, f: FrameResult, cls = 'thumb'): string {
  const src = safeImage(ctx.images.crops.get(f.index));
  return src === null ? '' : `<img class="${cls}" src="${src}" alt="${esc(t('report.thumbAlt', { n: f.index + 1 }))}">`;
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
  if (img === '') return `<div class="card-img none">${esc(t('report.noImage'))}</div>`;
  const grid = ctx.images.attention === false ? null : (topFace(f)?.attention ?? null);
  return grid === null ? img : `<div class="attn-wrap">${img}${attentionSvg(grid)}</div>`;
}

export const gallerySection: ReportSection = (ctx) => {
  const top = mostSuspicious(ctx.report.result.frames);
  if (top.length === 0) return '';
  const items = top
    .map(
      (f) =>
        `<figure class="card">${galleryImage(ctx, f)}<figcaption>${esc(t('report.galleryCaption', { n: f.index + 1, time: formatTime(f.timeMs, true), person: personName(topFace(f)?.track ?? null) }))}<br><strong>${esc(formatPercent(f.score))}</strong> (${num(f.score)})</figcaption></figure>`,
    )
    .join('');
  const side = ctx.images.attention === false ? undefined : top.map((f) => topFace(f)?.attention?.side).find((n) => n !== undefined);
  const note =
    side === undefined
      ? ''
      : `<p class="muted">${esc(t('report.attentionNote', { side }))}</p>`;
  return section('gallery', t('gallery.title'), `<div class="gallery">${items}</div>${note}`);
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
    .map((p) => `<line x1="${L}" x2="${W - R}" y1="${y(p)}" y2="${y(p)}" class="grid"/><text x="${L - 4}" y="${y(p) + 4}" text-anchor="end">${esc(formatShare(p))}</text>`)
    .join('');
  const s = report.settings;
  const bands = `<line x1="${L}" x2="${W - R}" y1="${y(s.fakeAbove)}" y2="${y(s.fakeAbove)}" class="th-fake"/><line x1="${L}" x2="${W - R}" y1="${y(s.realBelow)}" y2="${y(s.realBelow)}" class="th-real"/>`;
  const sorted = [...frames].sort((a, b) => a.timeMs - b.timeMs);
  const pts = sorted
    .map((f) =>
      f.score === null
        ? `<line x1="${x(f.timeMs)}" x2="${x(f.timeMs)}" y1="${H - B - 8}" y2="${H - B}" class="gap"><title>${esc(t('timeline.gap', { n: f.index + 1 }))}</title></line>`
        : `<circle cx="${x(f.timeMs)}" cy="${y(f.score)}" r="3.5"><title>${esc(t('report.chartFrame', { n: f.index + 1, time: formatTime(f.timeMs, true), score: num(f.score) }))}</title></circle>`,
    )
    .join('');
  const axis = `<text x="${L}" y="${H - 8}">${esc(formatTime(0))}</text><text x="${W - R}" y="${H - 8}" text-anchor="end">${esc(formatTime(end))}</text>`;
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(t('timeline.title'))}">${grid}${bands}${pts}${axis}</svg>`;
}

/** Reader's names for the face fields the report knows; the person is named, not numbered. */
const FACE_FIELDS: Record<string, (v: unknown) => string> = {
  track: (v) => (typeof v === 'number' ? personName(v) : t('frame.notScored')),
  score: (v) => t('report.faceDetectorConfidence', { value: typeof v === 'number' ? num(v, 3) : String(v) }),
  pFake: (v) => t('report.faceSuspicion', { value: typeof v === 'number' ? num(v, 3) : t('frame.notScored') }),
};

function faceText(face: Face): string {
  // Generic: the box, then every other scalar field (so fields added to Face appear unchanged).
  const b = face.box;
  const extra = Object.entries(face as unknown as Record<string, unknown>)
    .filter(([k, v]) => k !== 'box' && k !== 'landmarks' && k !== 'attention' && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null))
    .map(([k, v]) => FACE_FIELDS[k]?.(v) ?? `${k} ${typeof v === 'number' ? num(v, 3) : String(v)}`);
  const where = t('report.faceBox', { w: Math.round(b.width), h: Math.round(b.height), x: Math.round(b.x), y: Math.round(b.y) });
  return esc(`${where}${extra.length ? `, ${extra.join(', ')}` : ''}`);
}

export const framesSection: ReportSection = (ctx) => {
  const { report } = ctx;
  const frames = [...report.result.frames].sort((a, b) => a.timeMs - b.timeMs);
  if (frames.length === 0) return '';
  const modelNames = [...new Set(frames.flatMap((f) => Object.keys(f.models)))];
  const th = (key: 'colFrame' | 'colTime' | 'colFace' | 'colSuspicion' | 'colFaces') => `<th>${esc(t(`report.${key}`))}</th>`;
  const head = `<tr>${th('colFrame')}${th('colTime')}${th('colFace')}${th('colSuspicion')}${modelNames.map((m) => `<th>${esc(m)}</th>`).join('')}${th('colFaces')}</tr>`;
  const body = frames
    .map(
      (f) =>
        `<tr><td>${f.index + 1}</td><td>${esc(formatTime(f.timeMs, true))} <span class="muted">(${num(f.timeMs, 1)} ms)</span></td><td>${thumb(ctx, f)}</td><td>${num(f.score)}</td>${modelNames.map((m) => `<td>${num(f.models[m])}</td>`).join('')}<td>${f.faces.length === 0 ? `<span class="muted">${esc(t('report.none'))}</span>` : `<ol class="faces">${f.faces.map((face) => `<li>${faceText(face)}</li>`).join('')}</ol>`}</td></tr>`,
    )
    .join('');
  const withFace = frames.filter((f) => f.score !== null).length;
  const videoModels = Object.entries(report.result.models);
  return section(
    'frames',
    t('report.framesTitle'),
    `<p>${esc([t('report.framesIntro', { withFace, frames: frames.length }), verdictRuleText(report.result) ?? '', t('report.framesLines', { fake: formatPercent(report.settings.fakeAbove), real: formatPercent(report.settings.realBelow) })].filter((x) => x !== '').join(' '))}</p>` +
      scoreChart(report) +
      (videoModels.length ? `<p>${esc(t('report.modelScores', { scores: videoModels.map(([m, s]) => `${m} ${num(s)}`).join(', ') }))}</p>` : '') +
      wideTable(t('report.framesTable'), head, body),
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
  const th = (text: string) => `<th>${esc(text)}</th>`;
  const head = `<tr>${th(t('report.colPerson'))}${th(t('report.colFrames'))}${th(t('report.colScore'))}${th(t('report.colInterval', { level: intervalLevel() }))}${modelNames.map((m) => th(m)).join('')}${th(t('report.colPeak'))}${th(t('report.colWidth'))}</tr>`;
  const body = tracks
    .map((tr) => {
      const peak = byIndex.get(tr.peakFrame);
      const chosen = r.basis?.track === tr.id;
      const peakText = peak ? t('report.peakAt', { n: tr.peakFrame + 1, time: formatTime(peak.timeMs, true) }) : t('report.peak', { n: tr.peakFrame + 1 });
      return `<tr${chosen ? ' class="chosen"' : ''}><td>${esc(personName(tr.id))}${chosen ? ` <strong>${esc(t('report.chosen'))}</strong>` : ''}</td><td>${tr.frames.length}</td><td>${num(tr.score)}</td><td>${esc(formatInterval(personInterval(r, tr)))}</td>${modelNames.map((m) => `<td>${num(tr.models[m])}</td>`).join('')}<td>${esc(peakText)}</td><td>${Math.round(tr.faceSize)} px</td></tr>`;
    })
    .join('');
  return section(
    'people',
    t('report.peopleTitle'),
    `<p>${esc([t('report.peopleIntro'), verdictRuleText(r) ?? ''].filter((x) => x !== '').join(' '))}</p>` + wideTable(t('report.peopleTable'), head, body),
  );
};

export const inputSection: ReportSection = ({ report }) => {
  const i = report.input;
  return section(
    'input',
    t('report.inputTitle'),
    rows([
      [t('report.name'), fileName(i.name)],
      ...(i.path === null ? [] : ([[t('report.path'), fileName(i.path)]] as [string, string][])),
      [t('report.size'), i.bytes === null ? unknown() : esc(t('report.bytes', { size: formatBytes(i.bytes), bytes: i.bytes }))],
      ['SHA-256', code(i.sha256)],
    ]),
  );
};

export const appSection: ReportSection = ({ report }) => {
  const { app, environment: e } = report;
  return section(
    'app',
    t('report.appTitle'),
    rows([
      [t('report.app'), `${esc(app.name)} ${esc(app.version)}`],
      [t('report.commit'), code(app.commit)],
      [t('report.backend'), e.backend === null ? `<span class="muted">${esc(t('report.noBackend'))}</span>` : esc(e.backend)],
      [t('report.device'), e.device === null ? unknown() : esc(e.device)],
      [t('report.softwareGpu'), esc(e.softwareGpu ? t('report.softwareYes') : t('report.no'))],
      [t('report.browser'), e.userAgent === null ? unknown() : esc(e.userAgent)],
      [t('report.made'), esc(report.generatedAt)],
      [t('report.format'), esc(report.format)],
    ]),
  );
};

export const settingsSection: ReportSection = ({ report }) => {
  const s = report.settings;
  return section(
    'settings',
    t('report.settingsTitle'),
    rows([
      [t('report.framesSampled'), String(s.frames)],
      [t('report.backendAsked'), esc(s.requestedBackend ?? t('report.backendDefault'))],
      [t('report.threadsAsked'), esc(s.threads ?? t('report.threadsDefault'))],
      [t('report.fakeAbove'), num(s.fakeAbove, 3)],
      [t('report.realBelow'), num(s.realBelow, 3)],
      [t('report.minFace'), String(s.minFacePixels)],
      [t('report.minFrames'), String(s.minFramesWithFace)],
      [t('report.minScore'), num(s.minFaceScore, 3)],
      [t('report.search'), esc((s.searchEvery ?? 1) <= 1 ? t('report.searchEvery') : s.searchEvery === 2 ? t('report.searchOther') : t('report.searchN', { n: s.searchEvery }))],
      [t('report.alignSize'), String(s.alignSize)],
      [t('report.weights'), s.ensemble.map((m) => `${esc(m.name)} ${num(m.weight)}`).join(', ')],
      [
        t('report.calibration'),
        esc(
          t('report.calibrationValue', {
            a: num(s.calibration.platt.a, 6),
            b: num(s.calibration.platt.b, 6),
            members: s.calibration.members.join(' + '),
            applied: s.calibration.applied ? t('report.applied') : t('report.notApplied'),
          }),
        ),
      ],
    ]),
  );
};

export const modelsSection: ReportSection = ({ report }) => {
  if (report.models.length === 0) return section('models', t('report.modelsTitle'), `<p class="muted">${esc(t('report.noModel'))}</p>`);
  // What the models know, once per sentence (members trained together say the same).
  const about = [...new Set(report.models.map((m) => m.about).filter((a): a is string => a !== null))].map((a) => `<p><strong>${esc(t('model.know'))}</strong> ${esc(a)}</p>`).join('');
  const body = about + report.models
    .map((m, position) => {
      const metrics = m.metrics === null ? t('report.none') : t('report.metrics', { auc: num(m.metrics.auc, 3), logloss: num(m.metrics.logloss, 3), acc: num(m.metrics.acc, 3), n: m.metrics.n });
      const files = m.files.map((f) => `<li><code>${esc(f.path)}</code> ${esc(formatBytes(f.bytes))}<br><code class="hash">${esc(f.sha256)}</code></li>`).join('');
      return (
        `<h3>${esc(modelPlainName(m.name, position, m.architecture))} <span class="muted">(${esc(m.name)})</span></h3>` +
        rows([
          [t('report.architecture'), esc(t('report.architectureValue', { arch: m.architecture, px: m.inputSize }))],
          [t('report.weight'), num(m.weight)],
          [t('report.tested'), esc(metrics)],
          [t('report.config'), esc(m.config ?? t('report.unknown'))],
          [t('report.manifest'), code(m.manifestSha256)],
          ...(m.backbone === null ? [] : ([[t('report.backbone'), withCode('report.backboneValue', { name: esc(m.backbone.name), hash: code(m.backbone.manifestSha256) })]] as [string, string][])),
        ]) +
        (files ? `<details open><summary>${esc(t('report.weightFiles', { count: m.files.length }))}</summary><ul class="files">${files}</ul></details>` : '')
      );
    })
    .join('');
  return section('models', t('report.modelsTitle'), body);
};

export const faceDetectorSection: ReportSection = ({ report }) => {
  const d = report.faceDetector;
  const files = d.files.map((f) => `<li><code>${esc(f.path)}</code> ${esc(formatBytes(f.bytes))}<br><code class="hash">${esc(f.sha256)}</code></li>`).join('');
  return section(
    'face-detector',
    t('report.detectorTitle'),
    `<p>${esc(d.name)}</p>` + (files ? `<ul class="files">${files}</ul>` : '') + (d.provenanceError ? `<p class="caution">${esc(d.provenanceError)}</p>` : ''),
  );
};

export const videoSection: ReportSection = ({ report }) => {
  const v = report.result.video;
  const tm = report.result.timings;
  const pairs: [string, string][] = v
    ? [
        [t('report.resolution'), esc(`${v.width}×${v.height}${v.rotation ? t('report.rotated', { deg: v.rotation }) : ''}`)],
        [t('report.duration'), esc(t('report.durationValue', { time: formatTime(v.durationMs, true), ms: num(v.durationMs, 0) }))],
        [t('report.codec'), `${esc(codecName(v.codec))} / ${esc(v.container)}`],
        // Reports written before the software decoder existed have no decoder.
        ...(v.decoder ? ([[t('report.decodedBy'), esc(v.decoder)]] as [string, string][]) : []),
      ]
    : [];
  const sec = (ms: number) => num(ms / 1000, 1);
  pairs.push([t('report.analysisTime'), esc(t('report.analysisTimeValue', { total: sec(tm.totalMs), decode: sec(tm.decodeMs), detect: sec(tm.detectMs), infer: sec(tm.inferMs) }))]);
  return section('video', t('report.videoTitle'), rows(pairs));
};

export const howToCheckSection: ReportSection = ({ report }) => {
  const s = report.settings;
  const params = [`frames=${s.frames}`, ...(s.requestedBackend ? [`backend=${s.requestedBackend}`] : []), ...(s.threads ? [`threads=${s.threads}`] : [])].join('&');
  const commit = report.app.commit ?? t('report.version', { version: report.app.version });
  const query = `<code>?${esc(params)}</code>`;
  if (report.result.error !== null) {
    return section(
      'how-to-check',
      t('report.checkFailureTitle'),
      `<ol><li>${withCode('report.checkFailure1', { hash: code(report.input.sha256) })}</li><li>${withCode('report.checkFailure2', { commit: code(commit), params: query })}</li><li>${esc(t('report.checkFailure3'))}</li></ol>`,
    );
  }
  const command = `<code>deepfake-scan --frames ${s.frames}${s.requestedBackend ? ` --backend ${esc(s.requestedBackend)}` : ''} FILE</code>`;
  return section(
    'how-to-check',
    t('report.checkTitle'),
    `<ol>` +
      `<li>${withCode('report.check1', { linux: '<code>sha256sum</code>', mac: '<code>shasum -a 256</code>', windows: '<code>certutil -hashfile FILE SHA256</code>', hash: code(report.input.sha256) })}</li>` +
      `<li>${withCode('report.check2', { commit: code(commit), params: query, command })}</li>` +
      `<li>${esc(t('report.check3'))} ${esc(t('report.reproducibility', { tolerance: formatDecimal(CROSS_BACKEND_TOLERANCE, 4) }))}</li>` +
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
  const footer = t('report.footer', { name, hash: report.input.sha256 ?? t('report.unknown') });
  return `@page{@bottom-left{content:${cssString(footer)};font:8px ui-monospace,Menlo,Consolas,monospace;color:#333}@bottom-right{content:${cssString(t('report.page'))} counter(page) " / " counter(pages);font:8px system-ui,sans-serif;color:#333}}`;
}

/** The whole report as one standalone HTML document. */
export function reportHtml(report: DetectorReport, images: ReportImages = { crops: new Map() }): string {
  const ctx: SectionContext = { report, images };
  const title = t('report.title', { name: displayFileName(report.input.name) });
  return (
    `<!doctype html><html lang="${esc(language())}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">` +
    `<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${esc(title)}</title><style>${CSS}${pageFooterCss(report)}</style></head><body>` +
    `<header><h1>${withCode('report.title', { name: fileName(report.input.name) })}</h1><p class="muted">${esc(t('report.byline', { app: `${report.app.name} ${report.app.version}`, commit: report.app.commit ?? t('report.unknown'), date: report.generatedAt }))}</p></header>` +
    REPORT_SECTIONS.map((s) => s(ctx)).join('') +
    `</body></html>`
  );
}
