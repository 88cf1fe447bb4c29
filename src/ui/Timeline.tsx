// Per-frame P(fake) over time. The points are one widget with one tab stop: the arrow keys, Home
// and End move between frames, Enter or Space shows the frame with its face box, and a tap
// anywhere on the chart picks the nearest frame (phone-sized targets even when points crowd).
// The chart is drawn at its real width (one SVG unit per CSS pixel) so text and targets keep
// their size on a phone. Frames without a face are marked on the time axis.
import { useRef, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { APP_CONFIG } from '../config';
import type { FrameResult } from '../types';
import { formatPercent, formatTime } from '../report/format';
import { formatShare } from '../report/locale-numbers';
import { framePerson, personColour, personName } from '../report/person';
import { PersonTag } from './PersonTag';
import { frameScoreText } from '../report/plain-words';
import { chartBoxFor, DEFAULT_CHART, nearestPoint, timelineGeometry, timeTicks } from './timeline-geometry';
import { useElementWidth } from './use-element-width';
import { useRovingFocus } from './use-roving-focus';

interface Props {
  frames: FrameResult[];
  durationMs: number | null;
  drivers: Set<number>;
  selected: number | null;
  onSelect(index: number): void;
  /** The video player's playback time, marked as a vertical line (null: no player). */
  currentTimeMs?: number | null;
  /** Set when the analysis was cancelled: the chart, badged "Partial", shows what was done before
   *  (JobPanel says how far it got, once, above it). */
  partial: string | null;
}

/** Radius of a point's hit area: a 24 × 24 CSS px target (WCAG 2.5.8). */
const HIT_RADIUS = 12;

export function Timeline({ frames, durationMs, drivers, selected, onSelect, currentTimeMs = null, partial }: Props) {
  const { t } = useTranslation();
  const figure = useRef<HTMLElement>(null);
  const box = chartBoxFor(useElementWidth(figure, DEFAULT_CHART.width));
  const g = timelineGeometry(frames, durationMs, box);
  const ticks = timeTicks(g.durationMs, box.width < 520 ? 4 : 5);
  const roving = useRovingFocus(
    g.points.length,
    'horizontal',
    g.points.findIndex((p) => p.index === selected),
  );
  // Tenths of a second only when the ticks fall between whole seconds.
  const tenths = ticks.some((t) => t % 1000 !== 0);
  const right = box.width - box.right;
  const personOf = new Map(frames.map((f) => [f.index, framePerson(f)]));
  const people = [...new Set(personOf.values())].filter((p): p is number => p !== null).sort((a, b) => a - b);
  const bottom = box.height - box.bottom;

  const onChartTap = (e: PointerEvent<SVGSVGElement>) => {
    // Taps on a point are the point's own click; elsewhere, the nearest frame in time.
    if ((e.target as Element).closest('[data-frame-index]')) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const p = nearestPoint(g.points, ((e.clientX - rect.left) / rect.width) * box.width);
    if (p !== null) onSelect(p.index);
  };

  return (
    <figure className={`timeline${partial ? ' partial' : ''}`} data-testid="timeline" ref={figure}>
      <figcaption>
        <h3>
          {t('timeline.title')}
          {partial && <span className="partial-badge">{t('job.partialBadge')}</span>}
        </h3>
        <span className="muted small">
          {t('timeline.help')}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${box.width} ${box.height}`}
        width={box.width}
        height={box.height}
        role="group"
        aria-label={t('timeline.chart')}
        onClick={onChartTap}
      >
        {[0, 0.5, 1].map((p) => (
          <g key={p} aria-hidden="true">
            <line className="grid" x1={box.left} x2={right} y1={g.yOf(p)} y2={g.yOf(p)} />
            <text className="axis" x={box.left - 6} y={g.yOf(p) + 4} textAnchor="end">
              {formatShare(p)}
            </text>
          </g>
        ))}
        <line className="threshold threshold-fake" x1={box.left} x2={right} y1={g.yOf(APP_CONFIG.fakeAbove)} y2={g.yOf(APP_CONFIG.fakeAbove)} />
        <line className="threshold threshold-real" x1={box.left} x2={right} y1={g.yOf(APP_CONFIG.realBelow)} y2={g.yOf(APP_CONFIG.realBelow)} />
        <g aria-hidden="true">
          {ticks.map((t) => (
            <text key={t} className="axis" x={g.xOf(t)} y={bottom + 18} textAnchor={g.xOf(t) > right - 20 ? 'end' : 'middle'}>
              {formatTime(t, tenths)}
            </text>
          ))}
        </g>
        {currentTimeMs !== null && (
          <line className="playhead" data-testid="playhead" data-time-ms={Math.round(currentTimeMs)} x1={g.xOf(currentTimeMs)} x2={g.xOf(currentTimeMs)} y1={box.top} y2={bottom} aria-hidden="true" />
        )}
        {g.paths.map((d) => (
          <path key={d} className="series" d={d} />
        ))}
        {g.gaps.map((gap) => (
          <g key={`gap-${gap.index}`} className="gap">
            <title>{t('timeline.gap', { n: gap.index + 1 })}</title>
            <line x1={gap.x} x2={gap.x} y1={bottom - 10} y2={bottom} />
          </g>
        ))}
        <g role="toolbar" aria-label={t('timeline.points')} aria-orientation="horizontal">
          {g.points.map((p, i) => {
            const person = personOf.get(p.index) ?? null;
            const label = t('frame.label', { n: p.index + 1, time: formatTime(p.timeMs, true), person: personName(person), what: frameScoreText(p.score) });
            return (
              <g
                key={p.index}
                {...roving.itemProps<SVGGElement>(i)}
                className={`point${drivers.has(p.index) ? ' point-driver' : ''}${selected === p.index ? ' point-selected' : ''}`}
                role="button"
                aria-label={label}
                aria-pressed={selected === p.index}
                data-frame-index={p.index}
                data-person={person ?? ''}
                style={{ ['--person' as string]: personColour(person) }}
                onClick={() => onSelect(p.index)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onSelect(p.index);
                    return;
                  }
                  roving.itemProps<SVGGElement>(i).onKeyDown(e);
                }}
              >
                <title>{label}</title>
                <circle cx={p.x} cy={p.y} r={HIT_RADIUS} className="hit" />
                <circle cx={p.x} cy={p.y} r={drivers.has(p.index) ? 7 : 5} />
              </g>
            );
          })}
        </g>
      </svg>
      {people.length > 0 && (
        <p className="legend people-legend small" data-testid="timeline-people">
          {people.map((id) => (
            <PersonTag key={id} track={id} />
          ))}
        </p>
      )}
      <p className="legend muted small">
        {t('timeline.lines', { fake: formatPercent(APP_CONFIG.fakeAbove), real: formatPercent(APP_CONFIG.realBelow) })}{' '}
        {g.gaps.length > 0 ? t('timeline.gaps', { count: g.gaps.length }) : ''}
      </p>
    </figure>
  );
}
