// Who a face belongs to, as the page and both reports name it: pure helpers over the result.
import { t } from '../i18n/i18n';
import type { AnalysisResult, FaceResult, FrameResult, Track } from '../types';

/** The frame's most suspicious scored face (the one frame.score and frame.box describe), or null. */
export function topFace(frame: FrameResult): FaceResult | null {
  return frame.score === null ? null : (frame.faces.find((f) => f.pFake === frame.score) ?? null);
}

/** A person's colour, shared by the preview's boxes, the timeline's points, the gallery, the crops
 *  and the People rows. Okabe-Ito hues, told apart with the common colour-vision deficiencies; the
 *  name is always written beside it, so the colour is never the only cue. Cycles past eight. */
export const PERSON_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#8a7a00', '#444444'] as const;

export function personColour(track: number | null): string {
  return track === null ? '#9aa1a8' : PERSON_COLOURS[(Math.max(1, track) - 1) % PERSON_COLOURS.length]!;
}

/** "Person 2": the one name a person has on the page and in the reports. */
export function personName(track: number | null): string {
  return track === null ? t('person.none') : t('person.name', { id: track });
}

/** The person a frame's score comes from (its most suspicious scored face's), or null. */
export function framePerson(frame: FrameResult): number | null {
  return topFace(frame)?.track ?? null;
}

/** A person's one 95% interval, the same wherever it is shown. For the person the verdict comes
 *  from it is the verdict's (basis.interval): with several people that one also allows for another
 *  person being the most suspicious, and it is the one the label was decided on. */
export function personInterval(result: Pick<AnalysisResult, 'basis'>, track: Pick<Track, 'id' | 'interval'>): readonly [number, number] {
  return result.basis !== null && result.basis.track === track.id && result.basis.interval !== null ? result.basis.interval : track.interval;
}
