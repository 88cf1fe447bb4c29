// One analysis: its progress, then the verdict and the evidence behind it: the video itself beside
// the timeline, the most suspicious frames, every person and every scored face. When a result
// arrives the verdict is scrolled into view (on a phone it starts below the fold); after a cancel
// the frames already shown stay, marked partial, so they are not mistaken for a finished analysis.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayFileName, formatBytes, partialNote } from '../report/format';
import { decisionFrames } from './timeline-geometry';
import { selectedFrame, type JobState, type StartupState } from './analysis-state';
import type { AnalysisResult } from '../types';
import type { DetectorReport } from '../report/api-types';
import { AnalysisProgress } from './AnalysisProgress';
import { AttentionNote } from './AttentionNote';
import { evidenceItems } from '../report/evidence';
import { EvidenceGallery } from './EvidenceGallery';
import { FaceCrops } from './FaceCrops';
import { FramePreview } from './FramePreview';
import { ModelScores } from './ModelScores';
import { Notices } from './Notices';
import { People } from './People';
import { ProvenancePanel } from './ProvenancePanel';
import { ReportButton } from './ReportButton';
import { reportImages } from './thumbnails';
import { CaseFields } from './CaseFields';
import type { CaseText } from './use-case-fields';
import { Timeline } from './Timeline';
import { Verdict } from './Verdict';
import { isStillImage, StillImage, VideoPlayer, type SeekRequest } from './VideoPlayer';

interface Props {
  job: JobState;
  selected: number | null;
  onSelect(index: number | null): void;
  onCancel(): void;
  startup: StartupState;
  makeReport(result: AnalysisResult): Promise<DetectorReport>;
  /** The analyst's case fields, kept by App across files. */
  caseText: CaseText;
  onCaseChange(value: CaseText): void;
}

export function JobPanel({ job, selected, onSelect, onCancel, startup, makeReport, caseText, onCaseChange }: Props) {
  const { t } = useTranslation();
  const result = job.result;
  const frames = job.frames.map((f) => f.frame);
  const drivers = decisionFrames(frames, result?.label ?? null);
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
  // Choosing a frame anywhere (timeline, gallery, people, crops) selects it and moves the video there.
  const [playhead, setPlayhead] = useState<number | null>(null);
  const [seek, setSeek] = useState<SeekRequest | null>(null);
  const choose = (index: number): void => {
    open(index);
    const f = frames.find((fr) => fr.index === index);
    if (f) setSeek((s) => ({ timeMs: f.timeMs, n: (s?.n ?? 0) + 1 }));
  };
  const gallery = evidenceItems(frames, (i) => job.frames.find((f) => f.frame.index === i)?.crop ?? null);
  const [attention, setAttention] = useState(false);
  const attentionSide = job.frames.flatMap((f) => f.frame.faces).find((f) => f.attention !== null)?.attention?.side ?? null;
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
    <section className={`job job-${job.status}${result?.error ? ' job-error' : ''}`} aria-label={t('job.region', { name: displayFileName(job.fileName) })} aria-busy={job.status === 'analyzing'}>
      <h2 className="job-title">
        <bdi data-testid="file-name">{displayFileName(job.fileName)}</bdi> <span className="muted">{formatBytes(job.fileSize)}</span>
      </h2>
      {job.status === 'analyzing' && (
        <AnalysisProgress stage={job.stage} done={job.done} total={job.total} etaMs={job.etaMs} waiting={startup.phase !== 'ready'} onCancel={onCancel} />
      )}
      {job.status === 'cancelled' && (
        <p className="cancelled" data-testid="cancelled">
          <strong>{t('job.cancelled')}</strong> {partial} {t('job.again')}
        </p>
      )}
      {result && (
        <div className="verdict-row">
          <Verdict result={result} models={startup.models} ref={verdict} />
          <div className="report-side">
            <ReportButton result={result} makeReport={makeReport} images={() => reportImages(job.frames, result, attention)} />
            <CaseFields value={caseText} onChange={onCaseChange} />
          </div>
        </div>
      )}
      <Notices notices={job.notices} label={t('job.fileNotices')} />
      {hasFrames && (
        <>
          {job.file && (isStillImage(job.file) ? <StillImage file={job.file} /> : <VideoPlayer file={job.file} seek={seek} onTime={setPlayhead} />)}
          <Timeline
            frames={frames}
            durationMs={result?.video?.durationMs ?? null}
            drivers={drivers}
            selected={selected}
            onSelect={choose}
            currentTimeMs={job.file && !isStillImage(job.file) ? playhead : null}
            partial={partial}
          />
          {preview && <FramePreview view={preview} onClose={close} />}
          <EvidenceGallery items={gallery} selected={selected} onSelect={choose} />
          <AttentionNote on={attention} onChange={setAttention} side={attentionSide} />
          {result && result.error === null && <People result={result} frames={job.frames} attention={attention} onSelect={choose} />}
          <FaceCrops frames={job.frames} drivers={drivers} selected={selected} onSelect={choose} attention={attention} partial={partial} />
        </>
      )}
      {result && result.error === null && <ModelScores result={result} models={startup.models} />}
      <ProvenancePanel job={job} />
    </section>
  );
}
