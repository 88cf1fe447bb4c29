// Whether a file may carry C2PA content credentials, read from a few MiB at its two ends, so the
// C2PA library (8 MB of wasm, its own worker) is loaded only for files that may hold a manifest.
// Every embedded manifest store is a JUMBF box labelled "c2pa"; C2PA places it in a JPEG's APP11
// segments, a PNG's caBX chunk (both before the image data) and an MP4/MOV's top-level uuid box
// (before or after the media data), so the head and tail hold it. A chance match in compressed
// data only loads the library for nothing.

/** The JUMBF label of a C2PA manifest store. */
const LABEL = [0x63, 0x32, 0x70, 0x61]; // "c2pa"
/** Bytes read at each end of the file. */
export const SNIFF_BYTES = 8 * 1024 * 1024;

/** True when `bytes` contains the label. */
export function hasC2paLabel(bytes: Uint8Array): boolean {
  const [a, b, c, d] = LABEL as [number, number, number, number];
  for (let i = bytes.indexOf(a); i !== -1 && i + 3 < bytes.length; i = bytes.indexOf(a, i + 1)) {
    if (bytes[i + 1] === b && bytes[i + 2] === c && bytes[i + 3] === d) return true;
  }
  return false;
}

/** True when the file's head or tail holds the label (the whole file when it is small). */
export async function mayHaveCredentials(file: Blob, span = SNIFF_BYTES): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, Math.min(file.size, span)).arrayBuffer());
  if (hasC2paLabel(head)) return true;
  if (file.size <= span) return false;
  // The tail overlaps the head by 3 bytes at most when they meet, so a label across the seam counts.
  const tail = new Uint8Array(await file.slice(Math.max(span - 3, file.size - span)).arrayBuffer());
  return hasC2paLabel(tail);
}
