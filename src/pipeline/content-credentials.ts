// A C2PA manifest store (as @contentauth/c2pa-web's Reader gives it, c2pa-rs's JSON) turned into
// what the page and the reports say about it: valid, invalid or absent, who signed it with what,
// and what its active manifest claims was done. Pure: credentials-reader.ts runs the library.
import { english, words, type Words } from '../i18n/words';
import type { ContentCredentials } from '../provenance';

/** The part of c2pa-rs's manifest store read here (the library's own types are wider). */
export interface ManifestStoreJson {
  active_manifest?: string | null;
  manifests?: Record<string, ManifestJson>;
  validation_status?: StatusJson[] | null;
  validation_results?: { activeManifest?: { failure?: StatusJson[] } | null } | null;
  validation_state?: 'Invalid' | 'Valid' | 'Trusted' | null;
}

interface StatusJson {
  code: string;
  explanation?: string | null;
  success?: boolean | null;
}

interface ManifestJson {
  claim_generator?: string | null;
  claim_generator_info?: { name: string; version?: string | null }[] | null;
  title?: string | null;
  ingredients?: { title?: string | null; relationship?: string | null }[];
  assertions?: { label: string; data: unknown }[];
  signature_info?: { issuer?: string | null; common_name?: string | null; time?: string | null } | null;
}

/** Action entries in a c2pa.actions (or c2pa.actions.v2) assertion. */
interface ActionJson {
  action?: unknown;
  softwareAgent?: unknown;
  when?: unknown;
}

/** At most this many actions and ingredients are listed (a long edit history stays readable). */
export const MAX_LISTED = 20;

const EMPTY: Omit<ContentCredentials, 'state'> = {
  trusted: false,
  claimGenerator: null,
  signer: null,
  issuer: null,
  signedAt: null,
  title: null,
  actions: [],
  ingredients: [],
  failures: [],
  error: null,
};

export function absentCredentials(): ContentCredentials {
  return { state: 'absent', ...EMPTY };
}

/** Credentials that could not be read: `why` is the one sentence to show. */
export function unreadCredentials(why: Words): ContentCredentials {
  return { state: 'error', ...EMPTY, error: english(why), errorWords: why };
}

/** A failed check the page itself names (not one of c2pa-rs's): its explanation in English and as words. */
function ownFailure(code: string, explanation: Words): ContentCredentials['failures'][number] {
  return { code, explanation: english(explanation), explanationWords: explanation };
}

/** A manifest store that is there but cannot be parsed: invalid, with c2pa-rs's reason. */
export function brokenCredentials(reason: string): ContentCredentials {
  return { state: 'invalid', ...EMPTY, failures: [ownFailure('manifest.unreadable', words('manifestUnreadable', { why: reason.replace(/\.$/, '') }))] };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** softwareAgent is a string in v1 actions and { name, version } in v2. */
function agentOf(v: unknown): string | null {
  if (typeof v === 'string') return str(v);
  if (v !== null && typeof v === 'object') {
    const o = v as { name?: unknown; version?: unknown };
    const name = str(o.name);
    const version = str(o.version);
    return name === null ? null : version === null ? name : `${name} ${version}`;
  }
  return null;
}

function generatorOf(m: ManifestJson): string | null {
  const info = m.claim_generator_info?.[0];
  if (info !== undefined && str(info.name) !== null) return str(info.version) === null ? info.name : `${info.name} ${info.version}`;
  return str(m.claim_generator);
}

function actionsOf(m: ManifestJson): ContentCredentials['actions'] {
  const out: ContentCredentials['actions'] = [];
  for (const a of m.assertions ?? []) {
    if (a.label !== 'c2pa.actions' && a.label !== 'c2pa.actions.v2') continue;
    const list = (a.data as { actions?: unknown } | null)?.actions;
    if (!Array.isArray(list)) continue;
    for (const x of list as ActionJson[]) {
      const action = str(x?.action);
      if (action !== null) out.push({ action, softwareAgent: agentOf(x.softwareAgent), when: str(x.when) });
    }
  }
  return out.slice(0, MAX_LISTED);
}

/** The failed checks: c2pa-rs lists them in validation_results (newer) or validation_status. */
function failuresOf(store: ManifestStoreJson): ContentCredentials['failures'] {
  const list = store.validation_results?.activeManifest?.failure ?? store.validation_status?.filter((s) => s.success !== true) ?? [];
  return list.slice(0, MAX_LISTED).map((s) => ({ code: s.code, explanation: str(s.explanation) }));
}

/** What the page says about a file's manifest store (null: the file has none). */
export function contentCredentials(store: ManifestStoreJson | null): ContentCredentials {
  if (store === null) return absentCredentials();
  const label = store.active_manifest ?? null;
  const m = label === null ? undefined : store.manifests?.[label];
  const failures = failuresOf(store);
  if (m === undefined) {
    // A store without an active manifest is a broken one.
    return { state: 'invalid', ...EMPTY, failures: failures.length > 0 ? failures : [ownFailure('claim.missing', words('noActiveManifest'))] };
  }
  // validation_state is c2pa-rs's own verdict; without it, any failure makes the store invalid.
  const state = store.validation_state === 'Invalid' || (store.validation_state == null && failures.length > 0) ? 'invalid' : 'valid';
  return {
    state,
    trusted: store.validation_state === 'Trusted',
    claimGenerator: generatorOf(m),
    signer: str(m.signature_info?.common_name),
    issuer: str(m.signature_info?.issuer),
    signedAt: str(m.signature_info?.time),
    title: str(m.title),
    actions: actionsOf(m),
    ingredients: (m.ingredients ?? []).slice(0, MAX_LISTED).map((i) => ({ title: str(i.title) ?? '(untitled)', relationship: str(i.relationship) })),
    failures: state === 'invalid' ? failures : [],
    error: null,
  };
}
