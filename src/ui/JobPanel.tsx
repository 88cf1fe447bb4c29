// One analysis: its progress, then the verdict and the evidence behind it. When a result arrives
// the verdict is scrolled into view (on a phone it starts below the fold); after a cancel the
// frames already shown stay, marked partial, so they are not mistaken for a finished analysis.
import { useCallback, useEffect, useRef } from 'react';
import { formatBytes, partialNote } from './format';
import { decisionFrames } from './timeline-geometry';
import { selectedFrame, type JobState, type StartupState } from './analysis-state';
import type { AnalysisResult } from '../types';
import type { DetectorReport } from './api-types';
import { AnalysisProgress } from './AnalysisProgress';
import { FaceCrops } from './FaceCrops';
import { FramePreview } from './FramePreview';
import { ModelScores } from './ModelScores';
import { Notices } from './Notices';
import { ReportButton } from './ReportButton';
import { Timeline } from './Timeline';
import { Verdict } from './Verdict';

interface Props {
  job: JobState;
  selected: number | null;
  onSelect(index: number | null): void;
  onCancel(): void;
  startup: StartupState;
  makeReport(result: AnalysisResult): Promise<DetectorReport>;
}

export function JobPanel({ job, selected, onSelect, onCancel, startup, makeReport }: Props) {
  const result = job.result;
  const drivers = decisionFrames(
    job.frames.map((f) => f.frame),
    result?.label ?? null,
  );
  const preview = selectedFrame(job, selected);
  const hasFrames = job.frames.some((f) => f.frame.score !== null || f.image !== null);
  const partial = partialNote(job.status, job.frames.length, job.total);

  // The point or crop that opened the preview gets focus back when it closes (Close or Escape).
  const opener = useRef<Element | null>(null);
  const open = useCallback(
    (index: number) => {
      if (!(document.activeElement?.closest('[data-testid=frame-preview]') ?? null)) opener.current = document.activeElement;
      onSelect(index);
    },
    [onSelect],
  );
  const close = useCallback(() => {
    onSelect(null);
    const el = opener.current;
    opener.current = null;
    if ((el instanceof HTMLElement || el instanceof SVGElement) && el.isConnected) el.focus();
  }, [onSelect]);

  // A new result: bring the verdict into view; keyboard users who chose the file (focus still in
  // the drop zone, or nowhere) land on its heading. The live region (App) announces it either way.
  const verdict = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const heading = verdict.current;
    if (result === null || heading === null) return;
    // The whole verdict box (its border starts above the heading), with a margin above it
    // (styles.css). At once, not smoothly: an animated scroll was at times left unfinished in the
    // e2e runs on the loaded machine, and a jump is what reduced-motion users want anyway.
    (heading.closest('.verdict') ?? heading).scrollIntoView({ block: 'start', behavior: 'instant' });
    const active = document.activeElement;
    if (active === null || active === document.body || active.closest('.dropzone') !== null) heading.focus({ preventScroll: true });
  }, [result]);

  return (
    <section className={`job job-${job.status}${result?.error ? ' job-error' : ''}`} aria-label={`Analysis of ${job.fileName}`} aria-busy={job.status === 'analyzing'}>
      <h2 className="job-title">
        {job.fileName} <span className="muted">{formatBytes(job.fileSize)}</span>
      </h2>
      {job.status === 'analyzing' && (
        <AnalysisProgress stage={job.stage} done={job.done} total={job.total} etaMs={job.etaMs} waiting={startup.phase !== 'ready'} onCancel={onCancel} />
      )}
      {job.status === 'cancelled' && (
        <p className="cancelled" data-testid="cancelled">
          <strong>Analysis cancelled.</strong> {partial} Choose a file to start again.
        </p>
      )}
      {result && (
        <div className="verdict-row">
          <Verdict result={result} models={startup.models} ref={verdict} />
          <ReportButton result={result} makeReport={makeReport} />
        </div>
      )}
      <Notices notices={job.notices} label="Notices about this file" />
      {hasFrames && (
        <>
          <Timeline
            frames={job.frames.map((f) => f.frame)}
            durationMs={result?.video?.durationMs ?? null}
            drivers={drivers}
            selected={selected}
            onSelect={open}
            partial={partial}
          />
          {preview && <FramePreview view={preview} onClose={close} />}
          <FaceCrops frames={job.frames} drivers={drivers} selected={selected} onSelect={open} partial={partial} />
        </>
      )}
      {result && result.error === null && <ModelScores result={result} models={startup.models} />}
    </section>
  );
}
