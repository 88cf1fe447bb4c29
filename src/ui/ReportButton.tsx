// "Download report": the result plus what is needed to reproduce it, as a JSON file made in the
// page (a blob URL; nothing is sent anywhere).
import { useState } from 'react';
import type { AnalysisResult } from '../types';
import { version } from '../../package.json';
import type { StartupState } from './analysis-state';
import { buildReport, reportFileName } from './report';

interface Props {
  result: AnalysisResult;
  startup: StartupState;
  frames: number;
}

export function ReportButton({ result, startup, frames }: Props) {
  const [error, setError] = useState<string | null>(null);
  const download = (): void => {
    try {
      const report = buildReport({
        result,
        appVersion: version,
        backend: startup.backend,
        device: startup.device,
        frames,
        models: startup.models,
        userAgent: navigator.userAgent,
        generatedAt: new Date(),
      });
      const url = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = reportFileName(result.file);
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setError(null);
    } catch (err) {
      setError(`The report could not be made: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <div className="report">
      <button type="button" onClick={download} data-testid="download-report">
        Download report (JSON)
      </button>
      <p className="muted small">Scores, model file hashes and versions, so others can reproduce this result.</p>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
