// ExifTool's reading of a file (`-json -G1 -n`: "Group:Tag" -> number or text) turned into the
// few fields a verification journalist looks at first: when, with what, on which device, where.
// Pure: metadata-worker.ts runs ExifTool, this only picks and normalises.
import { english, words, type Words } from '../i18n/words';
import type { ProvenanceMetadata } from '../provenance';

/** ExifTool's arguments: JSON, group names on every tag, numbers as numbers (GPS in decimal
 *  degrees, dates as stored), files over 2 GB too. */
export const EXIFTOOL_ARGS = ['-json', '-G1', '-n', '-api', 'LargeFileSupport=1'];

/** At most this many raw tags travel in the report (a camera's maker notes run to hundreds). */
export const MAX_TAGS = 200;
/** A tag's value is cut to this many characters (binary blobs are described, not copied). */
const MAX_VALUE = 200;

type Tags = Readonly<Record<string, unknown>>;

/** Candidates in order of trust: a phone's own keys first, then the container, then EXIF/XMP. */
const CREATED = ['Keys:CreationDate', 'UserData:DateTimeOriginal', 'QuickTime:CreateDate', 'ExifIFD:DateTimeOriginal', 'ExifIFD:CreateDate', 'XMP-exif:DateTimeOriginal', 'XMP-xmp:CreateDate', 'Matroska:DateTimeOriginal', 'IFD0:ModifyDate'];
const MODIFIED = ['QuickTime:ModifyDate', 'IFD0:ModifyDate', 'XMP-xmp:ModifyDate', 'XMP-xmp:MetadataDate'];
const MUXER = ['ItemList:Encoder', 'UserData:Encoder', 'UserData:SoftwareVersion', 'Keys:Software', 'UserData:Software', 'Matroska:WritingApp', 'Matroska:MuxingApp', 'XMP-xmp:CreatorTool', 'IFD0:Software'];
const MAKE = ['Keys:Make', 'UserData:Make', 'IFD0:Make', 'XMP-tiff:Make'];
const MODEL = ['Keys:Model', 'UserData:Model', 'IFD0:Model', 'XMP-tiff:Model'];
/** Groups whose fields describe the copy on disk (in the page: the wasm file system), not the file. */
const LOCAL_GROUPS = new Set(['System', 'SourceFile', 'ExifTool']);

function text(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

function first(tags: Tags, keys: readonly string[], pick: (v: unknown, key: string) => string | null = text): string | null {
  for (const k of keys) {
    const v = pick(tags[k], k);
    if (v !== null) return v;
  }
  return null;
}

/** The video track's compressor name (Track1..n), e.g. "Lavc59.37.100 libx264". */
function streamEncoder(tags: Tags): string | null {
  for (const [k, v] of Object.entries(tags)) {
    if (/^Track\d+:(CompressorName|Encoder)$/.test(k)) {
      const t = text(v);
      if (t !== null) return t;
    }
  }
  return null;
}

/**
 * "2024:05:06 07:08:09", "2024:05:06 07:08:09.5+02:00", "2024-05-06T07:08:09Z" -> ISO 8601, keeping
 * the zone the file gives (or none). ExifTool writes an unset QuickTime date as "0000:00:00
 * 00:00:00": null, as is anything that is not a date.
 */
export function isoDate(v: unknown): string | null {
  const t = text(v);
  if (t === null) return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (Number(y) === 0 || Number(mo) === 0 || Number(d) === 0 || Number(mo) > 12 || Number(d) > 31) return null;
  const z = zone === undefined ? '' : zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${frac ?? ''}${z}`;
}

/** A date tag: QuickTime's own dates are UTC by the format's definition (some cameras write local
 *  time there anyway; the page says so), so they get a "Z"; others keep what the file says. */
function dateOf(v: unknown, key: string): string | null {
  const iso = isoDate(v);
  if (iso === null || !key.startsWith('QuickTime:') || /(Z|[+-]\d{2}:\d{2})$/.test(iso)) return iso;
  return `${iso}Z`;
}

function finite(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function gpsOf(tags: Tags): ProvenanceMetadata['gps'] {
  const lat = finite(tags['Composite:GPSLatitude']);
  const lon = finite(tags['Composite:GPSLongitude']);
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { latitude: lat, longitude: lon, altitudeM: finite(tags['Composite:GPSAltitude']) };
}

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ') : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** ExifTool's version, e.g. "ExifTool 13.42", from its own tag. */
function readerOf(tags: Tags): string {
  const v = text(tags['ExifTool:ExifToolVersion']);
  return v === null ? 'ExifTool' : `ExifTool ${v}`;
}

/** The metadata fields of one file, from ExifTool's JSON for it. */
export function containerMetadata(tags: Tags): ProvenanceMetadata {
  const rotation = finite(tags['Composite:Rotation']);
  return {
    reader: readerOf(tags),
    fileType: text(tags['File:FileType']),
    createdAt: first(tags, CREATED, dateOf),
    modifiedAt: first(tags, MODIFIED, dateOf),
    encoder: streamEncoder(tags) ?? first(tags, ['IFD0:Software']),
    muxer: first(tags, MUXER),
    make: first(tags, MAKE),
    model: first(tags, MODEL),
    rotation,
    gps: gpsOf(tags),
    tags: Object.entries(tags)
      .filter(([k]) => !LOCAL_GROUPS.has(k.split(':')[0]!))
      .slice(0, MAX_TAGS)
      .map(([name, value]) => ({ name, value: shown(value) })),
    warning: text(tags['ExifTool:Warning']),
    error: null,
  };
}

/** The metadata of a file that could not be read: `why` is the one sentence to show. */
export function unreadMetadata(why: Words, reader = 'ExifTool'): ProvenanceMetadata {
  return { reader, fileType: null, createdAt: null, modifiedAt: null, encoder: null, muxer: null, make: null, model: null, rotation: null, gps: null, tags: [], warning: null, error: english(why), errorWords: why };
}

/** ExifTool's JSON output (an array with one object per file) -> the fields, or a clear error. */
export function parseExifToolJson(json: string): ProvenanceMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return unreadMetadata(words('metadataNotJson'));
  }
  const one = Array.isArray(parsed) ? parsed[0] : null;
  if (one === null || typeof one !== 'object') return unreadMetadata(words('metadataNothing'));
  const tags = one as Tags;
  const error = text(tags['ExifTool:Error']);
  if (error !== null) return unreadMetadata(words('metadataFailed', { why: error.replace(/\.$/, '') }), readerOf(tags));
  return containerMetadata(tags);
}
