// deepfake-scan's exit codes: one meaning each, so a script can branch on them. When several
// apply, the first in EXIT_PRECEDENCE wins. README and --help list them from here.

export const EXIT = {
  /** Every input was analysed (whatever its label), and --fail-on found nothing. */
  ok: 0,
  /** scan itself failed unexpectedly (a bug: please report it with stderr). */
  internal: 1,
  /** Bad command line (unknown option, bad value, no inputs). */
  usage: 2,
  /** At least one input could not be analysed: missing, unreadable, not a video, damaged, timed out. */
  unreadable: 3,
  /** The detector could not start (no built page, no Chromium, no backend could run the models). */
  detectorFailed: 4,
  /** --fail-on matched: at least one input was labelled fake (or uncertain, with --fail-on uncertain). */
  failOn: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_PRECEDENCE: readonly ExitCode[] = [EXIT.usage, EXIT.detectorFailed, EXIT.failOn, EXIT.unreadable, EXIT.ok];

export interface RunOutcome {
  detectorFailed: boolean;
  /** Inputs that got no result (any error line). */
  failures: number;
  /** Inputs --fail-on matched. */
  flagged: number;
}

export function exitCodeFor(o: RunOutcome): ExitCode {
  if (o.detectorFailed) return EXIT.detectorFailed;
  if (o.flagged > 0) return EXIT.failOn;
  if (o.failures > 0) return EXIT.unreadable;
  return EXIT.ok;
}

/** The exit-code table for --help and README. */
export const EXIT_CODES_TEXT = `Exit codes (when several apply, the first listed here wins):
  2  bad command line (unknown option, bad value, no inputs)
  4  the detector could not start (no built page, no Chromium, no backend could run the models)
  5  --fail-on matched: an input was labelled fake (or uncertain with --fail-on uncertain)
  3  at least one input could not be analysed (missing, unreadable, not a video, damaged, timed out)
  0  every input was analysed
  1  scan itself failed unexpectedly (a bug)`;
