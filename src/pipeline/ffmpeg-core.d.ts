// @ffmpeg/core ships no types: its default export is Emscripten's module factory (decode-fallback.ts
// types the few members it uses).
declare module '@ffmpeg/core' {
  const createFFmpegCore: (options: Record<string, unknown>) => Promise<unknown>;
  export default createFFmpegCore;
}
