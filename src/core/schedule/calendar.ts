/**
 * The learner's calendar: which day a moment falls on, and when a day starts, in an IANA time
 * zone named by the UI side (the webview's `Intl` zone). The extension host's own zone is often
 * UTC (Codespaces, SSH, WSL), so nothing here reads it unless no zone was ever named.
 * Done with `Intl` alone; pure apart from a cache of formatters.
 */

/** Maps a moment to its calendar day, "YYYY-MM-DD". */
export type DayOf = (date: Date) => string;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The zone this code runs in: only a fallback, for a learner whose UI never said its zone. */
export function runtimeTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Whether `name` is a time zone `Intl` knows ("Europe/Paris", "UTC"). */
export function isTimeZone(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- formatToParts gives every field the formatter was asked for
  return { year: parts['year']!, month: parts['month']!, day: parts['day']!, hour: parts['hour']! % 24, minute: parts['minute']!, second: parts['second']! };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dayText(wall: { year: number; month: number; day: number }): string {
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/**
 * The zone's offset at the start of each hour asked about so far, per zone: kept between calls,
 * since every page that draws a year of answers asks about the same hours again. Bounded: a
 * zone's table is emptied once it holds this many hours (about eleven years).
 */
const hourStartOffsets = new Map<string, Map<number, number>>();
const MAX_CACHED_HOURS = 100_000;

function offsetAtHour(hour: number, timeZone: string): number {
  let table = hourStartOffsets.get(timeZone);
  if (!table) hourStartOffsets.set(timeZone, (table = new Map()));
  let offset = table.get(hour);
  if (offset === undefined) {
    if (table.size >= MAX_CACHED_HOURS) table.clear();
    offset = offsetMs(hour * HOUR, timeZone);
    table.set(hour, offset);
  }
  return offset;
}

/**
 * The calendar day of a moment in `timeZone`. The zone's offset is looked up at the start of each
 * hour of time asked about, once (a year of answers is formatted in a few thousand lookups, not
 * twenty thousand, and a second page of the same answers in none); an hour whose start and the
 * next hour's start have different offsets, the hour of a change of offset, is looked up moment
 * by moment.
 */
export function dayIn(timeZone: string): DayOf {
  return (date) => {
    const ms = date.getTime();
    // Years 1 to 9999 only, where the wall clock's year and the UTC year are written alike.
    if (!(ms > FIRST_YEAR_MS && ms < LAST_YEAR_MS)) return dayText(wallClock(ms, timeZone));
    const hour = Math.floor(ms / HOUR);
    const offset = offsetAtHour(hour, timeZone);
    if (offset !== offsetAtHour(hour + 1, timeZone)) return dayText(wallClock(ms, timeZone));
    const wall = new Date(Math.floor(ms / 1000) * 1000 + offset);
    return dayText({ year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() });
  };
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone's offset as `Intl` names it ("GMT+05:45", "GMT-03:00", "GMT+00:53:28" for an old local
 * mean time), in milliseconds; undefined for a text not of that form. A year of answers asks for
 * thousands of these: one short format is several times quicker than the wall clock's parts.
 */
function namedOffsetMs(ms: number, timeZone: string): number | undefined {
  let format = offsetFormatters.get(timeZone);
  if (!format) offsetFormatters.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', timeZoneName: 'longOffset' })));
  const match = /GMT(?:([+\-\u2212])(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(format.format(ms));
  if (!match) return undefined;
  if (match[1] === undefined) return 0;
  const size = (Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0)) * 1000;
  return match[1] === '+' ? size : -size;
}

/** How far the zone's wall clock is ahead of UTC at `ms`, seconds dropped as the zone data does. */
function offsetMs(ms: number, timeZone: string): number {
  const named = namedOffsetMs(ms, timeZone);
  if (named !== undefined) return named;
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/** The day `days` after a "YYYY-MM-DD" day (pure calendar arithmetic). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d + days);
  return dayText({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

const HOUR = 60 * 60 * 1000;
const FIRST_YEAR_MS = Date.UTC(1, 0, 3);
const LAST_YEAR_MS = Date.UTC(9999, 11, 29);

/**
 * The first moment of a "YYYY-MM-DD" day in `timeZone`. Midnight is found from the zone's offset;
 * where a change of offset skips or repeats midnight, the first moment that is in the day is
 * searched for.
 */
export function startOfDay(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let at = wall - offsetMs(wall, timeZone);
  at = wall - offsetMs(at, timeZone);
  const dayOf = dayIn(timeZone);
  const inDay = (ms: number) => dayOf(new Date(ms)) >= day;
  if (inDay(at) && !inDay(at - 1)) return at;
  // No zone moves its clock by more than a day; search the hours around the guess.
  let low = at - 26 * HOUR;
  let high = at + 26 * HOUR;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (inDay(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/** The first moment of the day after the one `now` falls on, in `timeZone`. */
export function startOfNextDay(now: Date, timeZone: string): number {
  return startOfDay(addDays(dayIn(timeZone)(now), 1), timeZone);
}

/**
 * Calendar days from the day of `from` to the day of `to` in `timeZone`: 0 today, 1 tomorrow.
 * For saying when a card comes back ("tomorrow", "in 3 days") without a time of day, since a
 * card is due from the start of its day.
 */
export function daysBetween(from: Date, to: Date, timeZone: string): number {
  const dayOf = dayIn(timeZone);
  const utcMidnight = (day: string) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((utcMidnight(dayOf(to)) - utcMidnight(dayOf(from))) / (24 * HOUR));
}
