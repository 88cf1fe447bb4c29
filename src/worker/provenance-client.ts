// Reads a file's provenance beside its analysis: metadata in the metadata worker (ExifTool), content
// credentials with the C2PA library (loaded only for a file that may carry them). Both off the
// analysis worker's thread; each read has a time limit, so a file that sends a reader into a loop
// ends with a sentence, never a hang. The keyframes come from the analysis's own frames (the page).
import { parseExifToolJson, unreadMetadata } from '../pipeline/container-metadata';
import { absentCredentials, unreadCredentials } from '../pipeline/content-credentials';
import { mayHaveCredentials } from '../pipeline/credentials-sniff';
import { whyOf } from '../failure';
import { words } from '../i18n/words';
import type { Provenance } from '../provenance';
import type { MetadataReply, MetadataRequest } from './metadata-protocol';

/** What the readers give; the page adds the keyframes once the frames are in. */
export type ProvenanceReading = Omit<Provenance, 'keyframes'>;

/** A reader that has not answered by then is stopped (ExifTool's first run compiles 25 MB of
 *  wasm: 2-8 s on a busy 2-core machine; a read then takes 0.1-2 s). */
export const READ_TIME_LIMIT_MS = 90_000;

/** With fewer cores than this the readers wait for the analysis to end, so they never slow the
 *  verdict (ExifTool's wasm compile and Perl start-up are seconds of CPU: docs/decisions.md, issue
 *  27, measured +15-25 s on the 1080p clip's analysis at load 20 on 2 cores when run beside it). */
export const PARALLEL_MIN_CORES = 4;

/** Whether to read beside the analysis on a machine with `cores` logical cores. */
export function readBeside(cores: number | undefined): boolean {
  return (cores ?? 1) >= PARALLEL_MIN_CORES;
}

type Pending = { resolve(reply: MetadataReply): void };

function defaultWorker(): Worker {
  return new Worker(new URL('./metadata.worker.ts', import.meta.url), { type: 'module', name: 'metadata' });
}

/** Resolves with `work`, or with `late()` after `ms` (calling `stop`); never rejects. */
function limited<T>(work: Promise<T>, ms: number, late: () => T, failed: (err: unknown) => T, stop: () => void): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve(late());
    }, ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        resolve(failed(err));
      },
    );
  });
}

export class ProvenanceReader {
  private worker: Worker | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly makeWorker: () => Worker = defaultWorker, private readonly limitMs = READ_TIME_LIMIT_MS) {}

  /** Metadata and credentials of `file`; never rejects (a reader's failure is its field's error). */
  async read(file: File): Promise<ProvenanceReading> {
    const started = performance.now();
    const [metadata, credentials] = await Promise.all([this.metadata(file), this.credentials(file)]);
    return { metadata, credentials, readMs: Math.round(performance.now() - started) };
  }

  dispose(): void {
    this.stopWorker();
  }

  private metadata(file: File): Promise<Provenance['metadata']> {
    if (file.size === 0) return Promise.resolve(unreadMetadata(words('metadataEmpty')));
    const id = this.nextId++;
    const reply = new Promise<MetadataReply>((resolve, reject) => {
      let worker: Worker;
      try {
        worker = this.ensureWorker();
      } catch (err) {
        reject(err);
        return;
      }
      this.pending.set(id, { resolve });
      const request: MetadataRequest = { id, file };
      worker.postMessage(request);
    });
    return limited(
      reply.then((r) => (r.json !== null ? parseExifToolJson(r.json) : unreadMetadata(words('metadataFailed', { why: r.error === null ? words('metadataNoReason') : whyOf(r.error) })))),
      this.limitMs,
      () => unreadMetadata(words('metadataTimeout', { seconds: this.limitMs / 1000 })),
      (err) => unreadMetadata(words('metadataFailed', { why: whyOf(err) })),
      () => {
        this.pending.delete(id);
        this.stopWorker();
      },
    );
  }

  private credentials(file: File): Promise<Provenance['credentials']> {
    const work = (async () => {
      if (!(await mayHaveCredentials(file))) return absentCredentials();
      const reader = await import('./credentials-reader');
      return reader.readCredentials(file);
    })();
    return limited(
      work,
      this.limitMs,
      () => unreadCredentials(words('credentialsTimeout', { seconds: this.limitMs / 1000 })),
      (err) => unreadCredentials(words('credentialsFailed', { why: whyOf(err) })),
      () => void import('./credentials-reader').then((r) => r.disposeCredentials()),
    );
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = this.makeWorker();
    worker.onmessage = (event: MessageEvent<MetadataReply>) => {
      const p = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      p?.resolve(event.data);
      // Each read starts Perl afresh in the worker's wasm, and what it allocated stayed: 50 analyses
      // in one page grew the browser by 422 MiB (e2e/memory). A worker per read gives it all back.
      if (this.pending.size === 0) this.stopWorker();
    };
    // A worker that dies (out of memory, a wasm trap) answers every waiting read with why.
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      for (const [id, p] of this.pending) p.resolve({ id, json: null, error: event.message || null });
      this.pending.clear();
      this.stopWorker();
    };
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
