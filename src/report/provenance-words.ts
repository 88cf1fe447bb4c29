// Every word of the provenance panel and of the reports' provenance sections, through the i18n
// layer (src/i18n, `provenance.*`): the page's language on the page and in the readable report.
// Pure: values and small functions over the types. deepfake-scan's line (provenanceBrief) stays
// English, like the rest of the CLI.
import { t } from '../i18n/i18n';
import type { ContentCredentials, Keyframe, Provenance, ProvenanceMetadata } from '../provenance';
import { formatDecimal, formatShare } from './locale-numbers';
import { reportSentence } from './worker-sentences';

export const PROVENANCE_WORDS = {
  get heading() {
    return t('provenance.heading');
  },
  get intro() {
    return t('provenance.intro');
  },
  get reading() {
    return t('provenance.reading');
  },
  get metadataHeading() {
    return t('provenance.metadataHeading');
  },
  get metadataCaution() {
    return t('provenance.metadataCaution');
  },
  get metadataNone() {
    return t('provenance.metadataNone');
  },
  allTags: (n: number) => t('provenance.allTags', { count: n }),
  readerWarning: (w: string) => t('provenance.readerWarning', { warning: w }),
  get utcNote() {
    return t('provenance.utcNote');
  },
  get credentialsHeading() {
    return t('provenance.credentialsHeading');
  },
  get keyframesHeading() {
    return t('provenance.keyframesHeading');
  },
  get keyframesIntro() {
    return t('provenance.keyframesIntro');
  },
  get keyframesNone() {
    return t('provenance.keyframesNone');
  },
  get download() {
    return t('provenance.download');
  },
  keyframeAlt: (timeText: string) => t('provenance.keyframeAlt', { time: timeText }),
  get firstFrame() {
    return t('provenance.firstFrame');
  },
  shotChange: (difference: number) => t('provenance.shotChange', { percent: formatShare(difference) }),
};

/** Why the metadata could not be read, in the page's language; null when it was read. */
export function metadataError(m: ProvenanceMetadata): string | null {
  return m.error === null ? null : reportSentence(m.error, m.errorWords);
}

/** The metadata fields as label -> text rows, in the order a journalist reads them. */
export function metadataRows(m: ProvenanceMetadata): { label: string; value: string }[] {
  const rows: { label: string; value: string | null }[] = [
    { label: t('provenance.created'), value: m.createdAt },
    { label: t('provenance.modified'), value: m.modifiedAt },
    { label: t('provenance.encoder'), value: m.encoder },
    { label: t('provenance.muxer'), value: m.muxer },
    { label: t('provenance.make'), value: m.make },
    { label: t('provenance.model'), value: m.model },
    { label: t('provenance.rotation'), value: m.rotation === null || m.rotation === 0 ? null : `${m.rotation}°` },
    { label: t('provenance.gps'), value: m.gps === null ? null : gpsText(m.gps) },
    { label: t('provenance.fileType'), value: m.fileType },
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
      return t('provenance.absent');
    case 'valid':
      return c.trusted ? t('provenance.validTrusted') : t('provenance.valid');
    case 'invalid':
      return t('provenance.invalid');
    case 'error':
      return c.error === null ? t('provenance.unreadable') : reportSentence(c.error, c.errorWords);
  }
}

/** What the manifest claims, as label -> text rows. */
export function credentialsRows(c: ContentCredentials): { label: string; value: string }[] {
  const rows: { label: string; value: string | null }[] = [
    { label: t('provenance.claimGenerator'), value: c.claimGenerator },
    { label: t('provenance.signedBy'), value: c.signer },
    { label: t('provenance.issuer'), value: c.issuer },
    { label: t('provenance.signedAt'), value: c.signedAt },
    { label: t('provenance.title'), value: c.title },
    {
      label: t('provenance.actions'),
      value: c.actions.length === 0 ? null : c.actions.map((a) => [a.action, a.softwareAgent && t('provenance.actionBy', { agent: a.softwareAgent }), a.when].filter(Boolean).join(' ')).join('; '),
    },
    { label: t('provenance.ingredients'), value: c.ingredients.length === 0 ? null : c.ingredients.map((i) => (i.relationship ? `${i.title} (${i.relationship})` : i.title)).join('; ') },
    { label: t('provenance.failures'), value: c.failures.length === 0 ? null : c.failures.map((f) => (f.explanation ? `${f.code}: ${reportSentence(f.explanation, f.explanationWords)}` : f.code)).join('; ') },
  ];
  return rows.filter((r): r is { label: string; value: string } => r.value !== null);
}

/** "12.34 s, shot change (...)" */
export function keyframeCaption(k: Keyframe): string {
  return t('provenance.keyframeCaption', { seconds: formatDecimal(k.timeMs / 1000, 2), what: k.difference === null ? PROVENANCE_WORDS.firstFrame : PROVENANCE_WORDS.shotChange(k.difference) });
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
