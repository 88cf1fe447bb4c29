import { faceClip, twoFacesClip, smallFaceClip, fewFacesClip, hugeMp4, allocatedBytes } from '../e2e/fixtures/runtime-fixtures';
const t0 = performance.now();
const out = [await faceClip(), await twoFacesClip(), await smallFaceClip(), await fewFacesClip(), await hugeMp4(4 * 2 ** 30 + 4321)];
console.log(out.join('\n'), ((performance.now() - t0) / 1000).toFixed(1), 's', await allocatedBytes(out[4]!));
