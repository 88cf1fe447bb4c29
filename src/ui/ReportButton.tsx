// The report, made in the page from one DetectorReport (report.ts): the JSON file (what
// deepfake-scan and analyze() give), and the same report for people (report-html.ts), printed or
// saved as PDF through a hidden frame, or saved as an HTML file. Nothing is sent anywhere.
import { errorText } from '../failure';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisResult } from '../types';
import type { DetectorReport } from '../report/api-types';
import { reportFileName } from '../report/report';
import { reportHtml, type ReportImages } from '../report/report-html';
import { saveFile } from './save-file';

interface Props {
  result: AnalysisResult;
  makeReport(result: AnalysisResult): Promise<DetectorReport>;
  /** The face crops as data: URLs, read when a readable report is made. */
  images(): ReportImages;
}

export function ReportButton({ result, makeReport, images }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const attempt = (work: (report: DetectorReport) => void) => async (): Promise<void> => {
    try {
      work(await makeReport(result));
      setError(null);
    } catch (err) {
      setError(t('reportButton.failed', { error: errorText(err) }));
    }
  };
  const json = attempt((r) => saveFile(reportFileName(result.file), new Blob([JSON.stringify(r, null, 2)], { type: 'application/json' })));
  const html = attempt((r) => saveFile(reportFileName(result.file, 'html'), new Blob([reportHtml(r, images())], { type: 'text/html' })));
  // Printing from a same-origin frame: no pop-up to be blocked, and the page's CSP covers it.
  const print = attempt((r) => {
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
          {t('reportButton.print')}
        </button>
        <button type="button" className="button-secondary" onClick={() => void html()} data-testid="download-report-html">
          {t('reportButton.html')}
        </button>
        <button type="button" className="button-secondary" onClick={() => void json()} data-testid="download-report">
          {t('reportButton.json')}
        </button>
      </div>
      <p className="muted small" data-testid="report-note">
        {failed
          ? t('reportButton.noteFailed')
          : t('reportButton.note')}
      </p>
      {error && <p role="alert">{error}</p>}
      <iframe ref={frame} className="print-frame" title={t('reportButton.frame')} tabIndex={-1} aria-hidden="true" data-testid="print-frame" />
    </div>
  );
}
