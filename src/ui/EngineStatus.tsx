// Which engine runs the models (backend and device), and the warm-up progress while the user is
// still choosing a file. How the engine was chosen (a software GPU passed over for WebAssembly, a
// backend that failed) is a compact note under it: true for this visitor, but nothing to act on.
import type { StartupState } from './analysis-state';
import { Notices } from './Notices';

const BACKEND_NAMES: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly (CPU)', cpu: 'plain JavaScript (CPU)' };

export function EngineStatus({ startup, notices }: { startup: StartupState; notices: string[] }) {
  if (startup.phase === 'fatal') {
    return (
      <div className="engine-box">
        <p className="engine engine-fatal" data-testid="engine">
          Detector unavailable
        </p>
        <Notices notices={notices} label="How the engine was chosen" compact />
      </div>
    );
  }
  if (startup.phase === 'starting') {
    const pct = startup.total > 0 ? Math.round((startup.done / startup.total) * 100) : null;
    return (
      <div className="engine" data-testid="engine">
        <label htmlFor="warmup-progress">{startup.message}</label>
        <progress id="warmup-progress" max={100} value={pct ?? undefined} aria-describedby="warmup-note" />
        <span id="warmup-note" className="muted">
          {startup.stage === 'warmup' ? 'Warming up for this device' : 'Loading and checking model files'}
          {startup.total > 0 ? ` · step ${Math.min(startup.done + 1, startup.total)} of ${startup.total}` : ''}
        </span>
      </div>
    );
  }
  const backend = startup.backend === null ? 'unknown' : (BACKEND_NAMES[startup.backend] ?? startup.backend);
  return (
    <div className="engine-box">
      <p className="engine engine-ready" data-testid="engine" data-backend={startup.backend ?? ''}>
        <span className="dot" aria-hidden="true" /> Ready · runs on <strong>{backend}</strong>
        {startup.device ? <span className="muted"> ({startup.device})</span> : null}
      </p>
      <Notices notices={notices} label="How the engine was chosen" compact />
    </div>
  );
}
