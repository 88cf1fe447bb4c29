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

export function bypasses(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const at = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const allowed = (node: ts.Node, s: string) => ALLOWED[`${file}: ${s.trim()}`] !== undefined || ALLOWED[`${file}: ${declaredIn(node)}`] !== undefined;
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

describe('no string bypasses the i18n layer', () => {
  const files = FOLDERS.flatMap((f) => sources(join(SRC, f)));

  it('reads the page and report sources', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it('finds no words outside the catalogs in src/ui and src/report', () => {
    const checked = files.map((f) => relative(SRC, f)).filter((f) => ALLOWED_FILES[f] === undefined);
    expect(checked.flatMap((f) => bypasses(f, readFileSync(join(SRC, f), 'utf8')))).toEqual([]);
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
