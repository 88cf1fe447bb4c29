// Every English string of the provenance panel and of the reports' provenance sections, in one
// place (the i18n layer takes them from here). Pure: values and small functions over the types.
import type { ContentCredentials, Keyframe, Provenance, ProvenanceMetadata } from '../provenance';

export const PROVENANCE_WORDS = {
  heading: 'Where the file came from',
  intro: 'Read from the file itself, on this computer. Nothing is uploaded.',
  reading: 'Reading the file’s metadata and content credentials…',
  metadataHeading: 'Metadata',
  metadataCaution:
    'Anyone can edit metadata, and most sites strip it when a file is uploaded or shared: treat it as a clue to check, not as proof. Missing metadata proves nothing either.',
  metadataNone: 'The file states none of these fields.',
  allTags: (n: number) => `All ${n} fields the reader found`,
  readerWarning: (w: string) => `The metadata looks damaged or unusual; the reader warned: “${w}”. Fields after the damage may be missing.`,
  utcNote: 'Container times are UTC by the format’s rule, though some cameras write local time there.',
  credentialsHeading: 'Content credentials (C2PA)',
  keyframesHeading: 'Stills for a reverse image search',
  keyframesIntro:
    'The first frame and each shot change among the sampled frames. Download one and search for it yourself (for example in an image search engine) to find earlier copies: the page never sends them anywhere.',
  keyframesNone: 'No frames to offer (the analysis produced no images).',
  download: 'Download',
  keyframeAlt: (timeText: string) => `Frame at ${timeText}`,
  firstFrame: 'first frame',
  shotChange: (difference: number) => `shot change (colours ${Math.round(difference * 100)}% different)`,
} as const;

/** The metadata fields as label -> text rows, in the order a journalist reads them. */
export function metadataRows(m: ProvenanceMetadata): { label: string; value: string }[] {
  const rows: { label: string; value: string | null }[] = [
    { label: 'Created', value: m.createdAt },
    { label: 'Modified', value: m.modifiedAt },
    { label: 'Video encoder', value: m.encoder },
    { label: 'Written by (muxer, software)', value: m.muxer },
    { label: 'Device make', value: m.make },
    { label: 'Device model', value: m.model },
    { label: 'Rotation', value: m.rotation === null || m.rotation === 0 ? null : `${m.rotation}°` },
    { label: 'Location (GPS)', value: m.gps === null ? null : gpsText(m.gps) },
    { label: 'File type', value: m.fileType },
  ];
  return rows.filter((r): r is { label: string; value: string } => r.value !== null);
}

export function gpsText(gps: NonNullable<ProvenanceMetadata['gps']>): string {
  const alt = gps.altitudeM === null ? '' : `, ${Math.round(gps.altitudeM)} m`;
  return `${gps.latitude.toFixed(5)}, ${gps.longitude.toFixed(5)}${alt}`;
}

/** The credentials' headline: what the state means, in one sentence. */
export function credentialsSummary(c: ContentCredentials): string {
  switch (c.state) {
    case 'absent':
      return 'None. The file carries no C2PA content credentials (most files do not; their absence says nothing about manipulation).';
    case 'valid':
      return c.trusted
        ? 'Valid, from a trusted signer: the file has not changed since it was signed.'
        : 'Valid signature: the file has not changed since it was signed. The signer is not on a trust list this page knows, so who signed it is as stated, not verified.';
    case 'invalid':
      return 'Invalid: the credentials do not match the file. It was changed after signing, or the credentials are damaged or forged.';
    case 'error':
      return c.error ?? 'The content credentials could not be read.';
  }
}

/** What the manifest claims, as label -> text rows. */
export function credentialsRows(c: ContentCredentials): { label: string; value: string }[] {
  const rows: { label: string; value: string | null }[] = [
    { label: 'Made with (claim generator)', value: c.claimGenerator },
    { label: 'Signed by', value: c.signer },
    { label: 'Certificate issuer', value: c.issuer },
    { label: 'Signed at', value: c.signedAt },
    { label: 'Title', value: c.title },
    { label: 'Actions', value: c.actions.length === 0 ? null : c.actions.map((a) => [a.action, a.softwareAgent && `by ${a.softwareAgent}`, a.when].filter(Boolean).join(' ')).join('; ') },
    { label: 'Made from (ingredients)', value: c.ingredients.length === 0 ? null : c.ingredients.map((i) => (i.relationship ? `${i.title} (${i.relationship})` : i.title)).join('; ') },
    { label: 'Failed checks', value: c.failures.length === 0 ? null : c.failures.map((f) => (f.explanation ? `${f.code}: ${f.explanation}` : f.code)).join('; ') },
  ];
  return rows.filter((r): r is { label: string; value: string } => r.value !== null);
}

/** "12.34 s, shot change (...)" */
export function keyframeCaption(k: Keyframe): string {
  return `${(k.timeMs / 1000).toFixed(2)} s, ${k.difference === null ? PROVENANCE_WORDS.firstFrame : PROVENANCE_WORDS.shotChange(k.difference)}`;
}

/** One short clause for deepfake-scan's progress line: "created 2024-05-06T07:08:09Z, Acme Phone 9,
 *  GPS 48.85840, 2.29450; C2PA: valid (Adobe); 2 stills". */
export function provenanceBrief(p: Provenance): string {
  const m = p.metadata;
  const device = [m.make, m.model].filter((x): x is string => x !== null).join(' ');
  const meta =
    m.error !== null
      ? `metadata: ${m.error}`
      : [m.createdAt && `created ${m.createdAt}`, device || null, m.gps && `GPS ${gpsText(m.gps)}`, m.warning && 'damaged metadata'].filter(Boolean).join(', ') || 'no dated or device metadata';
  const c = p.credentials;
  const cred = `C2PA: ${c.state}${c.state === 'valid' && c.signer ? ` (${c.signer})` : ''}${c.state === 'error' && c.error ? ` (${c.error})` : ''}`;
  return `${meta}; ${cred}; ${p.keyframes.length} still${p.keyframes.length === 1 ? '' : 's'}`;
}
