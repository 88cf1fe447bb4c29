// One analysis: its progress, then the verdict and the evidence behind it: the video itself beside
// the timeline, the most suspicious frames, every person and every scored face.
import { useState } from 'react';
import { formatBytes } from './format';
import { decisionFrames } from './timeline-geometry';
import { selectedFrame, type JobState, type StartupState } from './analysis-state';
import type { AnalysisResult } from '../types';
import type { DetectorReport } from './api-types';
import { AnalysisProgress } from './AnalysisProgress';
import { AttentionNote } from './AttentionNote';
import { evidenceItems } from './evidence';
import { EvidenceGallery } from './EvidenceGallery';
import { FaceCrops } from './FaceCrops';
import { FramePreview } from './FramePreview';
import { ModelScores } from './ModelScores';
import { People } from './People';
import { ReportButton } from './ReportButton';
import { cropDataUrls } from './thumbnails';
import { Timeline } from './Timeline';
import { Verdict } from './Verdict';
import { VideoPlayer, type SeekRequest } from './VideoPlayer';

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
  const frames = job.frames.map((f) => f.frame);
  const drivers = decisionFrames(frames, result?.label ?? null);
  const preview = selectedFrame(job, selected);
  const hasFrames = job.frames.some((f) => f.frame.score !== null || f.image !== null);
  const [playhead, setPlayhead] = useState<number | null>(null);
  const [seek, setSeek] = useState<SeekRequest | null>(null);
  // Choosing a frame anywhere (timeline, gallery, crops) selects it and moves the video there.
  const choose = (index: number): void => {
    onSelect(index);
    const f = frames.find((fr) => fr.index === index);
    if (f) setSeek((s) => ({ timeMs: f.timeMs, n: (s?.n ?? 0) + 1 }));
  };
  const gallery = evidenceItems(frames, (i) => job.frames.find((f) => f.frame.index === i)?.crop ?? null);
  const [attention, setAttention] = useState(false);
  const attentionSide = job.frames.flatMap((f) => f.frame.faces).find((f) => f.attention !== null)?.attention?.side ?? null;

  return (
    <section className="job" aria-label={`Analysis of ${job.fileName}`} aria-busy={job.status === 'analyzing'}>
      <h2 className="job-title">
        {job.fileName} <span className="muted">{formatBytes(job.fileSize)}</span>
      </h2>
      {job.status === 'analyzing' && (
        <AnalysisProgress stage={job.stage} done={job.done} total={job.total} etaMs={job.etaMs} waiting={startup.phase !== 'ready'} onCancel={onCancel} />
      )}
      {job.status === 'cancelled' && (
        <p className="cancelled" role="status">
          Analysis cancelled. Choose a file to start again.
        </p>
      )}
      {result && (
        <div className="verdict-row">
          <Verdict result={result} models={startup.models} />
          <ReportButton result={result} makeReport={makeReport} images={() => ({ crops: cropDataUrls(job.frames) })} />
        </div>
      )}
      {hasFrames && (
        <>
          {job.file && <VideoPlayer file={job.file} seek={seek} onTime={setPlayhead} />}
          <Timeline frames={frames} durationMs={result?.video?.durationMs ?? null} drivers={drivers} selected={selected} onSelect={choose} currentTimeMs={job.file ? playhead : null} />
          {preview && <FramePreview view={preview} onClose={() => onSelect(null)} />}
          <EvidenceGallery items={gallery} selected={selected} onSelect={choose} />
          <AttentionNote on={attention} onChange={setAttention} side={attentionSide} />
          {result && result.error === null && <People result={result} frames={job.frames} attention={attention} onSelect={choose} />}
          <FaceCrops frames={job.frames} drivers={drivers} selected={selected} onSelect={choose} attention={attention} />
        </>
      )}
      {result && result.error === null && <ModelScores result={result} models={startup.models} />}
    </section>
  );
}
