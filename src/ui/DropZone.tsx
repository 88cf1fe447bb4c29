// Where a video comes in: drag and drop, or the file dialog. The input is a real <input type=file>
// so keyboards, screen readers and automation (setInputFiles) all work. A file dropped anywhere
// on the page, not only on the zone, is taken the same way: without that guard the browser would
// open the dropped file itself and the page (with its result) would be lost.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  onFile(file: File): void;
  disabled: boolean;
  busy: boolean;
  /** Models still warming up: a chosen file waits for them. */
  waiting: boolean;
}

/** A drag that carries files (not text or a link dragged within the page). */
function carriesFiles(e: { dataTransfer: DataTransfer | null }): boolean {
  return e.dataTransfer !== null && Array.from(e.dataTransfer.types).includes('Files');
}

export function DropZone({ onFile, disabled, busy, waiting }: Props) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const [hint, setHint] = useState<string | null>(null);

  const take = (files: FileList | null): void => {
    if (disabled) {
      setHint(t('drop.notStarted'));
      return;
    }
    if (files === null || files.length === 0) {
      setHint(t('drop.nothing'));
      return;
    }
    const first = files[0]!;
    setHint(files.length > 1 ? t('drop.onlyOne', { name: first.name }) : null);
    onFile(first);
  };
  const takeRef = useRef(take);
  takeRef.current = take;

  // The page-level guard: drops that the zone did not handle (anywhere else on the page).
  useEffect(() => {
    const onDragOver = (e: globalThis.DragEvent) => {
      if (!carriesFiles(e) || e.defaultPrevented) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setOver(true);
    };
    const onDragLeave = (e: globalThis.DragEvent) => {
      // Leaving the window: relatedTarget is null.
      if (e.relatedTarget === null) setOver(false);
    };
    const onDrop = (e: globalThis.DragEvent) => {
      if (e.defaultPrevented) return;
      e.preventDefault();
      setOver(false);
      takeRef.current(e.dataTransfer?.files ?? null);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

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
      onDrop={onDrop}
      aria-label={t('drop.region')}
      data-testid="dropzone"
    >
      <p className="dropzone-title">{t('drop.title')}</p>
      <p className="muted">{t('drop.formats')}</p>
      <label className={`button${disabled ? ' button-disabled' : ''}`}>
        {busy ? t('drop.chooseAnother') : t('drop.choose')}
        <input
          type="file"
          className="visually-hidden"
          accept="video/*,image/jpeg,image/png,.mkv,.mov,.webm,.mp4,.m4v"
          disabled={disabled}
          aria-label={t('drop.inputLabel')}
          data-testid="file-input"
          onChange={(e) => {
            take(e.currentTarget.files);
            // Choosing the same file again must start a new analysis.
            e.currentTarget.value = '';
          }}
        />
      </label>
      {waiting && <p className="muted">{t('drop.waiting')}</p>}
      {hint && (
        <p className="hint" role="status">
          {hint}
        </p>
      )}
    </section>
  );
}
