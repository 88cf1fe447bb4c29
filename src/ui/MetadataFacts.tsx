// The file's metadata as ExifTool read it, with the caution that anyone can edit it.
import type { ProvenanceMetadata } from '../provenance';
import { FactList } from './FactList';
import { metadataError, metadataRows, PROVENANCE_WORDS as W } from '../report/provenance-words';

export function MetadataFacts({ metadata }: { metadata: ProvenanceMetadata }) {
  const rows = metadataRows(metadata);
  return (
    <section className="provenance-part" aria-labelledby="metadata-heading" data-testid="metadata">
      <h4 id="metadata-heading">{W.metadataHeading}</h4>
      <p className="muted">{W.metadataCaution}</p>
      {metadata.error !== null ? (
        <p className="provenance-error" data-testid="metadata-error">
          {metadataError(metadata)}
        </p>
      ) : rows.length === 0 ? (
        <p>{W.metadataNone}</p>
      ) : (
        <FactList rows={rows} testId="metadata-facts" />
      )}
      {metadata.warning !== null && (
        <p className="provenance-error" data-testid="metadata-warning">
          {W.readerWarning(metadata.warning)}
        </p>
      )}
      {(metadata.createdAt?.endsWith('Z') ?? false) && <p className="muted small">{W.utcNote}</p>}
      {metadata.tags.length > 0 && (
        <details>
          <summary>{W.allTags(metadata.tags.length)}</summary>
          <FactList rows={metadata.tags.map((t) => ({ label: t.name, value: t.value }))} />
        </details>
      )}
      <p className="muted small">{metadata.reader}</p>
    </section>
  );
}
