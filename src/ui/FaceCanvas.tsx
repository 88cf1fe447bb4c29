// An aligned face crop, optionally with the WS-DAN attention drawn over it (a coarse grid, smoothed).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttentionGrid } from '../types';
import { attentionPixels } from './person-view';

interface Props {
  bitmap: ImageBitmap;
  /** Drawn over the crop when given. */
  attention: AttentionGrid | null;
  label: string;
}

export function FaceCanvas({ bitmap, attention, label }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    // A bitmap of a finished job is closed when the next one starts: width 0 then.
    if (!canvas || !ctx || bitmap.width === 0) return;
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    ctx.drawImage(bitmap, 0, 0);
    if (attention && attention.side > 0) {
      const grid = new OffscreenCanvas(attention.side, attention.side);
      grid.getContext('2d')!.putImageData(new ImageData(attentionPixels(attention), attention.side, attention.side), 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(grid, 0, 0, bitmap.width, bitmap.height);
    }
  }, [bitmap, attention]);
  return <canvas ref={ref} role="img" aria-label={attention ? t('frame.withAttention', { label }) : label} data-attention={attention ? 'on' : 'off'} />;
}
