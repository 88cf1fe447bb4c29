// Container-level checks run in Node against the small generated fixtures in e2e/fixtures/media
// (decoding itself needs WebCodecs and is covered in Chromium by the e2e tests).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { english, words } from '../i18n/words';
import { CodecRefused, MediaError, WEBCODECS_DECODER, codecRefusal, fallbackReason, mediaError, openMedia, preferSequential, probeVideo, sniffFallbackContainer, sniffImage, undecodable } from './decode';
import type { MediaProblem } from './opened-media';

/** The English the worker writes for each refusal (the JSON report's result.error). */
const said = (problem: MediaProblem) => english(words(problem));
const codecText = (codec: string | null) => english(codecRefusal(codec));
const undecodableText = (codec: string | null) => english(undecodable(codec));

const media = join(__dirname, '../../e2e/fixtures/media');
const blob = (name: string) => new Blob([readFileSync(join(media, name))]);
const decodable = async () => true;

async function failure(name: string, canDecode = decodable): Promise<string> {
  try {
    const probed = await probeVideo(blob(name), canDecode);
    probed.input.dispose();
  } catch (error) {
    expect(error).toBeInstanceOf(MediaError);
    return (error as Error).message;
  }
  throw new Error(`${name} was accepted`);
}

describe('probeVideo', () => {
  it('reads size, codec, container, duration of a good clip', async () => {
    const { input, info, startMs } = await probeVideo(blob('good-h264.mp4'), decodable);
    input.dispose();
    const { fps, bitrate, ...rest } = info;
    expect(rest).toEqual({ width: 320, height: 240, durationMs: 2000, codec: 'avc', container: 'MP4', rotation: 0, decoder: WEBCODECS_DECODER });
    expect(startMs).toBe(0);
    // The stream's own rate and bitrate (the input-quality reading), as ffprobe reads them: 15 fps, 78 kbit/s.
    expect(fps).toBeCloseTo(15, 0);
    expect(bitrate! / 1000).toBeGreaterThan(70);
    expect(bitrate! / 1000).toBeLessThan(86);
  });

  it('reports display size and rotation of a phone-style rotated clip', async () => {
    const { input, info } = await probeVideo(blob('rotated-90.mp4'), decodable);
    input.dispose();
    expect([info.width, info.height]).toEqual([240, 320]);
    expect([90, 270]).toContain(info.rotation);
  });

  it('reads Matroska, WebM and MOV containers', async () => {
    for (const [name, codec] of [['h264.mkv', 'avc'], ['vp9.webm', 'vp9'], ['h264.mov', 'avc']] as const) {
      const { input, info } = await probeVideo(blob(name), decodable);
      input.dispose();
      expect(info.codec).toBe(codec);
    }
  });

  it('says why each bad file cannot be analysed', async () => {
    expect(await failure('empty.mp4')).toBe(said('empty'));
    expect(await failure('not-a-video.mp4')).toBe(said('notMedia'));
    expect(await failure('audio-only.mp4')).toBe(said('audioOnly'));
    expect(await failure('audio-only.webm')).toBe(said('audioOnly'));
    expect(await failure('truncated-moov-last.mp4')).toBe(said('truncated'));
  });

  it('names the codec the browser cannot decode', async () => {
    const message = await failure('hevc.mp4', async () => false);
    expect(message).toContain('HEVC (H.265)');
    expect(message).toBe(codecText('hevc'));
  });

  it('keeps a 30-minute clip cheap to open (duration from metadata)', async () => {
    const t0 = performance.now();
    const { input, info } = await probeVideo(blob('long-30min.mp4'), decodable);
    input.dispose();
    expect(info.durationMs).toBe(30 * 60_000);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('openMedia', () => {
  it('refuses an empty file before reading it', async () => {
    await expect(openMedia(new Blob([]))).rejects.toThrow(said('empty'));
  });
});

describe('sniffImage', () => {
  it('recognises stills by their bytes, not their names', () => {
    expect(sniffImage(readFileSync(join(media, 'still.jpg')).subarray(0, 16))).toBe('jpeg');
    expect(sniffImage(readFileSync(join(media, 'still.png')).subarray(0, 16))).toBe('png');
    expect(sniffImage(readFileSync(join(media, 'good-h264.mp4')).subarray(0, 16))).toBeNull();
    expect(sniffImage(readFileSync(join(media, 'not-a-video.mp4')).subarray(0, 16))).toBeNull();
  });
});

describe('codecMessage', () => {
  it('is one sentence that names the codec and what to do', () => {
    const m = codecText('hevc');
    expect(m).toMatch(/^This video uses the HEVC \(H\.265\) codec, which this browser cannot decode: convert it to H\.264/);
    expect(m.split('. ').length).toBe(1);
    expect(codecText(null)).toContain('an unknown codec');
    // Codes a journalist cannot act on become the names they know.
    expect(codecText('s263')).toContain('the H.263 (3GP, old phones) codec');
    expect(codecText('mp4v')).toContain('MPEG-4 Part 2 (older phones and cameras');
    expect(codecText('mjpeg')).toContain('Motion JPEG (cameras)');
    expect(codecText('xyz9')).toContain('the xyz9 codec');
    expect(undecodableText('hevc')).toMatch(/^This video uses the HEVC \(H\.265\) codec, which neither this browser nor the page's software decoder can decode: convert it to H\.264/);
  });
});

describe('the software decoder is tried', () => {
  const head = (name: string) => readFileSync(join(media, name)).subarray(0, 16);

  it('for a codec the browser refuses, and for an AVI that mediabunny cannot read', async () => {
    const refused = await probeVideo(blob('hevc.mp4'), async () => false).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CodecRefused);
    expect((refused as MediaError).message).toBe(codecText('hevc'));
    expect(fallbackReason(refused, head('hevc.mp4'))?.message).toBe(undecodableText('hevc'));
    const riff = new Uint8Array([...'RIFF\0\0\0\0AVI LIST'].map((c) => c.charCodeAt(0)));
    expect(sniffFallbackContainer(riff)).toBe('avi');
    expect(fallbackReason(mediaError('notMedia'), riff)?.message).toBe(said('notMedia'));
  });

  it('for an MPEG-TS whose only video mediabunny skips (MPEG-2: it finds no track, "damaged")', () => {
    const ts = new Uint8Array(189);
    ts[0] = 0x47;
    ts[188] = 0x47;
    expect(sniffFallbackContainer(ts)).toBe('mpeg-ts');
    expect(fallbackReason(mediaError('truncated'), ts)?.message).toBe(said('truncated'));
    expect(sniffFallbackContainer(ts.subarray(0, 188))).toBeNull();
  });

  it('never for damaged, empty, audio-only or non-media files (they keep their own sentence, and nothing is loaded)', async () => {
    expect(fallbackReason(mediaError('notMedia'), head('not-a-video.mp4'))).toBeNull();
    expect(fallbackReason(mediaError('truncated'), head('truncated-moov-last.mp4'))).toBeNull();
    expect(fallbackReason(mediaError('audioOnly'), head('audio-only.mp4'))).toBeNull();
    expect(fallbackReason(new Error('bug'), head('good-h264.mp4'))).toBeNull();
  });

  it('and where it cannot start (here, in Node), the browser\'s refusal stands', async () => {
    await expect(openMedia(blob('hevc.mp4'), async () => false)).rejects.toThrow(codecText('hevc'));
  });
});

describe('preferSequential', () => {
  it('decodes short clips frame by frame and jumps through long or huge ones', () => {
    expect(preferSequential({ durationMs: 12_360, width: 1280, height: 720 })).toBe(true); // FF++ clip
    expect(preferSequential({ durationMs: 10_010, width: 1920, height: 1080 })).toBe(true); // DFDC clip
    expect(preferSequential({ durationMs: 30 * 60_000, width: 64, height: 64 })).toBe(false); // 30 minutes
    expect(preferSequential({ durationMs: 60_000, width: 3840, height: 2160 })).toBe(false); // a 4K minute
  });
});
