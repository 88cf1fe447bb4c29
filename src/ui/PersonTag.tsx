// A person's name with their colour swatch: the same tag in the preview, timeline legend, gallery,
// crops and People rows. The swatch is decoration; the name carries the meaning.
import { personColour, personName } from '../report/person';

export function PersonTag({ track }: { track: number | null }) {
  return (
    <span className="person-tag" data-person={track ?? ''}>
      <span className="person-swatch" style={{ background: personColour(track) }} aria-hidden="true" />
      {personName(track)}
    </span>
  );
}
