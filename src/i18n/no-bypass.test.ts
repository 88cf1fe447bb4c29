// No word reaches the page or the readable report without the i18n layer. This parses every
// source file of the page (src/ui) and the reports (src/report) with the TypeScript compiler and
// fails on:
//  - JSX text with a letter in it ("<p>Close</p>" must be "<p>{t('preview.close')}</p>");
//  - a string with a letter given to a user-visible attribute (aria-label, title, alt,
//    placeholder, ...) or written as a JSX child ("{busy ? 'Busy' : ...}");
//  - anywhere in those files, a string that reads as words (two words or more: "Frame 3 of 8",
//    "<li>No face</li>") outside the short allow-list below.
// Keys ("verdict.fake"), class names, ids and CSS are not words in this sense. report-html.test.ts
// renders a whole report in a marked pseudo-language and checks that no unmarked word is left.
// The worker side (src/worker, src/pipeline, src/models) sends its sentences as words of the
// catalogs (src/i18n/words.ts, typed: only a key of the worker section); the same parse fails on a
// sentence written there instead, outside its own allow-list of strings no reader is shown.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '..');
const FOLDERS = ['ui', 'report'];

/** Attributes whose value a person reads or hears. */
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'alt', 'placeholder', 'label']);

/**
 * Strings that read as words but are not the page's words, each with why (file: text).
 * Keep it short: a new entry needs a reason a reviewer accepts.
 */
const ALLOWED: Record<string, string> = {
  'ui/BitmapCanvas.tsx: px system-ui, sans-serif': 'a canvas font, CSS',
  'ui/CaseFields.tsx: https://': 'a URL scheme',
  'report/plain-words.ts: Motion JPEG': 'a codec name',
  'report/report-html.ts: <code>certutil -hashfile FILE SHA256</code>': 'a command to type',
  'report/report-html.ts: CSS': "the report's style sheet",
  // deepfake-scan's provenance clause (provenanceBrief): English, like the rest of the CLI.
  'report/provenance-words.ts: damaged metadata': "deepfake-scan's line",
  'report/provenance-words.ts: no dated or device metadata': "deepfake-scan's line",
  'report/quality-words.ts: faces about': "deepfake-scan's line",
};

/** Files whose sentences are not the page's words, with why. */
const ALLOWED_FILES: Record<string, string> = {
  'report/detector-api.ts': "the page API's errors, read by scripts: English, like the JSON report",
  'ui/detector-provenance.ts': "the JSON report's faceDetector.provenanceError: English, like the rest of the JSON",
};

/** Calls whose string arguments are for developers, never shown: console.*, and the thrown
 *  errors of the page API, which scripts read (report/detector-api.ts, in English by contract). */
function isDeveloperCall(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === 'console') return true;
  }
  return false;
}

/** The variable a node's string belongs to (for the allow-list), if any. */
function declaredIn(node: ts.Node): string | null {
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) return n.name.text;
  }
  return null;
}

/** What a reader would see of a piece of string: HTML tags and entities removed. */
function visibleText(text: string): string {
  return text
    .replace(/<[^<>]*>/g, ' ')
    .replace(/<[^<>]*$/g, ' ')
    .replace(/^[^<>]*>/g, ' ')
    .replace(/&\w+;/g, ' ');
}

const hasLetter = (s: string) => /\p{L}/u.test(s);
/** Two words of two letters or more, as prose has ("Frame 3", "no face"). */

/** Class lists ("button button-secondary"), ids and CSS declarations are lower-case tokens with
 *  dashes; prose has a capital, punctuation, or a word of plain letters next to another. */
function isProse(s: string): boolean {
  const t = s.trim();
  // CSS ("{font:8px ...}") and code, not words.
  if (/[{}]/.test(t)) return false;
  if (/^[a-z0-9-]+( [a-z0-9-]+)*$/.test(t) && t.includes('-')) return false;
  return /\p{L}{2,}\s+\p{L}{2,}/u.test(t);
}

/** Strings in value position inside an expression: what it evaluates to, not what it compares. */
function valueStrings(expr: ts.Expression): ts.Node[] {
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr];
  if (ts.isTemplateExpression(expr)) return [expr.head, ...expr.templateSpans.flatMap((s) => [s.literal, ...valueStrings(s.expression)])];
  if (ts.isParenthesizedExpression(expr)) return valueStrings(expr.expression);
  if (ts.isConditionalExpression(expr)) return [...valueStrings(expr.whenTrue), ...valueStrings(expr.whenFalse)];
  if (ts.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) return [...valueStrings(expr.left), ...valueStrings(expr.right)];
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return [...valueStrings(expr.left), ...valueStrings(expr.right)];
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return valueStrings(expr.right);
  }
  return [];
}

function stringText(node: ts.Node): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.text;
  return '';
}

export function bypasses(file: string, text: string, allowList: Record<string, string> = ALLOWED): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const at = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const allowed = (node: ts.Node, s: string) => allowList[`${file}: ${s.trim()}`] !== undefined || allowList[`${file}: ${declaredIn(node)}`] !== undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    // Attributes nobody reads (className, data-testid, controlsList, ...) hold no words.
    if (ts.isJsxAttribute(node) && !VISIBLE_ATTRIBUTES.has(node.name.getText(source))) return;
    if (ts.isJsxText(node)) {
      const s = node.text.trim();
      if (hasLetter(s)) out.push(`${at(node)} JSX text "${s}"`);
    } else if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(source))) {
      const init = node.initializer;
      const strings = init === undefined ? [] : ts.isStringLiteral(init) ? [init] : ts.isJsxExpression(init) && init.expression ? valueStrings(init.expression) : [];
      for (const s of strings) if (hasLetter(visibleText(stringText(s))) && !allowed(s, stringText(s))) out.push(`${at(s)} ${node.name.getText(source)}="${stringText(s)}"`);
    } else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      for (const s of valueStrings(node.expression)) if (hasLetter(visibleText(stringText(s))) && !allowed(s, stringText(s))) out.push(`${at(s)} JSX child "${stringText(s)}"`);
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) && !isDeveloperCall(node)) {
      const s = stringText(node);
      if (isProse(visibleText(s)) && !allowed(node, s)) out.push(`${at(node)} words "${s.slice(0, 80)}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && name !== 'test-fixtures.ts' ? [path] : [];
  });
}

/** The worker side: folders whose sentences reach the page only as words. */
const WORKER_FOLDERS = ['worker', 'pipeline', 'models'];

/** Worker-side files whose strings no reader is shown as sentences of ours, with why. */
const WORKER_ALLOWED_FILES: Record<string, string> = {
  'pipeline/aggregate.ts':
    "the verdict's reason and rule in English for the JSON report and deepfake-scan; the page says them from the result's numbers (report/verdict-reason.ts, checked against this file)",
  'models/manifest.ts': "a model manifest's checks, for whoever ships the models: shown only as a library-like detail inside worker.modelNotUsed",
  'models/load.ts': "loading a model's files, for whoever ships the models: shown only as the detail inside worker.modelNotUsed",
  'models/weights-io.ts': "weight shards' checks, for whoever ships the models: shown only as the detail inside worker.modelNotUsed",
  'models/arch/index.ts': "the architectures' own checks (shared with training): a broken model file or a bug, shown only as the detail inside worker.modelNotUsed",
  'models/arch/layers.ts': "the architectures' own checks (shared with training): a bug, never a reader's sentence",
  'models/arch/wsdan.ts': "the architectures' own checks (shared with training): a bug, never a reader's sentence",
};

/**
 * Worker-side strings that read as words but are no sentence of ours for the reader (file: text or
 * file: variable), each with why. A new entry needs a reason a reviewer accepts.
 */
const WORKER_ALLOWED: Record<string, string> = {
  // Start-up steps for bench/startup.ts's timings; the page words the stage itself (engine.loading).
  'worker/analysis.worker.ts: Loading the face detector and the models': 'a warm-up step for bench/startup.ts, never shown',
  'worker/analysis.worker.ts: Face detector loaded': 'a warm-up step for bench/startup.ts, never shown',
  'worker/analysis.worker.ts: Models loaded': 'a warm-up step for bench/startup.ts, never shown',
  'worker/analysis.worker.ts: loaded and checked': 'a warm-up step for bench/startup.ts, never shown',
  'worker/client.ts: The analysis was cancelled.': "an AbortError's message: a cancel is never shown as a failure (isAbort)",
  // Names in the JSON report, the same in every language.
  'pipeline/decode.ts: Apple ProRes': 'a codec name',
  'pipeline/decode.ts: browser image decoder': "the JSON report's video.decoder for a still",
  'pipeline/detector-files.ts: DETECTOR_NAMES': "the face detectors' names in the JSON report (faceDetector.name)",
  'pipeline/detector-files.ts: UNSTARTED_DETECTOR_NAME': "deepfake-scan's faceDetector.name for a file no page analysed",
  // Programming errors no file can cause (a broken build or model file): a developer reads them,
  // as the library-like detail inside worker.startFailed if ever.
  'pipeline/detect.ts: Face detector model has an unexpected output layout:': 'a broken face detector file',
  'pipeline/detect.ts: Face detector model does not declare a fixed input size.': 'a broken face detector file',
  'pipeline/detect-tasks-vision.ts: the face detector returned': 'a broken face detector file',
  'pipeline/detect-tasks-vision.ts: keypoints; alignment needs 4': 'a broken face detector file',
  'pipeline/sample.ts: Frames to sample must be': 'a guard: the frames count is checked where it is given (src/frames.ts)',
  'pipeline/align.ts: similarityTransform: the source points coincide.': 'a guard on the alignment maths',
  'pipeline/align.ts: similarityTransform needs two equally long lists of at least 2 points (got': 'a guard on the alignment maths',
  'worker/service-worker-guard.ts: service worker': "an API's name, a value of worker.blockedRequest (like fetch, XMLHttpRequest)",
  // What the engine runs on: the JSON report's environment.device, a technical description shown
  // as it is beside the translated backend name.
  'models/backend.ts: unnamed adapter': 'the device description',
  'models/backend.ts: WebAssembly CPU (': 'the device description',
  'models/backend.ts: no SIMD': 'the device description',
  'models/backend-order.ts: single thread': 'the device description (threadText)',
  'models/backend-order.ts: single thread: the page is not cross-origin isolated': 'the device description (threadText)',
};

describe('no string bypasses the i18n layer', () => {
  const files = FOLDERS.flatMap((f) => sources(join(SRC, f)));

  it('reads the page and report sources', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it('finds no words outside the catalogs in src/ui and src/report', () => {
    const checked = files.map((f) => relative(SRC, f)).filter((f) => ALLOWED_FILES[f] === undefined);
    expect(checked.flatMap((f) => bypasses(f, readFileSync(join(SRC, f), 'utf8')))).toEqual([]);
  });

  it('finds no sentence written on the worker side: it sends words of the catalogs', () => {
    const files = WORKER_FOLDERS.flatMap((f) => sources(join(SRC, f)))
      .map((f) => relative(SRC, f))
      .filter((f) => WORKER_ALLOWED_FILES[f] === undefined);
    expect(files.length).toBeGreaterThan(30);
    expect(files.flatMap((f) => bypasses(f, readFileSync(join(SRC, f), 'utf8'), WORKER_ALLOWED))).toEqual([]);
  });

  it('catches a sentence the worker side writes instead of sending its words', () => {
    const found = bypasses(
      'pipeline/example.ts',
      [
        "throw new Error('This video cannot be read.');",
        "onNotice(`${n} frames were skipped`);",
        "throw new WordsError(words('noFrameThere'));",
        "console.warn('Offline use is not available here');",
      ].join('\n'),
      WORKER_ALLOWED,
    );
    expect(found).toEqual(['pipeline/example.ts:1 words "This video cannot be read."', 'pipeline/example.ts:2 words " frames were skipped"']);
  });

  it('catches each kind of bypass', () => {
    const found = bypasses(
      'ui/Example.tsx',
      [
        "export const A = () => <p>Close</p>;",
        "export const B = () => <img alt=\"A face\" />;",
        "export const C = ({ busy }: { busy: boolean }) => <button aria-label={busy ? 'Busy now' : t('x.y')}>{busy ? 'Busy' : t('x.z')}</button>;",
        "export const D = (n: number) => `<li>Frame ${n} of the video</li>`;",
        "export const E = () => <p className=\"muted small\">{t('x.y')} · {'–'}</p>;",
        "console.warn('Offline use is not available here');",
      ].join('\n'),
    );
    expect(found).toEqual([
      'ui/Example.tsx:1 JSX text "Close"',
      'ui/Example.tsx:2 alt="A face"',
      'ui/Example.tsx:3 aria-label="Busy now"',
      'ui/Example.tsx:3 words "Busy now"',
      'ui/Example.tsx:3 JSX child "Busy"',
      'ui/Example.tsx:4 words " of the video</li>"',
    ]);
  });
});
