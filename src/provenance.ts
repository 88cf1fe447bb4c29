// Where the file came from, as far as the file itself says: its container and stream metadata,
// its C2PA content credentials, and a few stills at shot changes for a manual reverse image search.
// Read locally (docs/decisions.md, "Provenance, locally (issue 27)"); nothing is uploaded. One
// type for the page, the JSON report (schema/report.schema.json) and deepfake-scan's lines.
import type { Words } from './i18n/words';

/** Container and stream metadata (ExifTool's reading). Anyone can edit these: they are clues, not proof. */
export interface ProvenanceMetadata {
  /** The reader and its version, e.g. "ExifTool 13.42". */
  reader: string;
  /** The file type the reader recognised (MP4, MOV, JPEG...), or null. */
  fileType: string | null;
  /** Creation and modification times as the file states them: ISO 8601, with "Z" or an offset when
   *  the format defines one (QuickTime's are UTC), without one when the file does not say. */
  createdAt: string | null;
  modifiedAt: string | null;
  /** What encoded the video stream (e.g. "Lavc59.37.100 libx264"), or the software of a still. */
  encoder: string | null;
  /** What wrote the container (e.g. "Lavf59.27.100", a phone's OS version). */
  muxer: string | null;
  /** Device make and model as written by a camera or phone. */
  make: string | null;
  model: string | null;
  /** Clockwise rotation the player applies, in degrees (0 when none is set). */
  rotation: number | null;
  /** Where it was recorded, if the file says so (decimal degrees, WGS 84). */
  gps: { latitude: number; longitude: number; altitudeM: number | null } | null;
  /** Every tag read, "Group:Tag" -> value as text (the file system's own fields left out), capped. */
  tags: { name: string; value: string }[];
  /** What the reader found wrong while reading (e.g. a truncated or malformed box): the fields it
   *  did read stand, others may be missing. */
  warning: string | null;
  /** One sentence when the metadata could not be read; the fields above are then null. */
  error: string | null;
  /** That sentence as its catalog key and values (src/i18n/words.ts), for the page's language;
   *  absent in reports made before it existed. */
  errorWords?: Words;
}

/** C2PA content credentials: "absent" (none in the file), "valid" (the manifest's signature and
 *  hashes check out; `trusted` says whether its signer is on a trust list the page knows: none is
 *  configured, so a valid signature proves integrity since signing, not who signed), "invalid" (a
 *  check failed: the file changed after signing, or the manifest is broken), "error" (not read). */
export type CredentialsState = 'absent' | 'valid' | 'invalid' | 'error';

export interface ContentCredentials {
  state: CredentialsState;
  trusted: boolean;
  /** The tool that made the active manifest (e.g. "Adobe Photoshop 25.0"). */
  claimGenerator: string | null;
  /** The signing certificate's subject common name and issuer (organisation). */
  signer: string | null;
  issuer: string | null;
  /** When it was signed (a trusted timestamp, if the manifest has one). */
  signedAt: string | null;
  title: string | null;
  /** What the manifest says was done (c2pa.actions): "c2pa.created", "c2pa.edited"... */
  actions: { action: string; softwareAgent: string | null; when: string | null }[];
  /** The files it says it was made from. */
  ingredients: { title: string; relationship: string | null }[];
  /** The failed checks (code and explanation) when invalid; `explanationWords` when the
   *  explanation is the page's own sentence, not c2pa-rs's. */
  failures: { code: string; explanation: string | null; explanationWords?: Words }[];
  /** One sentence when the credentials could not be read, and its words (see ProvenanceMetadata). */
  error: string | null;
  errorWords?: Words;
}

/** A still at the start of a shot: the first sampled frame and each shot change found among the
 *  sampled frames, capped. `difference` is the colour histogram distance to the frame before (0-1;
 *  null for the first). */
export interface Keyframe {
  index: number;
  timeMs: number;
  difference: number | null;
}

export interface Provenance {
  metadata: ProvenanceMetadata;
  credentials: ContentCredentials;
  keyframes: Keyframe[];
  /** Time spent reading metadata and credentials (beside the analysis, on its own thread). */
  readMs: number;
}
