// "Download report": the result plus what is needed to reproduce it (report.ts), as a JSON file
// made in the page (a blob URL; nothing is sent anywhere).
import { useState } from 'react';
import type { AnalysisResult } from '../types';
import type { DetectorReport } from './api-types';
import { reportFileName } from './report';

interface Props {
  result: AnalysisResult;
  makeReport(result: AnalysisResult): Promise<DetectorReport>;
}

export function ReportButton({ result, makeReport }: Props) {
  const [error, setError] = useState<string | null>(null);
  const download = async (): Promise<void> => {
    try {
      const report = await makeReport(result);
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
      <button type="button" onClick={() => void download()} data-testid="download-report">
        Download report (JSON)
      </button>
      <p className="muted small">Scores, input and model file hashes and versions, so others can reproduce this result.</p>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
