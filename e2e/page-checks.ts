// Checks on the page after an analysis: what a person would look for (a verdict, per-frame
// scores, face crops, a frame with its box), read from the DOM, not from the app's internals.
import { expect, type Page } from '@playwright/test';
import type { AnalysisResult } from '../src/types';

export function expectScored(r: AnalysisResult, file: string): void {
  expect(r.error, `${file}: the page reported an error`).toBeNull();
  expect(r.score, `${file}: score ${r.score} is not a probability`).toBeGreaterThanOrEqual(0);
  expect(r.score, `${file}: score ${r.score} is not a probability`).toBeLessThanOrEqual(1);
  expect(['fake', 'real', 'uncertain'], `${file}: label ${String(r.label)}`).toContain(r.label);
  const scored = r.frames.filter((f) => f.score !== null);
  expect(scored.length, `${file}: no frame has a score`).toBeGreaterThan(0);
  for (const f of scored) {
    expect(f.box, `${file}: frame ${f.index} has a score but no face box`).not.toBeNull();
    expect(f.box!.width, `${file}: frame ${f.index} has a score but no face box`).toBeGreaterThan(0);
  }
  expect(Object.keys(r.models).length, `${file}: no per-model scores`).toBeGreaterThan(0);
  // Issue 10: each frame's score is its most suspicious face's; every scored face has a person and
  // the WS-DAN attention (5 x 5 for the shipped 160 px models); the verdict names its basis.
  for (const f of scored) {
    const best = Math.max(...f.faces.filter((x) => x.pFake !== null).map((x) => x.pFake!));
    expect(f.score, `${file}: frame ${f.index} scores ${f.score}, its most suspicious face ${best}`).toBe(best);
    for (const x of f.faces.filter((y) => y.pFake !== null)) {
      expect(x.track, `${file}: frame ${f.index} has a scored face without a person`).not.toBeNull();
      expect(r.tracks.map((t) => t.id), `${file}: frame ${f.index} has a scored face without a person`).toContain(x.track);
      expect(x.attention, `${file}: frame ${f.index}: attention ${JSON.stringify(x.attention)}`).not.toBeNull();
      expect(x.attention!.side, `${file}: frame ${f.index}: attention side`).toBe(5);
      expect(x.attention!.values, `${file}: frame ${f.index}: attention values`).toHaveLength(25);
    }
  }
  expect(r.tracks.length, `${file}: no people`).toBeGreaterThan(0);
  expect(r.basis?.interval ?? null, `${file}: no basis for the verdict`).not.toBeNull();
  const [low, high] = r.basis!.interval!;
  expect(low, `${file}: interval ${JSON.stringify(r.basis!.interval)}`).toBeLessThanOrEqual(high);
}

export async function expectVerdictShown(page: Page, r: AnalysisResult): Promise<void> {
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toBeVisible({ timeout: 10_000 });
  if (r.label === null) await expect(verdict, 'the verdict shows a label, the result has none').not.toHaveAttribute('data-label');
  else await expect(verdict, `the verdict shows another label than the result's ${r.label}`).toHaveAttribute('data-label', r.label);
  await expect(verdict, 'verdict has no percentage').toContainText('%', { useInnerText: true });

  const scored = r.frames.filter((f) => f.score !== null).length;
  await expect(page.locator('[data-testid=timeline] [data-frame-index]'), `timeline points for the result's ${scored} scored frames`).toHaveCount(scored);

  const crops = page.locator('[data-testid=face-crops] canvas');
  await expect(crops, 'no face crops shown').not.toHaveCount(0);
  await expect.poll(() => crops.first().evaluate((c) => (c as HTMLCanvasElement).width), { message: 'the first face crop is empty' }).toBeGreaterThan(0);

  await expect(page.locator('[data-testid=people] > li'), `people listed for the result's ${r.tracks.length}`).toHaveCount(r.tracks.length);
  await expect(page.getByTestId('attention-caption'), 'attention caption').toContainText('not proof', { useInnerText: true });

  const models = Object.keys(r.models).length;
  await expect(page.locator('[data-testid=model-scores] tbody tr'), `model table rows for ${models} models`).toHaveCount(models);

  // Clicking a point shows that frame with its face box.
  await page.locator('[data-testid=timeline] [data-frame-index]').first().click();
  const preview = page.getByTestId('frame-preview');
  await expect(preview).toBeVisible({ timeout: 5_000 });
  const side = () => preview.locator('canvas').evaluate((c) => Math.min((c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height));
  await expect.poll(side, { message: 'the picked frame is not drawn' }).toBeGreaterThan(0);
}
