// Runs `scan` as a user would (tsx scan/scan.ts, a child process): its exit code, stderr and wall time.
import { join } from 'node:path';
import { ROOT } from './data';
import { runCommand, type CommandRun } from './run-command';

export function runScan(args: string[], timeoutMs: number): Promise<CommandRun> {
  return runCommand(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scan', 'scan.ts'), ...args], { cwd: ROOT, timeoutMs });
}
