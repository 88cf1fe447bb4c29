// Where the file came from: metadata, content credentials and stills for a reverse image search,
// beside the detector's verdict (issue 27). The readers run beside the analysis; the stills come
// from its frames once it is done.
import { useMemo } from 'react';
import type { JobState } from './analysis-state';
import { CredentialsFacts } from './CredentialsFacts';
import { KeyframeStills } from './KeyframeStills';
import { keyframesOf } from './keyframes';
import { MetadataFacts } from './MetadataFacts';
import { PROVENANCE_WORDS as W } from '../report/provenance-words';

export function ProvenancePanel({ job }: { job: JobState }) {
  const reading = job.provenance;
  const done = job.status !== 'analyzing';
  // Once per finished job (the panel re-renders on every selection); 32 px per frame, a few ms.
  const keyframes = useMemo(() => (done ? keyframesOf(job.frames) : []), [done, job.frames]);
  return (
    <section className="provenance" aria-labelledby="provenance-heading" data-testid="provenance" aria-busy={reading === null}>
      <h3 id="provenance-heading">{W.heading}</h3>
      <p className="muted">{W.intro}</p>
      {reading === null ? (
        <p data-testid="provenance-reading">{W.reading}</p>
      ) : (
        <div className="provenance-parts">
          <MetadataFacts metadata={reading.metadata} />
          <CredentialsFacts credentials={reading.credentials} />
        </div>
      )}
      {done && <KeyframeStills keyframes={keyframes} frames={job.frames} fileName={job.fileName} />}
    </section>
  );
}
