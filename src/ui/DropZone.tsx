// Where a video comes in: drag and drop anywhere on the zone, or the file dialog. The input is a
// real <input type=file> so keyboards, screen readers and automation (setInputFiles) all work.
import { useState, type DragEvent } from 'react';

interface Props {
  onFile(file: File): void;
  disabled: boolean;
  busy: boolean;
  /** Models still warming up: a chosen file waits for them. */
  waiting: boolean;
}

export function DropZone({ onFile, disabled, busy, waiting }: Props) {
  const [over, setOver] = useState(false);
  const [hint, setHint] = useState<string | null>(null);

  const take = (files: FileList | null): void => {
    if (disabled) return;
    if (files === null || files.length === 0) {
      setHint('Nothing was dropped that looks like a file. Drop a video file from your computer.');
      return;
    }
    const first = files[0]!;
    setHint(files.length > 1 ? `Only one file is analysed at a time: analysing "${first.name}".` : null);
    onFile(first);
  };

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setOver(false);
    take(e.dataTransfer.files);
  };

  return (
    <section
      className={`dropzone${over ? ' dropzone-over' : ''}${disabled ? ' dropzone-disabled' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      aria-label="Video input"
    >
      <p className="dropzone-title">Drop a video here</p>
      <p className="muted">MP4, MOV, WebM or MKV (H.264, VP8, VP9, AV1), or a JPEG/PNG still image</p>
      <label className={`button${disabled ? ' button-disabled' : ''}`}>
        {busy ? 'Choose another file' : 'Choose a file…'}
        <input
          type="file"
          className="visually-hidden"
          accept="video/*,image/jpeg,image/png,.mkv,.mov,.webm,.mp4,.m4v"
          disabled={disabled}
          aria-label="Choose a video file to analyse"
          data-testid="file-input"
          onChange={(e) => {
            take(e.currentTarget.files);
            // Choosing the same file again must start a new analysis.
            e.currentTarget.value = '';
          }}
        />
      </label>
      {waiting && <p className="muted">The models are still loading; a file you choose now starts as soon as they are ready.</p>}
      {hint && (
        <p className="hint" role="status">
          {hint}
        </p>
      )}
    </section>
  );
}
