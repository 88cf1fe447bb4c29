// The file's C2PA content credentials: valid, invalid, absent or unreadable, and what they claim.
import type { ContentCredentials } from '../provenance';
import { FactList } from './FactList';
import { credentialsRows, credentialsSummary, PROVENANCE_WORDS as W } from '../report/provenance-words';

export function CredentialsFacts({ credentials }: { credentials: ContentCredentials }) {
  return (
    <section className="provenance-part" aria-labelledby="credentials-heading" data-testid="credentials" data-state={credentials.state}>
      <h4 id="credentials-heading">{W.credentialsHeading}</h4>
      <p className={`credentials credentials-${credentials.state}`} data-testid="credentials-summary">
        {credentialsSummary(credentials)}
      </p>
      <FactList rows={credentialsRows(credentials)} testId="credentials-facts" />
    </section>
  );
}
