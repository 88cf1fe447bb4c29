import { describe, expect, it } from 'vitest';
import { throttleUpdates, type Clock } from './update-throttle';

/** A clock moved by hand: timers fire when `advance` passes them. */
function manualClock() {
  let t = 0;
  let timers: { at: number; f: () => void; id: number }[] = [];
  let next = 0;
  const clock: Clock = {
    now: () => t,
    setTimeout: (f, ms) => {
      timers.push({ at: t + ms, f, id: ++next });
      return next;
    },
    clearTimeout: (id) => {
      timers = timers.filter((x) => x.id !== id);
    },
  };
  const advance = (ms: number) => {
    const end = t + ms;
    for (;;) {
      const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((x) => x !== due);
      t = due.at;
      due.f();
    }
    t = end;
  };
  return { clock, advance, pending: () => timers.length };
}

type Msg = { kind: 'progress' | 'result'; n: number };
const isUpdate = (m: Msg) => m.kind === 'progress';

function setUp(interval = 250) {
  const batches: number[][] = [];
  const c = manualClock();
  const throttle = throttleUpdates<Msg>((b) => batches.push(b.map((m) => m.n)), isUpdate, interval, c.clock);
  return { batches, throttle, ...c };
}

describe('throttleUpdates', () => {
  it('draws the first update at once, then holds updates until the interval is over and draws them together, in order', () => {
    const { batches, throttle, advance } = setUp();
    throttle.push({ kind: 'progress', n: 1 });
    expect(batches).toEqual([[1]]);
    advance(40);
    throttle.push({ kind: 'progress', n: 2 });
    advance(100);
    throttle.push({ kind: 'progress', n: 3 });
    expect(batches).toEqual([[1]]);
    advance(109);
    expect(batches).toEqual([[1]]);
    advance(1);
    expect(batches).toEqual([[1], [2, 3]]);
    // Quiet for longer than the interval: the next update is drawn at once again.
    advance(1000);
    throttle.push({ kind: 'progress', n: 4 });
    expect(batches).toEqual([[1], [2, 3], [4]]);
  });

  it('draws a message that may not wait at once, after what is held, and cancels the pending draw', () => {
    const { batches, throttle, advance, pending } = setUp();
    throttle.push({ kind: 'progress', n: 1 });
    advance(10);
    throttle.push({ kind: 'progress', n: 2 });
    expect(pending()).toBe(1);
    throttle.push({ kind: 'result', n: 3 });
    expect(batches).toEqual([[1], [2, 3]]);
    expect(pending()).toBe(0);
    advance(1000);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('flush draws what is held now; flushing nothing draws nothing and does not delay the next update', () => {
    const { batches, throttle, advance } = setUp();
    throttle.flush();
    throttle.push({ kind: 'progress', n: 1 });
    expect(batches).toEqual([[1]]);
    advance(5);
    throttle.push({ kind: 'progress', n: 2 });
    throttle.flush();
    expect(batches).toEqual([[1], [2]]);
    advance(1000);
    expect(batches).toEqual([[1], [2]]);
  });

  it('dispose drops what is held and its timer', () => {
    const { batches, throttle, advance, pending } = setUp();
    throttle.push({ kind: 'progress', n: 1 });
    throttle.push({ kind: 'progress', n: 2 });
    throttle.dispose();
    expect(pending()).toBe(0);
    advance(1000);
    expect(batches).toEqual([[1]]);
  });

  it('with a zero interval every update is drawn alone, as it comes', () => {
    const { batches, throttle } = setUp(0);
    for (let n = 1; n <= 3; n++) throttle.push({ kind: 'progress', n });
    expect(batches).toEqual([[1], [2], [3]]);
  });
});
