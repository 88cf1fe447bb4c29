// What the bench records about the machine: its load beside every measurement, and ffmpeg's decode
// of the same file (the floor the page's decoder is held to, issue 12: within 1.5x).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { cpus, hostname, loadavg } from 'node:os';
import type { FfmpegDecode, LoadSnapshot } from './report';

function run(cmd: string, args: string[], timeoutMs = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export async function loadSnapshot(): Promise<LoadSnapshot> {
  const top = await run('top', ['-bn1'], 10_000);
  const [a, b, c] = loadavg();
  return {
    at: new Date().toISOString(),
    loadavg: [a!, b!, c!], // os.loadavg() is always three numbers
    top: top.code === 0 ? top.stdout.split('\n').slice(0, 15).join('\n') : null,
  };
}

export function machine(): { host: string; cpus: number; cpuModel: string } {
  const list = cpus();
  return { host: hostname(), cpus: list.length, cpuModel: list[0]?.model ?? 'unknown' };
}

/** `ffmpeg -threads 2 -i FILE -f null -`, timed from here; null when ffmpeg is missing or fails. */
export async function ffmpegDecode(file: string, times = 3): Promise<FfmpegDecode | null> {
  const args = ['-hide_banner', '-nostdin', '-threads', '2', '-i', file, '-f', 'null', '-'];
  const runs: number[] = [];
  let frames: number | null = null;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const r = await run('ffmpeg', args).catch(() => null);
    if (r === null || r.code !== 0) return null;
    runs.push((performance.now() - t0) / 1000);
    frames = framesFromFfmpeg(r.stderr);
  }
  return { command: `ffmpeg ${args.join(' ')}`, seconds: Math.min(...runs), runs, frames };
}

/** `source` re-encoded as HEVC (8-bit 4:2:0, hvc1, x265 preset fast, CRF 22, as phones write it)
 *  into `dir`, made once and reused: the software decoder's bench clip (src/pipeline/decode-fallback.ts).
 *  Null when ffmpeg or libx265 is missing. About 25 s for the 10 s 1080p clip on 2 cores. */
export async function hevcClip(source: string, dir: string): Promise<string | null> {
  const out = join(dir, `${basename(source, extname(source))}.hevc.mp4`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp.mp4`;
  const args = ['-hide_banner', '-nostdin', '-y', '-i', source, '-an', '-c:v', 'libx265', '-preset', 'fast', '-crf', '22', '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1', '-x265-params', 'log-level=error', tmp];
  const r = await run('ffmpeg', args, 600_000).catch(() => null);
  if (r === null || r.code !== 0) {
    rmSync(tmp, { force: true });
    return null;
  }
  renameSync(tmp, out);
  return out;
}

/** The last "frame=  300" of ffmpeg's progress output. */
export function framesFromFfmpeg(stderr: string): number | null {
  const all = [...stderr.matchAll(/frame=\s*(\d+)/g)];
  const last = all.at(-1);
  return last ? Number(last[1]) : null;
}

export async function gitCommit(cwd: string): Promise<string | null> {
  const r = await run('git', ['-C', cwd, 'rev-parse', 'HEAD'], 10_000);
  return r.code === 0 ? r.stdout.trim() : null;
}
