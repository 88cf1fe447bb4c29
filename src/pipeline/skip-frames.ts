// Which encoded frames the decoder can be spared: in H.264 a picture whose slices all carry
// nal_ref_idc 0 is never used to predict another, so leaving it out changes no other picture. The
// shared clips (x264, B-frames) have about half their frames so (ffmpeg -skip_frame noref decodes
// 152-157 of 300-309); decoding only the rest plus the frames on screen at the sampled moments is
// what ffmpeg's -skip_frame noref does, measured 15% faster on the 1080p clip (docs/decisions.md,
// "Skipping pictures nothing refers to"). Pure functions over the bytes; decode.ts applies them.

/** Length of the NAL unit size prefix of an AVCC (MP4 "avc1") stream, from its decoder configuration
 *  record (avcC: configurationVersion 1, lengthSizeMinusOne in byte 4's low two bits); null when
 *  there is no such record (Annex B streams carry start codes instead). */
export function avcLengthSize(description: AllowSharedBufferSource | undefined): number | null {
  if (!description) return null;
  const bytes = ArrayBuffer.isView(description)
    ? new Uint8Array(description.buffer, description.byteOffset, description.byteLength)
    : new Uint8Array(description as ArrayBuffer);
  if (bytes.length < 5 || bytes[0] !== 1) return null;
  const size = (bytes[4]! & 3) + 1;
  return size === 3 ? null : size; // 3 is not a valid prefix length
}

/** Whether a length-prefixed H.264 access unit is a picture nothing refers to: it has at least one
 *  slice (NAL types 1-5) and every slice has nal_ref_idc 0. False whenever unsure (a malformed
 *  length, no slice), so an odd packet is decoded rather than dropped. */
export function isDisposableAvc(data: Uint8Array, lengthSize: number): boolean {
  let slices = 0;
  let at = 0;
  while (at < data.length) {
    if (at + lengthSize > data.length) return false;
    let length = 0;
    for (let i = 0; i < lengthSize; i++) length = length * 256 + data[at + i]!;
    at += lengthSize;
    if (length === 0 || at + length > data.length) return false;
    const header = data[at]!;
    const type = header & 0x1f;
    if (type >= 1 && type <= 5) {
      if ((header & 0x60) !== 0) return false; // nal_ref_idc > 0: a reference picture
      slices++;
    }
    at += length;
  }
  return slices > 0;
}
