// One child process as a user would run it: its exit code, stdout, stderr and wall time, killed
// (and the wait failed, with its stderr) after timeoutMs. The README examples, deepfake-scan's CLI
// tests and the scan helper all run commands through this.
import { spawn } from 'node:child_process';

export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCommand(cmd: string, args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CommandRun> {
  const t0 = performance.now();
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${[cmd, ...args].join(' ')} did not finish within ${opts.timeoutMs / 1000} s:\n${stderr}`));
    }, opts.timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}
