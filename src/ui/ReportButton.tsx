// The report, made in the page from one DetectorReport (report.ts): the JSON file (what
// deepfake-scan and analyze() give), and the same report for people (report-html.ts), printed or
// saved as PDF through a hidden frame, or saved as an HTML file. Nothing is sent anywhere.
import { errorText } from '../failure';
import { useRef, useState } from 'react';
import type { AnalysisResult } from '../types';
import type { DetectorReport } from '../report/api-types';
import { reportFileName } from '../report/report';
import { reportHtml, type ReportImages } from '../report/report-html';

interface Props {
  result: AnalysisResult;
  makeReport(result: AnalysisResult): Promise<DetectorReport>;
  /** The face crops as data: URLs, read when a readable report is made. */
  images(): ReportImages;
}

function save(name: string, body: string, type: string): void {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ReportButton({ result, makeReport, images }: Props) {
  const [error, setError] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const attempt = (what: string, work: (report: DetectorReport) => void) => async (): Promise<void> => {
    try {
      work(await makeReport(result));
      setError(null);
    } catch (err) {
      setError(`The ${what} could not be made: ${errorText(err)}`);
    }
  };
  const json = attempt('report', (r) => save(reportFileName(result.file), JSON.stringify(r, null, 2), 'application/json'));
  const html = attempt('readable report', (r) => save(reportFileName(result.file, 'html'), reportHtml(r, images()), 'text/html'));
  // Printing from a same-origin frame: no pop-up to be blocked, and the page's CSP covers it.
  const print = attempt('printable report', (r) => {
    const f = frame.current;
    if (f === null) return;
    f.onload = () => f.contentWindow?.print();
    f.srcdoc = reportHtml(r, images());
  });
  const failed = result.error !== null;
  return (
    <div className="report">
      <div className="report-actions">
        <button type="button" onClick={() => void print()} data-testid="print-report">
          Print / save as PDF
        </button>
        <button type="button" className="button-secondary" onClick={() => void html()} data-testid="download-report-html">
          Save report (HTML)
        </button>
        <button type="button" className="button-secondary" onClick={() => void json()} data-testid="download-report">
          Download report (JSON)
        </button>
      </div>
      <p className="muted small" data-testid="report-note">
        {failed
          ? 'Records what failed, with the file’s SHA-256, the app version and the settings it failed with.'
          : 'Scores, the file’s SHA-256, and the exact app, models and settings, so a colleague can check this result.'}
      </p>
      {error && <p role="alert">{error}</p>}
      <iframe ref={frame} className="print-frame" title="Printable report" tabIndex={-1} aria-hidden="true" data-testid="print-frame" />
    </div>
  );
}
