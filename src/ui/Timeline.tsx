// Per-frame P(fake) over time. Each point is a button: clicking it (or Enter/Space) shows that
// frame with its face box. Frames without a face are marked on the time axis.
import { APP_CONFIG } from '../config';
import type { FrameResult } from '../types';
import { formatPercent, formatTime } from './format';
import { DEFAULT_CHART, timelineGeometry, timeTicks } from './timeline-geometry';

interface Props {
  frames: FrameResult[];
  durationMs: number | null;
  drivers: Set<number>;
  selected: number | null;
  onSelect(index: number): void;
  /** The video player's playback time, marked as a vertical line (null: no player). */
  currentTimeMs?: number | null;
}

export function Timeline({ frames, durationMs, drivers, selected, onSelect, currentTimeMs = null }: Props) {
  const box = DEFAULT_CHART;
  const g = timelineGeometry(frames, durationMs, box);
  const ticks = timeTicks(g.durationMs);
  // Tenths of a second only when the ticks fall between whole seconds.
  const tenths = ticks.some((t) => t % 1000 !== 0);
  const right = box.width - box.right;
  const bottom = box.height - box.bottom;
  return (
    <figure className="timeline" data-testid="timeline">
      <figcaption>
        <h3>Score of each sampled frame</h3>
        <span className="muted small">Click a point to see the frame and the face that was scored. Large rings: the frames that drove the verdict.</span>
      </figcaption>
      <svg viewBox={`0 0 ${box.width} ${box.height}`} role="group" aria-label="Per-frame manipulation scores over time">
        {[0, 0.5, 1].map((p) => (
          <g key={p}>
            <line className="grid" x1={box.left} x2={right} y1={g.yOf(p)} y2={g.yOf(p)} />
            <text className="axis" x={box.left - 6} y={g.yOf(p) + 4} textAnchor="end">
              {Math.round(p * 100)}%
            </text>
          </g>
        ))}
        <line className="threshold threshold-fake" x1={box.left} x2={right} y1={g.yOf(APP_CONFIG.fakeAbove)} y2={g.yOf(APP_CONFIG.fakeAbove)} />
        <line className="threshold threshold-real" x1={box.left} x2={right} y1={g.yOf(APP_CONFIG.realBelow)} y2={g.yOf(APP_CONFIG.realBelow)} />
        {ticks.map((t) => (
          <text key={t} className="axis" x={g.xOf(t)} y={bottom + 18} textAnchor={g.xOf(t) > right - 20 ? 'end' : 'middle'}>
            {formatTime(t, tenths)}
          </text>
        ))}
        {currentTimeMs !== null && (
          <line className="playhead" data-testid="playhead" data-time-ms={Math.round(currentTimeMs)} x1={g.xOf(currentTimeMs)} x2={g.xOf(currentTimeMs)} y1={box.top} y2={bottom} />
        )}
        {g.paths.map((d) => (
          <path key={d} className="series" d={d} />
        ))}
        {g.gaps.map((gap) => (
          <g key={`gap-${gap.index}`} className="gap">
            <title>Frame {gap.index + 1}: no usable face</title>
            <line x1={gap.x} x2={gap.x} y1={bottom - 10} y2={bottom} />
          </g>
        ))}
        {g.points.map((p) => {
          const label = `Frame ${p.index + 1} at ${formatTime(p.timeMs, true)}: ${formatPercent(p.score)} manipulated`;
          return (
            <g
              key={p.index}
              className={`point${drivers.has(p.index) ? ' point-driver' : ''}${selected === p.index ? ' point-selected' : ''}`}
              role="button"
              tabIndex={0}
              aria-label={label}
              aria-pressed={selected === p.index}
              data-frame-index={p.index}
              onClick={() => onSelect(p.index)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onSelect(p.index);
                }
              }}
            >
              <title>{label}</title>
              <circle cx={p.x} cy={p.y} r={10} className="hit" />
              <circle cx={p.x} cy={p.y} r={drivers.has(p.index) ? 6 : 4} />
            </g>
          );
        })}
      </svg>
      <p className="legend muted small">
        Dashed lines: above {formatPercent(APP_CONFIG.fakeAbove)} a frame leans manipulated, below {formatPercent(APP_CONFIG.realBelow)} it leans
        authentic. {g.gaps.length > 0 ? `Grey ticks: ${g.gaps.length} frame${g.gaps.length === 1 ? '' : 's'} without a usable face.` : ''}
      </p>
    </figure>
  );
}
