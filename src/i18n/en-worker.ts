// The `worker` section of the English catalog (en.ts puts it there): every sentence the analysis
// worker, the decoders, the backend and the provenance readers send to the page. In a file of its
// own because those layers bundle it (words.ts makes their English from these very templates, for
// the JSON report and deepfake-scan), and the rest of the catalog has no place in a worker.
// A sentence is sent as its key and values (words.ts, `Words`); the page says it with t().
// {{why}}, {{first}} and the like may hold a sentence of their own (sent as words) or a library's
// own text (passed on as it is).
export const enWorker = {
  // A file that cannot be analysed (pipeline/opened-media.ts, decode.ts).
  empty: 'The file is empty (0 bytes): check that it finished downloading or copying, then try again.',
  notMedia: 'This file is not a video or image the detector can read: use an MP4, MOV, WebM or MKV video, or a JPEG or PNG image.',
  truncated: 'The video file is incomplete or damaged (its index of frames is missing, as when a download is cut off): download or copy it again.',
  audioOnly: 'This file contains only audio and no video track, so there are no faces to analyse.',
  noFrames: 'No frame of this video could be decoded, so the file is probably truncated or corrupt: download or copy it again.',
  badImage: 'This image could not be decoded, so it is probably damaged: re-save it as JPEG or PNG and try again.',
  zeroSize: 'The video reports a frame size of zero pixels, so the file is damaged: download or copy it again.',
  codecRefused:
    'This video uses the {{codec}} codec, which this browser cannot decode: convert it to H.264 (for example `ffmpeg -i in.mp4 -c:v libx264 out.mp4`) or open the page in a browser that decodes {{codec}}.',
  codecRefusedUnknown:
    'This video uses an unknown codec, which this browser cannot decode: convert it to H.264 (for example `ffmpeg -i in.mp4 -c:v libx264 out.mp4`) or open the page in a browser that decodes it.',
  undecodable:
    "This video uses the {{codec}} codec, which neither this browser nor the page's software decoder can decode: convert it to H.264 (for example `ffmpeg -i in.mp4 -c:v libx264 out.mp4`) and try again.",
  undecodableUnknown:
    "This video uses an unknown codec, which neither this browser nor the page's software decoder can decode: convert it to H.264 (for example `ffmpeg -i in.mp4 -c:v libx264 out.mp4`) and try again.",
  /** The codecs known by what they are used for; the others are named as they are (decode.ts CODEC_NAMES). */
  codec: {
    mpeg4: 'MPEG-4 Part 2 (older phones and cameras, DivX/Xvid)',
    h263: 'H.263 (3GP, old phones)',
    mjpeg: 'Motion JPEG (cameras)',
    mpeg2: 'MPEG-2 (DVDs, TV recordings)',
  },
  // Frames skipped in a damaged file (run-analysis.ts), and why the first one was (decode.ts,
  // decode-fallback.ts; lower case: they are the end of the sentence above).
  skipped: '{{skipped}} of {{total}} sampled frames could not be decoded (the file may be damaged) and were skipped (first at {{at}} s: {{why}}).',
  noFrameThere: 'no frame at that time',
  decodeFailed: 'decoding failed',
  decodeSlow: 'decoding took longer than {{seconds}} s',
  dataEndsAt: 'the video data ends at {{seconds}} s',
  dataEndsBefore: 'the video data ends before this moment',
  frameTimeout: 'no frame after {{ms}} ms',
  ffmpegExit: 'ffmpeg exited with code {{code}}',
  // How the engine was chosen, and start-up failures (models/backend.ts, worker/analysis.worker.ts).
  notAvailable: '{{backend}} is not available here ({{why}}); falling back to the next backend.',
  forcedUnavailable: '{{backend}} is not available here ({{why}}), and it was explicitly requested.',
  noBackend: 'No compute backend works in this browser: {{tried}}',
  noWebgpu: 'this browser has no WebGPU',
  noAdapter: 'no WebGPU adapter was found',
  failedToStart: 'it failed to start',
  wrongSum: 'it computed 1 + 1 wrongly',
  fallbackAdapter: 'a fallback adapter',
  softwareGpu: '{{backend}} runs in software here ({{device}}), slower than WebAssembly on this machine, so WebAssembly is used (add ?backend={{name}} to force it).',
  deviceLost: 'The WebGPU device was lost ({{why}}); switching to the next backend.',
  forcedDeviceLost: 'The {{backend}} device was lost and that backend was explicitly requested.',
  modelNotUsed: 'Model {{name}} was not used: {{why}}.',
  noModel: 'No model of the ensemble is loaded, so faces cannot be scored.',
  fastDetector: 'The fast face detector (MediaPipe tasks-vision) could not start ({{why}}); using the slower tfjs face detector instead.',
  engineNotFreed: 'The previous engine could not be freed cleanly: {{why}}.',
  startFailed: 'Loading and starting the models failed: {{why}}.',
  notStarted: 'The worker was asked to analyse before it was initialised.',
  analysisFailed: 'The analysis failed unexpectedly: {{why}}.',
  // The page's side of the worker (worker/client.ts, ui/use-analysis.ts).
  workerStopped: 'The analysis worker stopped with an error: {{why}}.',
  workerStoppedUnknown: 'The analysis worker stopped with an unknown error.',
  stopped: 'The analysis stopped unexpectedly. Reload the page and try again.',
  shutDown: 'The detector was shut down.',
  // The provenance readers (worker/provenance-client.ts, credentials-reader.ts,
  // pipeline/container-metadata.ts, content-credentials.ts).
  metadataEmpty: 'The file is empty: it has no metadata.',
  metadataFailed: 'The metadata could not be read: {{why}}.',
  metadataTimeout: 'Reading the metadata took longer than {{seconds}} s and was stopped.',
  metadataNotJson: 'The metadata reader returned something that is not JSON.',
  metadataNothing: 'The metadata reader found nothing in this file.',
  metadataNoReason: 'the metadata reader stopped without saying why',
  credentialsFailed: 'The content credentials could not be read: {{why}}.',
  credentialsTimeout: 'Reading the content credentials took longer than {{seconds}} s and was stopped.',
  credentialsTooLarge: 'This file is over 1 GB, the most the C2PA reader takes: its content credentials were not checked.',
  manifestUnreadable: 'c2pa-rs could not read the manifest store: {{why}}.',
  noActiveManifest: 'The file carries a C2PA store without an active manifest.',
  // The worker's guard against requests to other origins (worker/origin-guard.ts).
  blockedRequest: 'Blocked a request to {{where}} ({{api}}): this page contacts only the server it came from, so nothing leaves your machine.',
} as const;
