/** Pure countdown logic for the candidate editor (no DOM): the text shown and what to announce when. */

/** The moments announced to screen readers, in milliseconds left, with what is said. */
export const ANNOUNCEMENTS: ReadonlyArray<[ms: number, text: string]> = [
  [10 * 60_000, '10 minutes left before your deadline.'],
  [60_000, '1 minute left before your deadline. Submit what you have.'],
  [0, 'Time is up: the deadline has passed and no more submissions are accepted.'],
];

/** `ms` left as `H:MM:SS` (or `M:SS` under an hour); never negative. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** What the visible countdown says with `ms` left. */
export function countdownText(ms: number): string {
  return ms <= 0 ? 'Time is up.' : `Time left: ${formatRemaining(ms)}`;
}

/**
 * The announcement due when the time left goes from `previousMs` to `ms` (a threshold crossed in between), or
 * undefined. On the first tick (`previousMs` null) only "time is up" is said, so a reload does not repeat a warning.
 */
export function announcementFor(previousMs: number | null, ms: number): string | undefined {
  if (previousMs === null) return ms <= 0 ? ANNOUNCEMENTS[2]![1] : undefined;
  const crossed = ANNOUNCEMENTS.filter(([at]) => previousMs > at && ms <= at);
  return crossed.at(-1)?.[1];
}
