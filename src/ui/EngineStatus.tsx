// Which engine runs the models (backend and device), and the warm-up progress while the user is
// still choosing a file. How the engine was chosen (a software GPU passed over for WebAssembly, a
// backend that failed) is a compact note under it: true for this visitor, but nothing to act on.
import { useTranslation } from 'react-i18next';
import type { Note, StartupState } from './analysis-state';
import { Notices } from './Notices';

/** Backends by the names people know; WebGPU and WebGL are names in every language. */
const BACKEND_NAMES: Record<string, 'wasm' | 'cpu' | null> = { webgpu: null, webgl: null, wasm: 'wasm', cpu: 'cpu' };
const PROPER_NAMES: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL' };

export function EngineStatus({ startup, notices }: { startup: StartupState; notices: Note[] }) {
  const { t } = useTranslation();
  if (startup.phase === 'fatal') {
    return (
      <div className="engine-box">
        <p className="engine engine-fatal" data-testid="engine">
          {t('engine.unavailable')}
        </p>
        <Notices notices={notices} label={t('engine.howChosen')} compact />
      </div>
    );
  }
  if (startup.phase === 'starting') {
    const pct = startup.total > 0 ? Math.round((startup.done / startup.total) * 100) : null;
    return (
      <div className="engine" data-testid="engine">
        {/* The page words the step the worker is at (its warm-up messages are for bench/startup.ts). */}
        <label htmlFor="warmup-progress">{t('engine.starting')}</label>
        <progress id="warmup-progress" max={100} value={pct ?? undefined} aria-describedby="warmup-note" />
        <span id="warmup-note" className="muted">
          {startup.stage === 'warmup' ? t('engine.warmingUp') : t('engine.loading')}
          {startup.total > 0 ? t('engine.step', { at: Math.min(startup.done + 1, startup.total), total: startup.total }) : ''}
        </span>
      </div>
    );
  }
  const key = startup.backend === null ? undefined : BACKEND_NAMES[startup.backend];
  const backend = startup.backend === null ? t('engine.unknown') : key ? t(`engine.${key}`) : (PROPER_NAMES[startup.backend] ?? startup.backend);
  return (
    <div className="engine-box">
      <p className="engine engine-ready" data-testid="engine" data-backend={startup.backend ?? ''}>
        <span className="dot" aria-hidden="true" /> {t('engine.ready')} <strong>{backend}</strong>
        {startup.device ? <span className="muted"> ({startup.device})</span> : null}
      </p>
      <Notices notices={notices} label={t('engine.howChosen')} compact />
    </div>
  );
}
