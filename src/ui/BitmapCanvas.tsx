// Draws an ImageBitmap from the worker on a canvas, optionally with labelled boxes over it (every
// face of a frame, each in its person's colour with its name and score).
import { useEffect, useRef } from 'react';
import { textColourOn, type CanvasBox } from './person-view';

interface Props {
  bitmap: ImageBitmap;
  boxes?: readonly CanvasBox[];
  label: string;
  className?: string;
}

export function BitmapCanvas({ bitmap, boxes = [], label, className }: Props) {
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
    drawBoxes(ctx, boxes, bitmap.width);
  }, [bitmap, boxes]);
  return <canvas ref={ref} className={className} role="img" aria-label={label} />;
}

/** Outlines each box and writes its label on a dark band above it (below, at the top edge). */
export function drawBoxes(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, boxes: readonly CanvasBox[], width: number): void {
  const line = Math.max(2, width / 200);
  const font = Math.max(12, Math.round(width / 45));
  ctx.font = `600 ${font}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  for (const { box, colour, label } of boxes) {
    ctx.lineWidth = line;
    ctx.strokeStyle = colour;
    ctx.strokeRect(box.x, box.y, box.width, box.height);
    const w = ctx.measureText(label).width + 8;
    const y = box.y - font - 6 >= 0 ? box.y - font - 6 : box.y + box.height;
    ctx.fillStyle = colour;
    ctx.fillRect(box.x - line / 2, y, w, font + 6);
    ctx.fillStyle = textColourOn(colour);
    ctx.fillText(label, box.x + 4 - line / 2, y + 3);
  }
}
