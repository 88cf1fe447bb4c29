// Things worth knowing that do not stop the work, shown where they apply: an ignored URL parameter
// above the drop zone, frames skipped in a file with that file's result, how the engine was chosen
// under the engine status (compact). Not live regions: the page's one announcer speaks.
import { workerSentence } from '../report/worker-sentences';

interface Props {
  notices: string[];
  label: string;
  compact?: boolean;
}

export function Notices({ notices, label, compact = false }: Props) {
  if (notices.length === 0) return null;
  return (
    <ul className={compact ? 'notices notices-compact' : 'notices'} aria-label={label} data-testid="notices">
      {notices.map((n) => (
        <li key={n}>{workerSentence(n)}</li>
      ))}
    </ul>
  );
}
