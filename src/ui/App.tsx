// The page: header with the engine in use, start-up progress, the drop zone, and the current
// analysis. Components only render; state lives in use-analysis.ts. One polite live region says
// what a screen reader should hear: each step of an analysis and its outcome, not every frame.
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DropZone } from './DropZone';
import { EngineStatus } from './EngineStatus';
import { JobPanel } from './JobPanel';
import { Notices } from './Notices';
import { announcement } from '../report/format';
import { useAnalysis } from './use-analysis';
import { parsePageParams } from './url-params';
import { reportCase, withCase } from '../report/report';
import { useCaseFields } from './use-case-fields';
import { LanguageMenu } from './LanguageMenu';
import { workerSentence } from '../report/worker-sentences';

export function App() {
  // The whole page re-renders in the new language when the reader picks one (LanguageMenu).
  const { t, i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = t('app.title');
  }, [i18n.language, t]);
  const params = useMemo(() => parsePageParams(window.location.search), []);
  const { state, analyze, cancel, select, report } = useAnalysis(params);
  const { startup, job } = state;
  const [caseText, setCaseText] = useCaseFields();
  const fatal = startup.phase === 'fatal';

  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>{t('app.title')}</h1>
          <p className="tagline">{t('app.tagline')}</p>
        </div>
        <div className="header-side">
          <LanguageMenu />
          <EngineStatus startup={startup} notices={state.engineNotices} />
        </div>
      </header>
      <main>
        {fatal && (
          <section className="fatal" role="alert">
            <h2>{t('app.fatalTitle')}</h2>
            <p>{startup.fatal === null ? null : workerSentence(startup.fatal, i18n.language)}</p>
            <button type="button" onClick={() => window.location.reload()}>
              {t('app.reload')}
            </button>
          </section>
        )}
        <Notices notices={state.notices} label={t('app.notices')} />
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
        <p>{t('app.privacy')}</p>
      </footer>
    </div>
  );
}
