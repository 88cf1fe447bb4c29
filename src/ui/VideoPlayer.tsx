// The analysed video itself, playable beside the timeline: an object URL of the user's File
// (revoked when the file changes or the player goes), reporting its playback time so the timeline
// can mark it, and seeking when a frame is chosen elsewhere.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

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

/** A still (JPEG, PNG): shown as a picture, never in a video player (which would spin for ever). */
export function isStillImage(file: Pick<File, 'type' | 'name'>): boolean {
  return file.type.startsWith('image/') || /\.(jpe?g|png)$/i.test(file.name);
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
  const { t } = useTranslation();
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
      {/* Only the controls that matter here (play, time, mute, full screen): download, remote
          playback, speed and picture-in-picture would each add a tab stop for nothing. */}
      <video
        ref={ref}
        src={url}
        controls
        controlsList="nodownload noremoteplayback noplaybackrate"
        disablePictureInPicture
        disableRemotePlayback
        preload="metadata"
        playsInline
        data-testid="video-player"
        aria-label={t('player.video', { name: file.name })}
        onTimeUpdate={(e) => report(e.currentTarget)}
        onSeeked={(e) => report(e.currentTarget)}
        onLoadedMetadata={(e) => report(e.currentTarget)}
      />
      <figcaption className="muted small">{t('player.videoCaption')}</figcaption>
    </figure>
  );
}

/** The analysed still image, as the browser shows it. */
export function StillImage({ file }: { file: File }) {
  const { t } = useTranslation();
  const url = useObjectUrl(file);
  if (url === null) return null;
  return (
    <figure className="player still">
      <img src={url} alt={t('player.image', { name: file.name })} data-testid="still-image" />
      <figcaption className="muted small">{t('player.imageCaption')}</figcaption>
    </figure>
  );
}
