import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffMedia } from './sniff';
import { expandInputs, isGlobPattern } from './walk';

const MP4 = Uint8Array.from([0, 0, 0, 0x20, ...Buffer.from('ftypisom'), 0, 0, 2, 0]);
const MKV = Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

describe('sniffMedia', () => {
  it('knows containers and images by their first bytes', () => {
    expect(sniffMedia(MP4)).toBe('mp4/mov');
    expect(sniffMedia(MKV)).toBe('webm/mkv');
    expect(sniffMedia(PNG)).toBe('png');
    expect(sniffMedia(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffMedia(Buffer.from('RIFF\0\0\0\0AVI LIST'))).toBe('avi');
    const ts = new Uint8Array(189);
    ts[0] = 0x47;
    ts[188] = 0x47;
    expect(sniffMedia(ts)).toBe('mpeg-ts');
  });
  it('refuses text, empty and short files', () => {
    expect(sniffMedia(Buffer.from('This is a plain text file, not a video.'))).toBeNull();
    expect(sniffMedia(new Uint8Array(0))).toBeNull();
    expect(sniffMedia(Uint8Array.from([0x1a, 0x45]))).toBeNull();
    expect(sniffMedia(Buffer.from('{"ftyp": 1}'))).toBeNull();
  });
});

describe('expandInputs', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'walk-'));
    await mkdir(join(dir, 'sub', 'deeper'), { recursive: true });
    await writeFile(join(dir, 'b.mp4'), MP4);
    await writeFile(join(dir, 'a.webm'), MKV);
    await writeFile(join(dir, 'README.txt'), 'notes');
    await writeFile(join(dir, 'clip.bin'), MP4); // a video with an odd name is still a video
    await writeFile(join(dir, 'empty.mp4'), '');
    await writeFile(join(dir, 'sub', 'c.png'), PNG);
    await writeFile(join(dir, 'sub', 'deeper', 'd.mp4'), MP4);
    await symlink(dir, join(dir, 'sub', 'loop'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes media by content, recursively, sorted, and lists the rest as skipped', async () => {
    const r = await expandInputs([dir]);
    expect(r.inputs).toEqual(['a.webm', 'b.mp4', 'clip.bin', 'sub/c.png', 'sub/deeper/d.mp4'].map((p) => ({ path: join(dir, p), error: null })));
    expect(r.skipped).toEqual([join(dir, 'README.txt'), join(dir, 'empty.mp4')]);
  });

  it('--all tries everything; --no-recursive stays at the top', async () => {
    const all = await expandInputs([dir], { all: true, recursive: false });
    expect(all.inputs.map((i) => i.path)).toEqual(['README.txt', 'a.webm', 'b.mp4', 'clip.bin', 'empty.mp4'].map((p) => join(dir, p)));
    expect(all.skipped).toEqual([]);
  });

  it('gives named non-media files, missing paths and empty patterns an error', async () => {
    const r = await expandInputs([join(dir, 'README.txt'), join(dir, 'missing.mp4'), join(dir, 'empty.mp4'), join(dir, '*.avi')]);
    expect(r.inputs.map((i) => i.error)).toEqual([
      expect.stringMatching(/^not a video or image: .*pass --all to try it anyway$/),
      'no such file or directory',
      'the file is empty (0 bytes)',
      'no file matches this pattern',
    ]);
  });

  it('expands glob patterns, media only', async () => {
    const r = await expandInputs([join(dir, '**/*.mp4'), `${dir}/*.{txt,webm}`]);
    expect(r.inputs.map((i) => i.path)).toEqual([join(dir, 'b.mp4'), join(dir, 'sub/deeper/d.mp4'), join(dir, 'a.webm')]);
    expect(r.skipped).toEqual([join(dir, 'empty.mp4'), join(dir, 'README.txt')]);
    expect(isGlobPattern('clips/*.mp4')).toBe(true);
    expect(isGlobPattern('clips/a.mp4')).toBe(false);
  });
});
