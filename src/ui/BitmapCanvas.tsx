// Draws an ImageBitmap from the worker (and optionally a box over it) on a canvas.
import { useEffect, useRef } from 'react';
import type { Box } from '../types';

interface Props {
  bitmap: ImageBitmap;
  /** Box in bitmap pixels. */
  box?: Box | null;
  label: string;
  className?: string;
}

export function BitmapCanvas({ bitmap, box = null, label, className }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    // A bitmap of a finished job is closed when the next one starts: width 0 then.
    if (bitmap.width === 0) return;
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    ctx.drawImage(bitmap, 0, 0);
    if (box) {
      ctx.lineWidth = Math.max(2, bitmap.width / 200);
      ctx.strokeStyle = '#ffd400';
      ctx.strokeRect(box.x, box.y, box.width, box.height);
    }
  }, [bitmap, box]);
  return <canvas ref={ref} className={className} role="img" aria-label={label} />;
}
