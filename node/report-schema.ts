// Checks a report against src/report/report.schema.json (the one schema of the page's report, the API's
// result and deepfake-scan's lines). Used by the unit and end-to-end tests; the command itself
// does not need it at run time.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

export const REPORT_SCHEMA_PATH = new URL('../src/report/report.schema.json', import.meta.url);

const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as object);

/** The schema's complaints about `value`, one string each; empty when it is a valid report. */
export function reportSchemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
