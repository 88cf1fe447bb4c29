// README's report example, made from a real deepfake-scan line: its lists shortened to their first
// items, its fractions to 4 decimals, laid out to be read. scripts/readme.test.ts holds the README's copy to the schema and to the
// shipped models and settings, so when either changes, make a new one:
//   npm run build && npx deepfake-scan --backend wasm clips/dfdc-fake-abofeumbvv.mp4 > line.jsonl
//   npx tsx scripts/readme-report.ts line.jsonl --write     (without --write: print it)
import { readFileSync, writeFileSync } from 'node:fs';
import type { DetectorReport } from '../src/report/api-types';

/** The marker README.md puts before the example's fenced block. */
export const REPORT_MARKER = '<!-- example: report -->';

/** The JSON text of the fenced block after `<!-- example: NAME -->` in a README. */
export function readmeBlock(readme: string, name: string): string | null {
  const m = new RegExp(`<!-- example: ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  return m?.[1] ?? null;
}

/** The report with every long list cut to what a reader needs: the frame that drove the verdict with
 *  its first face, each model's first file, the detector's first file. Every
 *  other value is the report's own, so the schema still holds. */
export function shortened(r: DetectorReport): DetectorReport {
  const peak = r.result.tracks?.[0]?.peakFrame;
  const frame = r.result.frames.find((f) => f.index === peak) ?? r.result.frames[0];
  return {
    ...r,
    models: r.models.map((m) => ({ ...m, files: m.files.slice(0, 1) })),
    faceDetector: { ...r.faceDetector, files: r.faceDetector.files.slice(0, 1) },
    result: { ...r.result, frames: frame ? [{ ...frame, faces: frame.faces.slice(0, 1) }] : [] },
  };
}

/** `value` with every fraction rounded to `places` decimals (a reader needs no more; the test allows
 *  for it). */
export function rounded<T>(value: T, places = 4): T {
  if (typeof value === 'number') return (Number.isInteger(value) ? value : Number(value.toFixed(places))) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => rounded(v, places)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v, places)])) as T;
  return value;
}

/** JSON on lines of about `width` characters: a value that does not fit is broken into its members,
 *  as many a line as fit, each line lined up under the first member; lists of numbers or strings
 *  stay on one line. */
export function laidOut(value: unknown, width = 110, column = 0): string {
  const flat = JSON.stringify(value);
  if (value === null || typeof value !== 'object' || column + flat.length <= width) return flat;
  const list = Array.isArray(value);
  if (list && value.every((v) => v === null || typeof v !== 'object')) return flat;
  const [open, close] = list ? ['[', ']'] : ['{', '}'];
  const members = list ? value.map((v) => ['', v] as const) : Object.entries(value).map(([k, v]) => [`${JSON.stringify(k)}:`, v] as const);
  const lines: string[] = [];
  let line = '';
  for (const [key, v] of members) {
    const start = column + 1 + (line ? line.length + 1 : 0);
    const text = key + laidOut(v, width, start + key.length);
    const multi = text.includes('\n');
    if (line && (multi || start + text.length + 1 > width)) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line},${text}` : key + laidOut(v, width, column + 1 + key.length);
    if (multi) {
      lines.push(line);
      line = '';
    }
  }
  if (line) lines.push(line);
  return `${open}${lines.join(`,\n${' '.repeat(column + 1)}`)}${close}`;
}

/** README.md with its report example replaced by `json`. */
export function withReportExample(readme: string, json: string): string {
  const at = readme.indexOf(REPORT_MARKER);
  if (at < 0) throw new Error(`README.md has no "${REPORT_MARKER}"`);
  const open = readme.indexOf('```json\n', at);
  const close = readme.indexOf('\n```', open + 8);
  if (open < 0 || close < 0) throw new Error(`README.md has no \`\`\`json block after "${REPORT_MARKER}"`);
  return `${readme.slice(0, open + 8)}${json}${readme.slice(close)}`;
}

function main(): void {
  const [file, ...rest] = process.argv.slice(2);
  if (!file || rest.some((a) => a !== '--write')) throw new Error('usage: npx tsx scripts/readme-report.ts LINE.jsonl [--write]');
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.trim() !== '');
  if (!line) throw new Error(`${file} has no report line`);
  const json = laidOut(rounded(shortened(JSON.parse(line) as DetectorReport)));
  if (!rest.includes('--write')) return void console.log(json);
  const path = new URL('../README.md', import.meta.url);
  writeFileSync(path, withReportExample(readFileSync(path, 'utf8'), json));
  console.log('README.md: report example replaced');
}

if (import.meta.url === `file://${process.argv[1]}`) main();
