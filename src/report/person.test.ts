import { describe, expect, it } from 'vitest';
import { framePerson, PERSON_COLOURS, personColour, personInterval, personName, topFace } from './person';
import { makeFrame } from './test-fixtures';

describe('topFace', () => {
  it('is the face the frame score describes, or null', () => {
    expect(topFace(makeFrame(0, 0.7))?.pFake).toBe(0.7);
    expect(topFace(makeFrame(0, null))).toBeNull();
  });
});

describe('a person on the page', () => {
  it('has one name and one colour, the same for every place that shows it', () => {
    expect(personName(2)).toBe('Person 2');
    expect(personColour(1)).toBe(PERSON_COLOURS[0]);
    expect(personColour(2)).not.toBe(personColour(1));
    expect(personColour(1 + PERSON_COLOURS.length)).toBe(personColour(1));
  });

  it("is the frame's top face's person", () => {
    expect(framePerson(makeFrame(0, 0.4))).toBe(1);
    expect(framePerson(makeFrame(0, null))).toBeNull();
  });

  it('has one interval: the verdict\'s for the person it comes from, its own otherwise', () => {
    const t1 = { id: 1, interval: [0.6, 0.66] as [number, number] };
    const t2 = { id: 2, interval: [0.1, 0.2] as [number, number] };
    const basis = { rule: 'r', track: 1, interval: [0.61, 0.66] as [number, number], agreement: null };
    expect(personInterval({ basis }, t1)).toEqual([0.61, 0.66]);
    expect(personInterval({ basis }, t2)).toEqual([0.1, 0.2]);
    expect(personInterval({ basis: null }, t1)).toEqual([0.6, 0.66]);
  });
});

