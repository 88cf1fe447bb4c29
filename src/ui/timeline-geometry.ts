// Geometry of the per-frame timeline: pure, so the chart component only draws what this returns.
import type { FrameResult, Label } from '../types';

export interface ChartBox {
  width: number;
  height: number;
  /** Inner margins for the axes. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const DEFAULT_CHART: ChartBox = { width: 720, height: 220, left: 44, right: 16, top: 12, bottom: 30 };

export interface ChartPoint {
  index: number;
  timeMs: number;
  score: number;
  x: number;
  y: number;
}

export interface TimelineGeometry {
  points: ChartPoint[];
  /** One SVG path per run of consecutive frames with a face: frames without a face break the line. */
  paths: string[];
  /** x of frames with no face (drawn as ticks on the axis). */
  gaps: { index: number; x: number }[];
  /** y of a probability, for threshold lines and axis labels. */
  yOf: (p: number) => number;
  /** x of a timestamp, for axis labels. */
  xOf: (timeMs: number) => number;
  durationMs: number;
}

/** Lays frames out over time (x) and P(fake) (y, 1 at the top). */
export function timelineGeometry(
  frames: readonly FrameResult[],
  durationMs: number | null,
  box: ChartBox = DEFAULT_CHART,
): TimelineGeometry {
  const sorted = [...frames].sort((a, b) => a.timeMs - b.timeMs);
  const lastTime = sorted.at(-1)?.timeMs ?? 0;
  // A still image or a one-frame clip has zero duration: keep the scale finite.
  const span = Math.max(durationMs ?? 0, lastTime, 1);
  const innerW = box.width - box.left - box.right;
  const innerH = box.height - box.top - box.bottom;
  const single = sorted.length === 1;
  const xOf = (t: number): number => box.left + (single ? innerW / 2 : (Math.min(Math.max(t, 0), span) / span) * innerW);
  const yOf = (p: number): number => box.top + (1 - Math.min(Math.max(p, 0), 1)) * innerH;

  const points: ChartPoint[] = [];
  const gaps: { index: number; x: number }[] = [];
  const paths: string[] = [];
  let run: ChartPoint[] = [];
  const flush = (): void => {
    if (run.length > 1) paths.push(run.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join(' '));
    run = [];
  };
  for (const f of sorted) {
    if (f.score === null) {
      gaps.push({ index: f.index, x: xOf(f.timeMs) });
      flush();
      continue;
    }
    const p = { index: f.index, timeMs: f.timeMs, score: f.score, x: xOf(f.timeMs), y: yOf(f.score) };
    points.push(p);
    run.push(p);
  }
  flush();
  return { points, paths, gaps, yOf, xOf, durationMs: span };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * The frames that drove the decision: the highest-scoring when the verdict is fake, the lowest
 * when real. An uncertain verdict has no drivers to point at.
 */
export function decisionFrames(frames: readonly FrameResult[], label: Label | null, k = 3): Set<number> {
  if (label !== 'fake' && label !== 'real') return new Set();
  const scored = frames.filter((f): f is FrameResult & { score: number } => f.score !== null);
  const sign = label === 'fake' ? -1 : 1;
  scored.sort((a, b) => sign * (a.score - b.score) || a.index - b.index);
  return new Set(scored.slice(0, k).map((f) => f.index));
}

/** Evenly spaced time ticks (about `count`) at whole seconds where the clip allows. */
export function timeTicks(durationMs: number, count = 5): number[] {
  if (durationMs <= 0) return [0];
  const raw = durationMs / count;
  const steps = [100, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];
  const step = steps.find((s) => s >= raw) ?? Math.ceil(raw / 600_000) * 600_000;
  const ticks: number[] = [];
  for (let t = 0; t <= durationMs + 1e-6; t += step) ticks.push(t);
  return ticks;
}

/** The chart box for a chart drawn `width` CSS pixels wide: one SVG unit per CSS pixel, so text
 *  and tap targets keep their size on a phone instead of shrinking with a fixed viewBox. */
export function chartBoxFor(width: number): ChartBox {
  const w = Math.max(240, Math.round(width));
  return { ...DEFAULT_CHART, width: w, height: w < 520 ? 200 : DEFAULT_CHART.height, left: w < 520 ? 38 : DEFAULT_CHART.left, right: 14 };
}

/** The point nearest to x (a tap anywhere on the chart picks the frame under the finger), or null. */
export function nearestPoint(points: readonly ChartPoint[], x: number): ChartPoint | null {
  let best: ChartPoint | null = null;
  for (const p of points) if (best === null || Math.abs(p.x - x) < Math.abs(best.x - x)) best = p;
  return best;
}
