import { describe, expect, it } from 'vitest';
import { FALLBACK_DECODER, OUTPUT_DIR, frameArgs, framesPerRun, i420Layout, parseProbe, planRuns, RUN_BYTES } from './fallback-plan';

/** Trimmed `ffprobe -of json -show_format -show_streams` outputs of files made with ffmpeg 5.1. */
const probeOf = (stream: Record<string, unknown>, format: Record<string, unknown>) =>
  JSON.stringify({ streams: [{ codec_type: 'audio', codec_name: 'aac' }, { codec_type: 'video', ...stream }], format });

describe('parseProbe', () => {
  it('reads a 10-bit HEVC MP4 as the WebCodecs path would name it', () => {
    const p = parseProbe(probeOf({ codec_name: 'hevc', width: 640, height: 360, pix_fmt: 'yuv420p10le', start_time: '0.000000', duration: '4.000000' }, { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', start_time: '0.000000', duration: '4.000000' }));
    expect(p).toEqual({
      info: { width: 640, height: 360, durationMs: 4000, codec: 'hevc', container: 'MP4', rotation: 0, decoder: FALLBACK_DECODER },
      codedWidth: 640,
      codedHeight: 360,
      startMs: 0,
      matrix: 'bt709',
    });
  });

  it('keeps an MPEG-TS start time and reads a camera AVI with its BT.601 matrix', () => {
    const ts = parseProbe(probeOf({ codec_name: 'mpeg2video', width: 720, height: 576, start_time: '1.400000', duration: '4.000000' }, { format_name: 'mpegts' }));
    expect([ts?.startMs, ts?.info.durationMs, ts?.info.container, ts?.info.codec]).toEqual([1400, 4000, 'MPEG-TS', 'mpeg2video']);
    const avi = parseProbe(probeOf({ codec_name: 'mjpeg', width: 640, height: 360, color_space: 'bt470bg' }, { format_name: 'avi', duration: '4.0' }));
    expect([avi?.info.container, avi?.info.codec, avi?.matrix, avi?.info.durationMs]).toEqual(['AVI', 'mjpeg', 'smpte170m', 4000]);
  });

  it('turns a phone display matrix into a clockwise rotation and the upright size', () => {
    const p = parseProbe(probeOf({ codec_name: 'hevc', width: 1920, height: 1080, side_data_list: [{ rotation: -90 }] }, { format_name: 'mov,mp4,m4a,3gp,3g2,mj2' }));
    expect([p?.info.rotation, p?.info.width, p?.info.height, p?.codedWidth]).toEqual([90, 1080, 1920, 1920]);
  });

  it('is null without a video stream or for output that is not JSON', () => {
    expect(parseProbe(JSON.stringify({ streams: [{ codec_type: 'audio' }], format: {} }))).toBeNull();
    expect(parseProbe('input: Invalid data found when processing input')).toBeNull();
  });
});

describe('planRuns', () => {
  const even = (n: number, step: number, start = 0) => Array.from({ length: n }, (_, i) => start + (i + 0.5) * step);

  it('takes a short video in one pass while the frames fit, else in as few passes as fit', () => {
    expect(planRuns(even(32, 312.5), 100, true)).toEqual([{ firstMs: 156.25, stepMs: 312.5, count: 32, from: 0 }]);
    const runs = planRuns(even(32, 312.5), 10, true);
    expect(runs.map((r) => [r.from, r.count])).toEqual([[0, 10], [10, 10], [20, 10], [30, 2]]);
    expect(runs[1]!.firstMs).toBeCloseTo(even(32, 312.5)[10]!, 9);
  });

  it('jumps (one run per moment) through a long video', () => {
    const runs = planRuns(even(4, 60_000), 100, false);
    expect(runs.map((r) => [r.firstMs, r.count])).toEqual([[30_000, 1], [90_000, 1], [150_000, 1], [210_000, 1]]);
  });

  it('splits where the spacing changes, so each run is what one fps filter picks', () => {
    expect(planRuns([0, 100, 200, 500, 800], 10, true).map((r) => [r.firstMs, r.stepMs, r.count])).toEqual([
      [0, 100, 3],
      [500, 300, 2],
    ]);
    expect(planRuns([42], 10, true)).toEqual([{ firstMs: 42, stepMs: 1000, count: 1, from: 0 }]);
  });
});

describe('frameArgs', () => {
  it('seeks to the key frame before the first moment and emits the frame on screen at each', () => {
    const args = frameArgs({ firstMs: 1556.25, stepMs: 312.5, count: 32, from: 0 }).join(' ');
    expect(args).toContain('-noaccurate_seek -seek_timestamp 1 -ss 1.556250 -copyts');
    expect(args).toContain('-vf settb=AVTB,setpts=PTS-1556250,fps=fps=1000000/312500:start_time=0:round=up');
    expect(args).toContain('-frames:v 32');
    expect(args).toContain('-noautorotate');
    expect(args.endsWith(`-pix_fmt yuv420p -c:v rawvideo -f image2 ${OUTPUT_DIR}/%04d.yuv`)).toBe(true);
  });
});

describe('frame sizes', () => {
  it('packs I420 planes as ffmpeg writes them, odd sizes rounded up', () => {
    expect(i420Layout(640, 360)).toEqual({ size: 345_600, layout: [{ offset: 0, stride: 640 }, { offset: 230_400, stride: 320 }, { offset: 288_000, stride: 320 }] });
    expect(i420Layout(5, 3).size).toBe(15 + 2 * 3 * 2);
  });

  it('bounds the frames one run keeps in memory', () => {
    expect(framesPerRun(1920, 1080)).toBe(Math.floor(RUN_BYTES / (1920 * 1080 * 1.5)));
    expect(framesPerRun(1920, 1080) * 1920 * 1080 * 1.5).toBeLessThanOrEqual(RUN_BYTES);
    expect(framesPerRun(100_000, 100_000)).toBe(1);
  });
});
