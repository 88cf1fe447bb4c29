// Is this file a video or an image? Decided by its first bytes (magic numbers), never by its name:
// a folder's README.txt is skipped, a video called "clip.bin" is not. Containers the page cannot
// decode (AVI, MPEG-TS, FLV, Ogg) still count as media, so they get a line saying so instead of
// vanishing from a batch.

export type MediaKind = 'mp4/mov' | 'webm/mkv' | 'avi' | 'mpeg-ts' | 'mpeg-ps' | 'flv' | 'ogg' | 'jpeg' | 'png' | 'gif' | 'webp';

/** Bytes sniffMedia reads: one MPEG-TS packet and the next sync byte. */
export const SNIFF_BYTES = 189;

function ascii(b: Uint8Array, at: number, text: string): boolean {
  if (b.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function bytes(b: Uint8Array, at: number, values: readonly number[]): boolean {
  return b.length >= at + values.length && values.every((v, i) => b[at + i] === v);
}

/** ISO BMFF / QuickTime top-level boxes that can open a file (ftyp first, or an old QuickTime box). */
const QT_BOXES = ['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot'];

export function sniffMedia(head: Uint8Array): MediaKind | null {
  if (QT_BOXES.some((box) => ascii(head, 4, box))) return 'mp4/mov';
  if (bytes(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm/mkv';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'AVI ')) return 'avi';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'webp';
  if (head.length >= SNIFF_BYTES && head[0] === 0x47 && head[188] === 0x47) return 'mpeg-ts';
  if (bytes(head, 0, [0x00, 0x00, 0x01, 0xba])) return 'mpeg-ps';
  if (ascii(head, 0, 'FLV')) return 'flv';
  if (ascii(head, 0, 'OggS')) return 'ogg';
  if (bytes(head, 0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (bytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'gif';
  return null;
}
