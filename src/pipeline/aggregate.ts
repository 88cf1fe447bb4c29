// Aggregate: the video's P(fake) is the plain mean of its frame scores over frames with a scored
// face (the seed's rule, no clipping), each model's video score likewise, and a label with one
// sentence of reason. Thresholds come from APP_CONFIG:
//  - fake when score >= fakeAbove, real when score <= realBelow, otherwise uncertain;
//  - uncertain whatever the score when fewer than minFramesWithFace frames had a usable face
//    (for a still image, its one frame is enough);
//  - one rule for "nothing to judge": no score means no label. No face in any frame, or faces that
//    were all narrower than minFacePixels: score null, label null, and the reason says which (the
//    seed's 0.5 would be a guess). "uncertain" is a verdict on a score, never a stand-in for one.
import type { FrameResult, Label } from '../types';

export interface AggregateConfig {
  fakeAbove: number;
  realBelow: number;
  minFramesWithFace: number;
  minFacePixels: number;
}

/** label is null exactly when score is null. */
export interface Verdict {
  score: number | null;
  label: Label | null;
  reason: string;
  models: Record<string, number>;
}

export function aggregate(frames: readonly FrameResult[], config: AggregateConfig): Verdict {
  const scored = frames.filter((f): f is FrameResult & { score: number } => f.score !== null);
  const n = frames.length;
  const framesWord = n === 1 ? 'the image' : `the ${n} sampled frames`;
  if (scored.length === 0) {
    const sawSmall = frames.some((f) => f.faces.length > 0);
    if (sawSmall) {
      return {
        score: null,
        label: null,
        reason: `Faces were found but all were narrower than ${config.minFacePixels} pixels, too small to judge; try a higher-resolution copy of the video.`,
        models: {},
      };
    }
    return {
      score: null,
      label: null,
      reason: `No face was found in ${framesWord}, so there is nothing to judge.`,
      models: {},
    };
  }
  const score = mean(scored.map((f) => f.score));
  const models = modelMeans(scored);
  const needed = Math.min(config.minFramesWithFace, n);
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const counted = n === 1 ? 'The image shows a face' : `${scored.length} of ${n} sampled frames show a usable face`;
  if (scored.length < needed) {
    return {
      score,
      label: 'uncertain',
      reason: `Only ${scored.length} of ${n} sampled frames show a usable face (at least ${needed} are needed), too few to judge the video.`,
      models,
    };
  }
  if (score >= config.fakeAbove) {
    return { score, label: 'fake', reason: `${counted}; their average probability of manipulation is ${pct(score)}, at or above the ${pct(config.fakeAbove)} threshold.`, models };
  }
  if (score <= config.realBelow) {
    return { score, label: 'real', reason: `${counted}; their average probability of manipulation is ${pct(score)}, at or below the ${pct(config.realBelow)} threshold.`, models };
  }
  return {
    score,
    label: 'uncertain',
    reason: `${counted}; their average probability of manipulation is ${pct(score)}, between the ${pct(config.realBelow)} and ${pct(config.fakeAbove)} thresholds, so the models cannot tell.`,
    models,
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Each model's mean over the frames where it produced a score. */
function modelMeans(frames: readonly FrameResult[]): Record<string, number> {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const f of frames) {
    for (const [name, v] of Object.entries(f.models)) {
      const s = sums.get(name) ?? { sum: 0, count: 0 };
      s.sum += v;
      s.count += 1;
      sums.set(name, s);
    }
  }
  return Object.fromEntries([...sums].map(([name, s]) => [name, s.sum / s.count]));
}
