// Launches headless Chromium for scan and the e2e tests, with flags that keep it from talking to
// anything (no background networking, updates or sync) and give WebGPU a software adapter
// (SwiftShader) on machines without a GPU.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Measured with Chromium 156 on a GPU-less Debian machine: `--enable-unsafe-webgpu` alone makes
 * navigator.gpu.requestAdapter() return SwiftShader's adapter (isFallbackAdapter: true) on a
 * localhost page. `--use-angle=swiftshader` pins WebGL to the same software renderer so the
 * WebGL fallback behaves the same on every machine.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--enable-unsafe-webgpu',
  '--use-angle=swiftshader',
];

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else undefined (= Playwright's own download, if any). */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string | undefined {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return exists(DEFAULT_CHROMIUM) ? DEFAULT_CHROMIUM : undefined;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumExecutable();
  try {
    return await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  } catch (err) {
    const where = executablePath ?? "Playwright's own Chromium";
    throw new Error(
      `Could not start Chromium (${where}): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}. ` +
        'Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable.',
    );
  }
}
