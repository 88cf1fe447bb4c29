// README's report example is a real report of today's build: it passes the report's JSON Schema,
// and its format, settings and models are the ones the page ships. Its last version had drifted
// (Platt 0.88/0.0037, AUC 0.840, a codec string the report no longer writes) and nothing noticed.
// When this fails, make a new example: the command is at the top of scripts/readme-report.ts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportSchemaErrors, REPORT_SCHEMA_PATH } from '../node/report-schema';
import { APP_CONFIG } from '../src/config';
import type { DetectorReport } from '../src/report/api-types';
import { REPORT_FORMAT, reportSettings } from '../src/report/report';
import { laidOut, readmeBlock, rounded, shortened, withReportExample } from './readme-report';

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const README = read('README.md');
const block = readmeBlock(README, 'report');
const example = JSON.parse(block ?? 'null') as DetectorReport;
const schema = JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as { required: string[] };
const REMAKE = 'README.md\'s report example is stale: make a new one (the command is at the top of scripts/readme-report.ts)';

/** `report` without the member at `path` (a deep copy; the example stays as it is). */
function without(report: DetectorReport, path: string[]): unknown {
  const copy = structuredClone(report) as unknown as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  delete at[path.at(-1)!];
  return copy;
}

describe("README's report example", () => {
  it('is there, after <!-- example: report -->, as JSON', () => {
    expect(block).not.toBeNull();
    expect(example).toBeTypeOf('object');
  });

  it('passes the report schema', () => {
    expect(reportSchemaErrors(example), REMAKE).toEqual([]);
  });

  it('would fail the schema without any required field, at the top or inside', () => {
    for (const key of schema.required) expect(reportSchemaErrors(without(example, [key])), key).toContain(`/ must have required property '${key}' {"missingProperty":"${key}"}`);
    expect(reportSchemaErrors(without(example, ['result', 'label'])).join('\n')).toMatch(/^\/result must have required property 'label'/m);
    expect(reportSchemaErrors(without(example, ['settings', 'calibration'])).join('\n')).toMatch(/^\/settings must have required property 'calibration'/m);
    expect(reportSchemaErrors({ ...example, format: 'deepfake-detector-report/2' })).not.toEqual([]);
  });

  it('has the current format, app version and settings (APP_CONFIG, src/calibration.json)', () => {
    expect(example.format, REMAKE).toBe(REPORT_FORMAT);
    expect(example.app.version, REMAKE).toBe((JSON.parse(read('package.json')) as { version: string }).version);
    const { frames, requestedBackend, threads } = example.settings;
    expect(example.settings, REMAKE).toEqual(rounded(reportSettings({ frames, requestedBackend, threads, models: example.models })));
  });

  it('names the shipped models by the SHA-256 of their manifests, with their metrics and first file', () => {
    expect(example.models.map((m) => m.name).sort(), REMAKE).toEqual(APP_CONFIG.ensemble.map((m) => m.name).sort());
    for (const m of example.models) {
      const text = read(`public/models/${m.name}/manifest.json`);
      const manifest = JSON.parse(text) as { architecture: string; inputSize: number; metrics: unknown; files: unknown[] };
      expect(m.manifestSha256, `${m.name}: ${REMAKE}`).toBe(createHash('sha256').update(text).digest('hex'));
      expect([m.architecture, m.inputSize], `${m.name}: ${REMAKE}`).toEqual([manifest.architecture, manifest.inputSize]);
      expect(m.metrics, `${m.name}: ${REMAKE}`).toEqual(rounded(manifest.metrics));
      expect(m.files, `${m.name}: ${REMAKE}`).toEqual(manifest.files.slice(0, 1));
    }
  });

  it('is laid out as scripts/readme-report.ts writes it (so a new one replaces it cleanly)', () => {
    expect(laidOut(rounded(shortened(example)))).toBe(block);
    expect(withReportExample(README, block!)).toBe(README);
  });
});
