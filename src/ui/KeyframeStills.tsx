// Stills at the first frame and each shot change, each downloadable as a JPEG for a reverse image
// search the journalist runs themselves (nothing is sent anywhere).
import type { Keyframe } from '../provenance';
import type { FrameView } from './analysis-state';
import { BitmapCanvas } from './BitmapCanvas';
import { useRovingFocus } from './use-roving-focus';
import { keyframeBlob, keyframeFileName } from './keyframes';
import { keyframeCaption, PROVENANCE_WORDS as W } from '../report/provenance-words';
import { t } from '../i18n/i18n';
import { saveFile } from './save-file';

interface Props {
  keyframes: readonly Keyframe[];
  frames: readonly FrameView[];
  fileName: string;
}

async function download(image: ImageBitmap, name: string): Promise<void> {
  const blob = await keyframeBlob(image);
  if (blob !== null) saveFile(name, blob);
}

export function KeyframeStills({ keyframes, frames, fileName }: Props) {
  const shown = keyframes.flatMap((k) => {
    const image = frames.find((f) => f.frame.index === k.index)?.image ?? null;
    return image === null ? [] : [{ k, image }];
  });
  // One tab stop for the stills, arrows between their download buttons (like the page's other lists).
  const roving = useRovingFocus(shown.length, 'both');
  return (
    <section className="provenance-part" aria-labelledby="keyframes-heading" data-testid="keyframes">
      <h4 id="keyframes-heading">{W.keyframesHeading}</h4>
      <p className="muted">{W.keyframesIntro}</p>
      {shown.length === 0 ? (
        <p>{W.keyframesNone}</p>
      ) : (
        <ul className="keyframes">
          {shown.map(({ k, image }, i) => {
            const caption = keyframeCaption(k);
            return (
              <li key={k.index} data-testid="keyframe">
                <BitmapCanvas bitmap={image} label={W.keyframeAlt(caption)} className="keyframe-image" />
                <span className="small">{caption}</span>
                <button type="button" {...roving.itemProps<HTMLButtonElement>(i)} onClick={() => void download(image, keyframeFileName(fileName, k.timeMs))} aria-label={t('provenance.downloadLabel', { caption })}>
                  {W.download}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
