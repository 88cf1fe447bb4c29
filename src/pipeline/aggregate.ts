// Aggregate: from scored faces (each with its track id) to people and the video's verdict.
//
// The video rule (APP_CONFIG; reasons there and in docs/decisions.md, "People and the verdict"):
//  - each person (track) scores the mean P(fake) of its faces, with a 95% interval from a smoothed
//    block bootstrap over time (bootstrapMaxMean): neighbouring frames are one look, not many;
//  - the video scores its most suspicious person among those scored in at least minFramesWithFace
//    sampled frames (all frames, for fewer): one manipulated face among real ones is not averaged
//    away, and a face glimpsed once does not decide; the interval is the bootstrap of that maximum;
//  - "fake" only when that whole interval is at or above fakeAbove, "real" only when it is at or
//    below realBelow, and in either case only when the models agree (spread <= maxModelSpread);
//    anything else is "uncertain", with the reason saying which condition failed;
//  - no person with enough frames: "uncertain", scored by the person seen most;
//  - no scored face at all: score and label null ("uncertain" is a verdict on a score, never a
//    stand-in for one), the reason says whether faces were too small or absent.
// Deterministic: the bootstrap draws from a PRNG seeded by the config, so the page and
// deepfake-scan give identical numbers for identical scores.
import { INTERVAL_LEVEL } from '../config';
import { formatPercent } from '../percent';
import type { FrameResult, Interval, Label, ModelAgreement, Track, VerdictBasis } from '../types';
import { createRng } from './rng';

export interface AggregateConfig {
  fakeAbove: number;
  realBelow: number;
  minFramesWithFace: number;
  minFacePixels: number;
  maxModelSpread: number;
  bootstrap: { replicates: number; level: number; seed: number; blockMs: number; lookSd: number };
}

/** One scored face of a person: its P(fake) and when in the video it was seen. */
export interface Look {
  score: number;
  timeMs: number;
}

/** label is null exactly when score is null. */
export interface Verdict {
  score: number | null;
  label: Label | null;
  reason: string;
  models: Record<string, number>;
  tracks: Track[];
  basis: VerdictBasis | null;
}

/** The p-quantile of sorted values (linear interpolation between order statistics). */
function quantile(sorted: readonly number[], p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** A person's faces cut into blocks of time: a block starts at a face and takes every later face
 *  seen within blockMs of it. Faces in one block are (nearly) the same look at the face. */
export function timeBlocks(looks: readonly Look[], blockMs: number): number[][] {
  const sorted = [...looks].sort((a, b) => a.timeMs - b.timeMs);
  const blocks: number[][] = [];
  let start = -Infinity;
  for (const l of sorted) {
    if (l.timeMs - start >= blockMs || blocks.length === 0) {
      blocks.push([]);
      start = l.timeMs;
    }
    blocks[blocks.length - 1]!.push(l.score);
  }
  return blocks;
}

/**
 * Percentile interval of the largest group mean, by a smoothed block bootstrap: each replicate
 * draws, for every group (person) independently, as many of its time blocks as it has, with
 * replacement, takes the mean of their faces and keeps the largest group's value. Frames seconds
 * apart count as independent looks; frames within one block (a still image repeated, a shot
 * sampled densely) count once. A score varies between looks at the same face by about lookSd
 * (measured, APP_CONFIG); where a person's block means vary less than that (few blocks, a still),
 * the resampled mean gets Gaussian noise making up the difference (sd sqrt(lookSd^2 - their
 * variance) / sqrt(blocks)), so a repeated still gets about +-2 lookSd, never a zero-width interval.
 * Deterministic for a given seed. Values clipped to [0, 1].
 */
export function bootstrapMaxMean(groups: readonly (readonly Look[])[], cfg: AggregateConfig['bootstrap']): Interval {
  const rng = createRng(cfg.seed);
  const rand = () => rng.next();
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
  const blocked = groups.map((g) => {
    const blocks = timeBlocks(g, cfg.blockMs);
    const means = blocks.map((b) => b.reduce((a, v) => a + v, 0) / b.length);
    const m = means.reduce((a, v) => a + v, 0) / means.length;
    const variance = means.length > 1 ? means.reduce((a, v) => a + (v - m) ** 2, 0) / (means.length - 1) : 0;
    return { blocks, extraSd: Math.sqrt(Math.max(0, cfg.lookSd ** 2 - variance) / blocks.length) };
  });
  const stats: number[] = [];
  for (let r = 0; r < cfg.replicates; r++) {
    let best = -Infinity;
    for (const { blocks, extraSd } of blocked) {
      let sum = 0;
      let count = 0;
      for (let i = 0; i < blocks.length; i++) {
        const b = blocks[Math.floor(rand() * blocks.length)]!;
        for (const v of b) sum += v;
        count += b.length;
      }
      const value = sum / count + (extraSd > 0 ? extraSd * gauss() : 0);
      best = Math.max(best, Math.min(1, Math.max(0, value)));
    }
    stats.push(best);
  }
  stats.sort((a, b) => a - b);
  const tail = (1 - cfg.level) / 2;
  return [quantile(stats, tail), quantile(stats, 1 - tail)];
}

/** Each model's mean over the faces where it produced a score. */
function modelMeans(models: readonly Record<string, number>[]): Record<string, number> {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const m of models) {
    for (const [name, v] of Object.entries(m)) {
      const s = sums.get(name) ?? { sum: 0, count: 0 };
      s.sum += v;
      s.count += 1;
      sums.set(name, s);
    }
  }
  return Object.fromEntries([...sums].map(([name, s]) => [name, s.sum / s.count]));
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

interface TrackFaces {
  id: number;
  scores: number[];
  looks: Look[];
  frames: number[];
  models: Record<string, number>[];
  widths: number[];
  peak: { frame: number; score: number };
}

/** Groups the scored faces by track: people, most suspicious first (ties: more frames, lower id). */
export function buildTracks(frames: readonly FrameResult[], cfg: AggregateConfig): Track[] {
  const byId = new Map<number, TrackFaces>();
  for (const f of frames) {
    for (const face of f.faces) {
      if (face.pFake === null || face.track === null) continue;
      let t = byId.get(face.track);
      if (!t) byId.set(face.track, (t = { id: face.track, scores: [], looks: [], frames: [], models: [], widths: [], peak: { frame: f.index, score: -1 } }));
      t.scores.push(face.pFake);
      t.looks.push({ score: face.pFake, timeMs: f.timeMs });
      t.frames.push(f.index);
      t.models.push(face.models);
      t.widths.push(face.box.width);
      if (face.pFake > t.peak.score) t.peak = { frame: f.index, score: face.pFake };
    }
  }
  return [...byId.values()]
    .map((t) => ({
      id: t.id,
      frames: [...new Set(t.frames)].sort((a, b) => a - b),
      score: mean(t.scores),
      interval: bootstrapMaxMean([t.looks], cfg.bootstrap),
      models: modelMeans(t.models),
      peakFrame: t.peak.frame,
      faceSize: median(t.widths),
    }))
    .sort((a, b) => b.score - a.score || b.frames.length - a.frames.length || a.id - b.id);
}

/** Spread of the models' P(fake): they disagree beyond maxModelSpread. */
export function modelAgreement(models: Record<string, number>, maxModelSpread: number): ModelAgreement {
  const values = Object.values(models);
  const spread = values.length < 2 ? 0 : Math.max(...values) - Math.min(...values);
  return { spread, agree: spread <= maxModelSpread };
}

const range = (i: Interval) => `${formatPercent(i[0])}–${formatPercent(i[1])}`;

/** The rule in one sentence, as the page shows it. */
export function ruleText(cfg: AggregateConfig, needed: number): string {
  return (
    `The video scores its most suspicious person seen in at least ${needed} sampled frame${needed === 1 ? '' : 's'}, so one manipulated face among real ones is not averaged away; ` +
    `"real" needs the whole ${INTERVAL_LEVEL} interval at or below ${formatPercent(cfg.realBelow)}, "likely manipulated" at or above ${formatPercent(cfg.fakeAbove)}, ` +
    `and the models must agree within ${Math.round(cfg.maxModelSpread * 100)} points.`
  );
}

/** `still`: the input is a still image (its one frame is all there is). A video needs a person in
 *  minFramesWithFace sampled frames whatever was asked for: two frames are two glances, and a
 *  bootstrap over two values spans only them (a known fake scored "real" that way at --frames 2). */
export function aggregate(frames: readonly FrameResult[], cfg: AggregateConfig, still = frames.length === 1): Verdict {
  const n = frames.length;
  const framesWord = n === 1 ? 'the image' : `the ${n} sampled frames`;
  const tracks = buildTracks(frames, cfg);
  if (tracks.length === 0) {
    const sawFace = frames.some((f) => f.faces.length > 0);
    const reason = sawFace
      ? `Faces were found but all were narrower than ${cfg.minFacePixels} pixels, too small to judge; try a higher-resolution copy of the video.`
      : `No face was found in ${framesWord}, so there is nothing to judge.`;
    return { score: null, label: null, reason, models: {}, tracks, basis: null };
  }
  const needed = still ? 1 : Math.max(1, cfg.minFramesWithFace);
  const rule = ruleText(cfg, needed);
  const eligible = tracks.filter((t) => t.frames.length >= needed);
  const people = tracks.length === 1 ? 'one person' : `${tracks.length} people`;
  if (eligible.length === 0) {
    // Scored by the person seen most (ties: the more suspicious, as tracks are sorted so).
    const seen = tracks.reduce((best, t) => (t.frames.length > best.frames.length ? t : best));
    const reason =
      n < needed
        ? `Only ${n} frame${n === 1 ? ' was' : 's were'} sampled; a person must be seen in at least ${needed} to judge a video, so sample more frames.`
        : `No person was seen in at least ${needed} of the ${n} sampled frames (the most: ${seen.frames.length}), too few to judge the video.`;
    return {
      score: seen.score,
      label: 'uncertain',
      reason,
      models: seen.models,
      tracks,
      basis: { rule, track: seen.id, interval: seen.interval, agreement: modelAgreement(seen.models, cfg.maxModelSpread) },
    };
  }
  const top = eligible[0]!; // not empty: the branch above returns when it is
  const groups = eligible.map((t) => frames.flatMap((f) => f.faces.filter((x) => x.track === t.id && x.pFake !== null).map((x) => ({ score: x.pFake!, timeMs: f.timeMs }))));
  const interval = eligible.length === 1 ? top.interval : bootstrapMaxMean(groups, cfg.bootstrap);
  const agreement = modelAgreement(top.models, cfg.maxModelSpread);
  const basis: VerdictBasis = { rule, track: top.id, interval, agreement };
  const who =
    n === 1
      ? tracks.length === 1
        ? `The face in the image scores ${formatPercent(top.score)}`
        : `The most suspicious of ${tracks.length} faces in the image scores ${formatPercent(top.score)}`
      : `The most suspicious of ${people} (person ${top.id}, in ${top.frames.length} of ${n} sampled frames) scores ${formatPercent(top.score)} (${INTERVAL_LEVEL} interval ${range(interval)})`;
  const disagree = agreement.agree
    ? ''
    : ` The models disagree (${Object.entries(top.models)
        .map(([name, v]) => `${name} ${formatPercent(v)}`)
        .join(', ')}), so no verdict either way.`;
  let label: Label = 'uncertain';
  let why: string;
  if (interval[0] >= cfg.fakeAbove) {
    why = `${who}, entirely at or above the ${formatPercent(cfg.fakeAbove)} line.`;
    if (agreement.agree) label = 'fake';
  } else if (interval[1] <= cfg.realBelow) {
    why = `${who}, entirely at or below the ${formatPercent(cfg.realBelow)} line.`;
    if (agreement.agree) label = 'real';
  } else {
    const side = top.score <= cfg.realBelow ? `not entirely below the ${formatPercent(cfg.realBelow)} line` : top.score >= cfg.fakeAbove ? `not entirely above the ${formatPercent(cfg.fakeAbove)} line` : `between the ${formatPercent(cfg.realBelow)} and ${formatPercent(cfg.fakeAbove)} lines`;
    why = `${who}, ${side}, so the models cannot tell.`;
  }
  return { score: top.score, label, reason: why + disagree, models: top.models, tracks, basis };
}
