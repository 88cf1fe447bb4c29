// Checks on the page after an analysis: what a person would look for (a verdict, per-frame
// scores, face crops, a frame with its box), read from the DOM, not from the app's internals.
import type { Page } from '@playwright/test';
import type { AnalysisResult } from '../src/types';
import { assert } from './assert';

export function assertScored(r: AnalysisResult, file: string): void {
  assert(r.error === null, `${file}: the page reported an error: ${r.error}`);
  assert(r.score !== null && Number.isFinite(r.score) && r.score >= 0 && r.score <= 1, `${file}: score ${r.score} is not a probability`);
  assert(r.label === 'fake' || r.label === 'real' || r.label === 'uncertain', `${file}: label ${String(r.label)}`);
  const scored = r.frames.filter((f) => f.score !== null);
  assert(scored.length > 0, `${file}: no frame has a score`);
  for (const f of scored) assert(f.box !== null && f.box.width > 0, `${file}: frame ${f.index} has a score but no face box`);
  assert(Object.keys(r.models).length > 0, `${file}: no per-model scores`);
  // Issue 10: each frame's score is its most suspicious face's; every scored face has a person and
  // the WS-DAN attention (5 x 5 for the shipped 160 px models); the verdict names its basis.
  for (const f of scored) {
    const best = Math.max(...f.faces.filter((x) => x.pFake !== null).map((x) => x.pFake!));
    assert(best === f.score, `${file}: frame ${f.index} scores ${f.score}, its most suspicious face ${best}`);
    for (const x of f.faces.filter((y) => y.pFake !== null)) {
      assert(x.track !== null && r.tracks.some((t) => t.id === x.track), `${file}: frame ${f.index} has a scored face without a person`);
      assert(x.attention !== null && x.attention.side === 5 && x.attention.values.length === 25, `${file}: frame ${f.index}: attention ${JSON.stringify(x.attention)}`);
    }
  }
  assert(r.tracks.length > 0 && r.basis !== null && r.basis.interval !== null, `${file}: no people or no basis for the verdict`);
  assert(r.basis.interval[0] <= r.basis.interval[1], `${file}: interval ${JSON.stringify(r.basis.interval)}`);
}

export async function assertVerdictShown(page: Page, r: AnalysisResult): Promise<void> {
  const verdict = page.getByTestId('verdict');
  await verdict.waitFor({ state: 'visible', timeout: 10_000 });
  const label = await verdict.getAttribute('data-label');
  assert(label === r.label, `verdict shows ${label}, result says ${r.label}`);
  const text = (await verdict.innerText()).trim();
  assert(/%/.test(text), `verdict has no percentage: "${text}"`);

  const scored = r.frames.filter((f) => f.score !== null).length;
  const points = await page.locator('[data-testid=timeline] [data-frame-index]').count();
  assert(points === scored, `timeline shows ${points} points, result has ${scored} scored frames`);

  const crops = page.locator('[data-testid=face-crops] canvas');
  const nCrops = await crops.count();
  assert(nCrops > 0, 'no face crops shown');
  const cropWidth = await crops.first().evaluate((c) => (c as HTMLCanvasElement).width);
  assert(cropWidth > 0, 'the first face crop is empty');

  const people = await page.locator('[data-testid=people] > li').count();
  assert(people === r.tracks.length, `the page lists ${people} people, the result ${r.tracks.length}`);
  const caption = await page.getByTestId('attention-caption').innerText();
  assert(/not proof/.test(caption), `attention caption: ${caption}`);

  const models = await page.locator('[data-testid=model-scores] tbody tr').count();
  assert(models === Object.keys(r.models).length, `model table has ${models} rows for ${Object.keys(r.models).length} models`);

  // Clicking a point shows that frame with its face box.
  await page.locator('[data-testid=timeline] [data-frame-index]').first().click();
  const preview = page.getByTestId('frame-preview');
  await preview.waitFor({ state: 'visible', timeout: 5_000 });
  const size = await preview.locator('canvas').evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
  assert(size[0]! > 0 && size[1]! > 0, 'the picked frame is not drawn');
}
