// The input-quality reading beside the verdict: resolution, bitrate, re-encoding, face size and
// sharpness, black bars (pipeline/quality.ts measures them; quality-words.ts says them). The
// cautions it raises are shown with the verdict itself (Verdict.tsx); this is the evidence.
import type { InputQuality as Reading } from '../types';
import { qualityHeading, qualityNote, qualityRows } from '../report/quality-words';

export function InputQuality({ quality }: { quality: Reading }) {
  return (
    <section className="input-quality small" aria-labelledby="input-quality-title" data-testid="input-quality" data-issues={quality.issues.join(' ')}>
      <h4 id="input-quality-title">{qualityHeading()}</h4>
      <p className="muted">{qualityNote()}</p>
      <dl>
        {qualityRows(quality).map((r) => (
          <div key={r.key} data-testid={`quality-${r.key}`}>
            <dt>{r.label}</dt>
            <dd>{r.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
