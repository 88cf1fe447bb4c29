// The page: header with the engine in use, start-up progress, the drop zone, and the current
// analysis. Components only render; state lives in use-analysis.ts. One polite live region says
// what a screen reader should hear: each step of an analysis and its outcome, not every frame.
import { useMemo } from 'react';
import { DropZone } from './DropZone';
import { EngineStatus } from './EngineStatus';
import { JobPanel } from './JobPanel';
import { Notices } from './Notices';
import { announcement } from '../report/format';
import { useAnalysis } from './use-analysis';
import { parsePageParams } from './url-params';
import { reportCase, withCase } from '../report/report';
import { useCaseFields } from './use-case-fields';

export function App() {
  const params = useMemo(() => parsePageParams(window.location.search), []);
  const { state, analyze, cancel, select, report } = useAnalysis(params);
  const { startup, job } = state;
  const [caseText, setCaseText] = useCaseFields();
  const fatal = startup.phase === 'fatal';

  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>Deepfake detector</h1>
          <p className="tagline">Checks the faces in a video for signs of manipulation, entirely on this computer.</p>
        </div>
        <EngineStatus startup={startup} notices={state.engineNotices} />
      </header>
      <main>
        {fatal && (
          <section className="fatal" role="alert">
            <h2>The detector could not start</h2>
            <p>{startup.fatal}</p>
            <button type="button" onClick={() => window.location.reload()}>
              Reload the page
            </button>
          </section>
        )}
        <Notices notices={state.notices} label="Notices" />
        <DropZone onFile={analyze} disabled={fatal} busy={job?.status === 'analyzing'} waiting={startup.phase === 'starting'} />
        {job && (
          <JobPanel
            job={job}
            selected={state.selected}
            onSelect={select}
            onCancel={cancel}
            startup={startup}
            makeReport={(result) => report(job.id, result).then((r) => withCase(r, reportCase(caseText)))}
            caseText={caseText}
            onCaseChange={setCaseText}
          />
        )}
        <p className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
          {announcement(job)}
        </p>
      </main>
      <footer className="app-footer">
        <p>
          Your video is never uploaded: it is read and analysed inside this browser tab, and the page is only allowed to
          contact the server it came from (to load its own code and models).
        </p>
      </footer>
    </div>
  );
}
