// The analysed video itself, playable beside the timeline: an object URL of the user's File
// (revoked when the file changes or the player goes), reporting its playback time so the timeline
// can mark it, and seeking when a frame is chosen elsewhere.
import { useEffect, useRef, useState } from 'react';

/** A request to show this time; `n` changes on every request, so choosing the same frame twice seeks again. */
export interface SeekRequest {
  timeMs: number;
  n: number;
}

interface Props {
  file: File;
  seek: SeekRequest | null;
  onTime(timeMs: number): void;
}

function useObjectUrl(file: File): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  return url;
}

export function VideoPlayer({ file, seek, onTime }: Props) {
  const url = useObjectUrl(file);
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (video !== null && seek !== null && url !== null) video.currentTime = seek.timeMs / 1000;
  }, [seek, url]);
  if (url === null) return null;
  const report = (v: HTMLVideoElement) => onTime(v.currentTime * 1000);
  return (
    <figure className="player">
      <video
        ref={ref}
        src={url}
        controls
        preload="metadata"
        playsInline
        data-testid="video-player"
        aria-label={`The analysed video, ${file.name}`}
        onTimeUpdate={(e) => report(e.currentTarget)}
        onSeeked={(e) => report(e.currentTarget)}
        onLoadedMetadata={(e) => report(e.currentTarget)}
      />
      <figcaption className="muted small">The analysed file, played by this browser. Its playback time is marked on the timeline; choosing a frame moves the video there.</figcaption>
    </figure>
  );
}
