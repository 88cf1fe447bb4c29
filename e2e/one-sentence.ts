// The shape of a message meant for a person, shared by the specs that check error sentences.
import { expect } from '@playwright/test';

/** One sentence for the reader: a single line, ends with a full stop, no stack or error class.
 *  (An assertion function, so a checked message is a string in the code after it.) */
export function expectOneSentence(text: string | null, what: string): asserts text is string {
  expect(text, `${what}: no message`).toBeTruthy();
  const shown = JSON.stringify(text);
  expect(text, `${what}: not one short line: ${shown}`).not.toContain('\n');
  expect(text!.length, `${what}: not one short line: ${shown}`).toBeLessThanOrEqual(320);
  expect(text, `${what}: does not end as a sentence: ${shown}`).toMatch(/[.!?]$/);
  expect(text, `${what}: leaks internals: ${shown}`).not.toMatch(/\bat \S+:\d+|TypeError|RangeError|undefined|\[object /);
}
