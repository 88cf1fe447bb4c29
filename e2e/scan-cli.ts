// Runs `scan` as a user would (tsx scan/scan.ts, a child process): its exit code, stderr and wall time.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './data';

export function runScan(args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((ok, fail) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scan', 'scan.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`scan did not finish within ${timeoutMs / 1000} s:\n${stderr}`));
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      ok({ code, stderr, ms: performance.now() - t0 });
    });
  });
}
