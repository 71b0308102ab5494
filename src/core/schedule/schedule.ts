/**
 * Spaced review: when each question of each module should be asked again, per workspace.
 * A thin, pure wrapper over the FSRS scheduler of `ts-fsrs`, with a plain serialisable book of
 * cards (one per module and question), its reader that refuses damaged data with a reason, and
 * the ratings that answers give. The clock is always passed in, so tests make days pass.
 */
import { createEmptyCard, fsrs, Rating, State, type Card, type Grade } from 'ts-fsrs';
import { dayIn, runtimeTimeZone, startOfDay, startOfNextDay } from './calendar';
import { questionVersion } from '../module/choiceKeys';
import type { QuizModule } from '../module/moduleModel';
import { MAX_SCHEDULE_CARDS } from '../module/limits';
import { isId } from '../module/moduleModel';
import { type AnswerRecord, type AttemptRecord, type ProgressRecord } from '../session/progressRecord';
import { invalidIdReason } from '../session/recordReader';

export const SCHEDULE_VERSION = 1;

export interface ScheduleCard {
  /** The `questionVersion` the card was rated on; another version starts a new card. */
  readonly questionVersion: string;
  /** ISO 8601. */
  readonly due: string;
  readonly stability: number;
  readonly difficulty: number;
  readonly elapsedDays: number;
  readonly scheduledDays: number;
  readonly reps: number;
  readonly lapses: number;
  /** ts-fsrs `State`: 0 new, 1 learning, 2 review, 3 relearning. */
  readonly state: number;
  /** ISO 8601. */
  readonly lastReview?: string;
}

export interface ScheduleBook {
  readonly version: typeof SCHEDULE_VERSION;
  /** `cardKey(moduleId, questionId)` -> card. */
  readonly cards: Readonly<Record<string, ScheduleCard>>;
  /**
   * `cardKey` -> when the card was first seen without its question (ISO 8601): its module or
   * question left, changed, or failed to load. Optional, so older books read as they are.
   */
  readonly gone?: Readonly<Record<string, string>>;
}

/**
 * How long a card whose question is gone is kept before it is dropped. Long enough that a
 * module file broken for a while, or a branch without the module checked out for weeks, keeps
 * its cards; short enough that removed questions do not pile up in the saved book.
 */
export const GONE_GRACE_DAYS = 30;

/**
 * The book after one look at which cards are live: a card without its question is marked gone
 * (from `now`), a marked card whose question is back is unmarked, and a card gone for more than
 * `graceDays` is dropped. The same object when nothing changes.
 */
export function pruneGoneCards(book: ScheduleBook, live: LiveCard, now: Date, graceDays = GONE_GRACE_DAYS): ScheduleBook {
  const before: Readonly<Record<string, string>> = isObject(book.gone) ? book.gone : {};
  const gone: Record<string, string> = {};
  const cards: Record<string, ScheduleCard> = {};
  let changed = false;
  const limit = now.getTime() - graceDays * 24 * 60 * 60 * 1000;
  for (const [key, card] of Object.entries(book.cards)) {
    const id = splitCardKey(key);
    if (id && live(id.moduleId, id.questionId, card.questionVersion)) {
      cards[key] = card;
      if (Object.hasOwn(before, key)) changed = true;
      continue;
    }
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- hasOwn just said the key is there
    const marked = Object.hasOwn(before, key) ? Date.parse(before[key]!) : Number.NaN;
    if (Number.isNaN(marked)) {
      gone[key] = now.toISOString();
      cards[key] = card;
      changed = true;
    } else if (marked < limit) {
      changed = true;
    } else {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- key is one of the keys of before
      gone[key] = before[key]!;
      cards[key] = card;
    }
  }
  // Marks of cards no longer in the book go too.
  if (Object.keys(before).some((key) => !Object.hasOwn(book.cards, key))) changed = true;
  if (!changed) return book;
  const { gone: _gone, ...rest } = book;
  return { ...rest, cards, ...(Object.keys(gone).length > 0 ? { gone } : {}) };
}

/** How an answer went, for the scheduler: wrong, right with doubts (unsure, or hinted), right. */
export type ReviewOutcome = 'again' | 'hard' | 'good';

export interface DueCard {
  readonly moduleId: string;
  readonly questionId: string;
  readonly due: Date;
}

const SEPARATOR = '\u0000';

export function cardKey(moduleId: string, questionId: string): string {
  return moduleId + SEPARATOR + questionId;
}

export function splitCardKey(key: string): { moduleId: string; questionId: string } | undefined {
  const at = key.indexOf(SEPARATOR);
  if (at <= 0 || at === key.length - 1) return undefined;
  return { moduleId: key.slice(0, at), questionId: key.slice(at + 1) };
}

export function emptySchedule(): ScheduleBook {
  return { version: SCHEDULE_VERSION, cards: {} };
}

/**
 * Days, not minutes: a quiz question comes back on a later day, so the short-term learning
 * steps are off, and without fuzz the same answers always give the same dates. Made on the
 * first rating, not when the extension loads: its parameters take a few ms to prepare.
 */
let scheduler: ReturnType<typeof fsrs> | undefined;

const GRADES: Readonly<Record<ReviewOutcome, Grade>> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good };

/** Wrong (or partly wrong) is Again; right is Good, or Hard when the learner was unsure or took the hint. */
export function outcomeOf(answer: Pick<AnswerRecord, 'correct' | 'confidence' | 'hinted'>): ReviewOutcome {
  if (!answer.correct) return 'again';
  return answer.confidence === 'unsure' || answer.hinted ? 'hard' : 'good';
}

function toFsrs(card: ScheduleCard): Card {
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: 0,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state as State,
    ...(card.lastReview !== undefined ? { last_review: new Date(card.lastReview) } : {}),
  };
}

function fromFsrs(card: Card, questionVersion: string): ScheduleCard {
  return {
    questionVersion,
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    ...(card.last_review ? { lastReview: card.last_review.toISOString() } : {}),
  };
}

/** The card after one review at `now`; a missing card, or one of another question version, starts new. */
export function reviewCard(card: ScheduleCard | undefined, questionVersion: string, outcome: ReviewOutcome, now: Date): ScheduleCard {
  const current = card && card.questionVersion === questionVersion ? toFsrs(card) : createEmptyCard(now);
  // A clock set back (or a card from another machine) must not review before the last review.
  const last = current.last_review?.getTime();
  const at = last !== undefined && last > now.getTime() ? new Date(last) : now;
  return fromFsrs((scheduler ??= fsrs({ enable_short_term: false, enable_fuzz: false })).next(current, at, GRADES[outcome]).card, questionVersion);
}

/** The book with one question rated at `now`. */
export function rate(
  book: ScheduleBook,
  moduleId: string,
  questionId: string,
  questionVersion: string,
  outcome: ReviewOutcome,
  now: Date,
): ScheduleBook {
  const key = cardKey(moduleId, questionId);
  const card = Object.hasOwn(book.cards, key) ? book.cards[key] : undefined;
  return { ...book, cards: { ...book.cards, [key]: reviewCard(card, questionVersion, outcome, now) } };
}

/** What one answer rates: the question, its version when the answer was given, and the outcome. */
export interface AnswerRating {
  readonly questionId: string;
  readonly questionVersion: string;
  readonly outcome: ReviewOutcome;
  /** When the answer was given (ISO 8601). */
  readonly at: string;
}

function ratingOf(questionId: string, answer: AnswerRecord): AnswerRating | undefined {
  // Answers migrated from old records have no version: nothing to tie a card to.
  if (answer.version === undefined) return undefined;
  return { questionId, questionVersion: answer.version, outcome: outcomeOf(answer), at: answer.answeredAt };
}

/**
 * The ratings a session step gave: the answers that are new in `after`. With feedback at the
 * end (an exam), nothing is rated until the attempt ends; then all its answers are, at once.
 */
export function ratingsOfStep(before: ProgressRecord, after: ProgressRecord, module: QuizModule): AnswerRating[] {
  if (before === after) return [];
  const earlier = new Map<string, AttemptRecord>(before.attempts.map((a) => [a.id, a]));
  const ratings: AnswerRating[] = [];
  for (const attempt of after.attempts) {
    const was = earlier.get(attempt.id);
    if (module.feedbackTiming === 'end') {
      if (attempt.finishedAt === undefined || (was && was.finishedAt !== undefined)) continue;
      for (const [questionId, answer] of Object.entries(attempt.answers)) {
        const rating = ratingOf(questionId, answer);
        if (rating) ratings.push(rating);
      }
      continue;
    }
    if (attempt.finishedAt !== undefined && was?.finishedAt !== undefined) continue;
    for (const [questionId, answer] of Object.entries(attempt.answers)) {
      const old = was && Object.hasOwn(was.answers, questionId) ? was.answers[questionId] : undefined;
      if (old && old.answeredAt === answer.answeredAt) continue;
      const rating = ratingOf(questionId, answer);
      if (rating) ratings.push(rating);
    }
  }
  return ratings;
}

/**
 * The book with a step's ratings applied, each at the time its answer was given. An answer the
 * card was already rated with (same question version, last review at the answer's time) is not
 * rated again: when an author switches `feedbackTiming` to `end` mid-attempt, the answers rated
 * as they were given come back when the attempt ends.
 */
export function applyRatings(book: ScheduleBook, moduleId: string, ratings: readonly AnswerRating[], now: Date): ScheduleBook {
  let next = book;
  for (const r of ratings) {
    const parsed = new Date(r.at);
    const at = Number.isNaN(parsed.getTime()) ? now : parsed;
    const key = cardKey(moduleId, r.questionId);
    const card = Object.hasOwn(next.cards, key) ? next.cards[key] : undefined;
    // An answer no later than the card's last review was rated already (an exam rates its answers
    // when it ends, so an answer given under immediate feedback before a switch comes again), or a
    // later answer (a review beside the quiz) has moved the card on: the schedule never goes back.
    if (card && card.questionVersion === r.questionVersion && card.lastReview !== undefined && at.getTime() <= Date.parse(card.lastReview)) continue;
    next = rate(next, moduleId, r.questionId, r.questionVersion, r.outcome, at);
  }
  return next;
}

/** A card that still belongs to a question as it is now; the host passes what its modules hold. */
export type LiveCard = (moduleId: string, questionId: string, questionVersion: string) => boolean;

/**
 * The live-card rule over a lookup of loaded modules: a card counts while its module is loaded
 * and its question is there, on the version the card was rated on. Every surface that counts or
 * asks due cards (status bar, sidebar, scores page, review) goes through this one rule.
 */
export function liveCardsOf(lookup: (moduleId: string) => Pick<QuizModule, 'questions'> | undefined): LiveCard {
  return (moduleId, questionId, version) => {
    const question = lookup(moduleId)?.questions.find((q) => q.id === questionId);
    return question !== undefined && questionVersion(question) === version;
  };
}

/**
 * Cards are due by the learner's calendar day: a card falls due at the start of its due day in
 * `timeZone` (the scheduler's time of day means nothing to someone who studies in the morning).
 * So at `now` every card whose due time is before the start of tomorrow is due.
 */
function dueLimit(now: Date, timeZone: string): number {
  return startOfNextDay(now, timeZone);
}

/**
 * Cards due at `now` in the learner's `timeZone`, earliest first (ties by module, then question,
 * so the order is stable). Without a zone, the zone this code runs in.
 */
export function dueCards(book: ScheduleBook, now: Date, live?: LiveCard, timeZone: string = runtimeTimeZone()): DueCard[] {
  const due: DueCard[] = [];
  const limit = dueLimit(now, timeZone);
  for (const [key, card] of Object.entries(book.cards)) {
    const at = Date.parse(card.due);
    if (!(at < limit)) continue;
    const id = splitCardKey(key);
    if (!id || (live && !live(id.moduleId, id.questionId, card.questionVersion))) continue;
    due.push({ ...id, due: new Date(at) });
  }
  return due.sort(
    (a, b) =>
      a.due.getTime() - b.due.getTime() ||
      (a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0) ||
      (a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0),
  );
}

/**
 * When the next card falls due after `now`: the start of its due day in `timeZone`; undefined
 * when no card is waiting.
 */
export function nextDue(book: ScheduleBook, now: Date, live?: LiveCard, timeZone: string = runtimeTimeZone()): Date | undefined {
  const limit = dueLimit(now, timeZone);
  let next: number | undefined;
  for (const [key, card] of Object.entries(book.cards)) {
    const at = Date.parse(card.due);
    if (!(at >= limit) || (next !== undefined && at >= next)) continue;
    const id = splitCardKey(key);
    if (!id || (live && !live(id.moduleId, id.questionId, card.questionVersion))) continue;
    next = at;
  }
  return next === undefined ? undefined : new Date(startOfDay(dayIn(timeZone)(new Date(next)), timeZone));
}

/** The book without the cards of one module (its scores were reset). */
export function forgetModule(book: ScheduleBook, moduleId: string): ScheduleBook {
  const prefix = moduleId + SEPARATOR;
  const keys = Object.keys(book.cards).filter((key) => key.startsWith(prefix));
  if (keys.length === 0) return book;
  const cards: Record<string, ScheduleCard> = {};
  for (const [key, card] of Object.entries(book.cards)) if (!key.startsWith(prefix)) cards[key] = card;
  const gone = Object.fromEntries(Object.entries(book.gone ?? {}).filter(([key]) => !key.startsWith(prefix)));
  const { gone: _gone, ...rest } = book;
  return { ...rest, cards, ...(Object.keys(gone).length > 0 ? { gone } : {}) };
}

/**
 * Interleaves due cards for a review session: one module after another, round-robin, each
 * module's cards earliest first, modules in the order of their earliest due card, so the same
 * book and clock always give the same session.
 */
export function interleave(cards: readonly DueCard[]): DueCard[] {
  const byModule = new Map<string, DueCard[]>();
  for (const card of cards) {
    const list = byModule.get(card.moduleId) ?? [];
    list.push(card);
    byModule.set(card.moduleId, list);
  }
  const queues = [...byModule.values()];
  const order: DueCard[] = [];
  for (let round = 0; order.length < cards.length; round++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- round < queue.length
    for (const queue of queues) if (round < queue.length) order.push(queue[round]!);
  }
  return order;
}

// ---- Reading --------------------------------------------------------------------------------

export type ScheduleReadResult = { readonly ok: true; readonly book: ScheduleBook } | { readonly ok: false; readonly reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isIsoDate = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

function checkCard(card: unknown): string | undefined {
  if (!isObject(card)) return 'is not an object';
  if (typeof card['questionVersion'] !== 'string' || card['questionVersion'] === '') return 'has no question version';
  if (!isIsoDate(card['due'])) return 'has no valid due date';
  for (const key of ['stability', 'difficulty', 'elapsedDays', 'scheduledDays']) {
    if (!isFiniteNumber(card[key]) || (card[key] as number) < 0) return `has an invalid ${key}`;
  }
  if (!isCount(card['reps']) || !isCount(card['lapses'])) return 'has invalid review counts';
  if (!isCount(card['state']) || (card['state'] as number) > State.Relearning) return 'has an unknown state';
  if (card['lastReview'] !== undefined && !isIsoDate(card['lastReview'])) return 'has an invalid last review date';
  return undefined;
}

/**
 * Reads a saved schedule. Nothing saved gives an empty book; anything this code cannot trust is
 * refused with the reason (never partly read), so the caller can keep it aside.
 */
export function readSchedule(raw: unknown): ScheduleReadResult {
  if (raw === undefined || raw === null) return { ok: true, book: emptySchedule() };
  if (!isObject(raw)) return { ok: false, reason: `expected an object, found ${Array.isArray(raw) ? 'an array' : typeof raw}` };
  const version = raw['version'];
  if (typeof version === 'number' && version > SCHEDULE_VERSION) {
    return { ok: false, reason: `it was written by a newer version of Quiz Modules (schedule version ${version})` };
  }
  if (version !== SCHEDULE_VERSION) return { ok: false, reason: `unknown schedule version ${JSON.stringify(version)}` };
  const cards = raw['cards'];
  if (!isObject(cards)) return { ok: false, reason: 'the schedule has no cards object' };
  const keys = Object.keys(cards);
  if (keys.length > MAX_SCHEDULE_CARDS) return { ok: false, reason: `it holds ${keys.length} cards, more than the ${MAX_SCHEDULE_CARDS} a schedule may hold` };
  for (const key of keys) {
    const card = cards[key];
    const id = splitCardKey(key);
    if (!id) return { ok: false, reason: `the card ${JSON.stringify(key.slice(0, 60))} has no module and question id` };
    // Ids first: a module id may become a folder name elsewhere, so nothing else is read before.
    if (!isId(id.moduleId)) return { ok: false, reason: invalidIdReason('the module id of a card', id.moduleId) };
    if (!isId(id.questionId)) return { ok: false, reason: invalidIdReason(`the question id of a card in module "${id.moduleId}"`, id.questionId) };
    const name = `the card of question "${id.questionId}" in module "${id.moduleId}"`;
    const problem = checkCard(card);
    if (problem) return { ok: false, reason: `${name} ${problem}` };
  }
  return { ok: true, book: raw as unknown as ScheduleBook };
}
