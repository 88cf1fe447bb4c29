// Things worth knowing that do not stop the work, shown where they apply: an ignored URL parameter
// above the drop zone, frames skipped in a file with that file's result, how the engine was chosen
// under the engine status (compact). Not live regions: the page's one announcer speaks. A worker's
// notice is said in the page's language as it renders, so a language change re-words it.
import { useTranslation } from 'react-i18next';
import { english } from '../i18n/words';
import { workerSentence } from '../report/worker-sentences';
import type { Note } from './analysis-state';

interface Props {
  notices: Note[];
  label: string;
  compact?: boolean;
}

export function Notices({ notices, label, compact = false }: Props) {
  const { i18n } = useTranslation();
  if (notices.length === 0) return null;
  return (
    <ul className={compact ? 'notices notices-compact' : 'notices'} aria-label={label} data-testid="notices">
      {notices.map((n) => (
        <li key={typeof n === 'string' ? n : english(n)}>{typeof n === 'string' ? n : workerSentence(n, i18n.language)}</li>
      ))}
    </ul>
  );
}
