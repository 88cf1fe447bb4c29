// The switch for the attention overlay and what it can and cannot say.
interface Props {
  on: boolean;
  onChange(on: boolean): void;
  /** Side of the attention grid, when one came back. */
  side: number | null;
}

export function AttentionNote({ on, onChange, side }: Props) {
  if (side === null) return null;
  return (
    <div className="attention-note">
      <label>
        <input type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked)} data-testid="attention-toggle" /> Show where the model looked
      </label>
      <p className="small" data-testid="attention-caption">
        Red marks where the WS-DAN model's attention fell on each face. It is a {side}&nbsp;×&nbsp;{side} grid (the model reads a
        160&nbsp;px face and its last stage sees it {side} cells wide), so it is coarse. Attention is not proof: it shows what the model
        looked at, not that anything there was manipulated.
      </p>
    </div>
  );
}
