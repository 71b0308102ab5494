import * as assert from 'node:assert/strict';
import { dayIn, startOfDay } from '../../src/core/schedule/calendar';
import fc from 'fast-check';
import { choiceKeys, questionVersion } from '../../src/core/module/choiceKeys';
import type { QuizModule } from '../../src/core/module/moduleModel';
import { emptyProgress, type ProgressRecord } from '../../src/core/session/progressRecord';
import { summarize } from '../../src/core/session/progressSummary';
import { readProgress } from '../../src/core/session/recordReader';
import {
  applyRatings,
  cardKey,
  dueCards,
  emptySchedule,
  forgetModule,
  interleave,
  nextDue,
  outcomeOf,
  rate,
  ratingsOfStep,
  readSchedule,
  type LiveCard,
  type ReviewOutcome,
  type ScheduleBook,
} from '../../src/core/schedule/schedule';
import { CURRENT, step, type SessionAction, type SessionState } from '../../src/core/session/session';
import { hintFor, lastFinishedAttempt } from '../../src/core/session/attempts';
import { openAttempt, question, quizModule, seededRandom } from './testModules';

const DAY = 24 * 60 * 60 * 1000;

/** How many cards are due at `now`, of one module or (without `moduleId`) of all. */
function dueCount(book: ScheduleBook, moduleId: string | undefined, now: Date, live?: LiveCard, timeZone?: string): number {
  return dueCards(book, now, live, timeZone).filter((card) => moduleId === undefined || card.moduleId === moduleId).length;
}
const start = new Date('2026-11-02T09:00:00Z');

/** A session with a clock the test moves, and a schedule fed by every step, as the host does. */
function learner(modules: Record<string, QuizModule>) {
  let clock = start.getTime();
  let ids = 0;
  const context = { now: () => new Date(clock), random: seededRandom(7), newId: () => `a${++ids}` };
  const states = new Map<string, SessionState>(Object.keys(modules).map((id) => [id, { record: emptyProgress(id), screen: CURRENT }]));
  let book: ScheduleBook = emptySchedule();
  const run = (moduleId: string, action: SessionAction) => {
    const before = states.get(moduleId)!;
    const result = step(before, modules[moduleId]!, action, context);
    book = applyRatings(book, moduleId, ratingsOfStep(before.record, result.state.record, modules[moduleId]!), context.now());
    states.set(moduleId, result.state);
    return result;
  };
  /** Answers what is on screen: right when `right`, else the first wrong choice. */
  const answer = (moduleId: string, right: boolean, extra: Partial<Extract<SessionAction, { type: 'answer' }>> = {}) => {
    const view = run(moduleId, { type: 'resume' }).view;
    assert.equal(view.phase, 'question');
    if (view.phase !== 'question') throw new Error('no question');
    const keys = choiceKeys(view.question);
    const picks = view.question.choices.flatMap((c, i) => (c.correct === right ? [keys[i]!] : [])).slice(0, right ? undefined : 1);
    const result = run(moduleId, { type: 'answer', attemptId: view.attempt.id, questionId: view.question.id, picks, ...extra });
    assert.equal(result.ignored, undefined, 'the answer is taken');
    if (result.view.phase === 'question' && result.view.answer) run(moduleId, { type: 'next', attemptId: view.attempt.id });
    return view.question.id;
  };
  return {
    run,
    answer,
    record: (id: string) => states.get(id)!.record,
    state: (id: string) => states.get(id)!,
    get book() {
      return book;
    },
    now: () => new Date(clock),
    passDays(days: number) {
      clock += days * DAY;
    },
  };
}

/** The scores a learner sees (what a reset would delete is counted apart). */
const scores = (record: ProgressRecord) => {
  const { attemptsWithAnswers: _, ...rest } = summarize(record);
  return rest;
};

const fourQuestions = quizModule([question('q1', [0]), question('q2', [1]), question('q3', [2]), question('q4', [3])], { id: 'alpha' });

describe('Retry Mistakes', () => {
  it('asks exactly the questions the last full attempt got wrong, as a practice attempt that changes no score', () => {
    const l = learner({ alpha: fourQuestions });
    l.run('alpha', { type: 'begin' });
    l.answer('alpha', true);
    l.answer('alpha', false);
    l.answer('alpha', true);
    l.answer('alpha', false);
    const full = lastFinishedAttempt(l.record('alpha'))!;
    assert.equal(full.result!.earned, 2);
    const before = scores(l.record('alpha'));

    const started = l.run('alpha', { type: 'practice', kind: 'practice' });
    assert.equal(started.ignored, undefined);
    const practice = openAttempt(l.record('alpha'))!;
    assert.equal(practice.kind, 'practice');
    assert.deepEqual(practice.questionOrder, ['q2', 'q4']);
    l.answer('alpha', true);
    l.answer('alpha', true);
    const after = l.record('alpha');
    const done = after.attempts.find((a) => a.id === practice.id)!;
    assert.deepEqual(done.result && { earned: done.result.earned, possible: done.result.possible }, { earned: 2, possible: 2 });
    assert.deepEqual(scores(after), before, 'best, last and the count of full attempts stay');
    assert.equal(lastFinishedAttempt(after)!.id, full.id, 'the result page stays the full attempt');
    assert.ok(readProgress(JSON.parse(JSON.stringify(after)), 'alpha').ok, 'the record with a practice attempt reads back');
  });

  it('says there is nothing to retry instead of starting an empty attempt', () => {
    const l = learner({ alpha: fourQuestions });
    assert.equal(l.run('alpha', { type: 'practice', kind: 'practice' }).ignored, 'there are no mistakes to retry');
    l.run('alpha', { type: 'begin' });
    for (let i = 0; i < 4; i++) l.answer('alpha', true);
    const before = l.record('alpha');
    const result = l.run('alpha', { type: 'practice', kind: 'practice' });
    assert.equal(result.ignored, 'there are no mistakes to retry');
    assert.equal(result.state.record, before, 'nothing is saved');
  });

  it('leaves out a mistake whose question left the module, and brings back a full attempt it interrupted', () => {
    const l = learner({ alpha: fourQuestions });
    l.run('alpha', { type: 'begin' });
    for (const right of [false, false, true, true]) l.answer('alpha', right);
    l.run('alpha', { type: 'retake' });
    l.answer('alpha', true);
    const interrupted = openAttempt(l.record('alpha'))!;
    l.run('alpha', { type: 'practice', kind: 'practice' });
    assert.deepEqual(openAttempt(l.record('alpha'))!.questionOrder, ['q1', 'q2']);
    l.answer('alpha', false);
    l.answer('alpha', true);
    const open = openAttempt(l.record('alpha'))!;
    assert.equal(open.id, interrupted.id, 'the full attempt is open again');
    assert.equal(Object.keys(open.answers).length, 1);
  });
});

describe('confidence and hints', () => {
  const hinted = quizModule([question('h1', [0], 4, { hint: 'Think of **zero**.' }), question('h2', [1])], { id: 'beta' });

  it('records "unsure" and the use of a hint, and rates such right answers Hard', () => {
    const l = learner({ beta: hinted });
    l.run('beta', { type: 'begin' });
    const attempt = openAttempt(l.record('beta'))!;
    assert.equal(hintFor(l.state('beta'), hinted, attempt.id, 'h1'), 'Think of **zero**.');
    assert.equal(hintFor(l.state('beta'), hinted, attempt.id, 'h2'), undefined, 'only the question being asked');
    l.answer('beta', true, { hinted: true, confidence: 'sure' });
    l.answer('beta', true, { confidence: 'unsure' });
    const answers = lastFinishedAttempt(l.record('beta'))!.answers;
    assert.equal(answers['h1']!.hinted, true);
    assert.equal(answers['h1']!.confidence, 'sure');
    assert.equal(answers['h2']!.confidence, 'unsure');
    assert.equal(answers['h2']!.hinted, undefined, 'no hint to take');
    assert.equal(outcomeOf(answers['h1']!), 'hard');
    assert.equal(outcomeOf(answers['h2']!), 'hard');
    assert.equal(outcomeOf({ correct: true, confidence: 'sure' }), 'good');
    assert.equal(outcomeOf({ correct: false, confidence: 'sure' }), 'again');
    // Hard comes back sooner than Good would have.
    const good = rate(emptySchedule(), 'beta', 'h1', 'v', 'good', start).cards[cardKey('beta', 'h1')]!;
    assert.ok(Date.parse(l.book.cards[cardKey('beta', 'h1')]!.due) < Date.parse(good.due));
  });

  it('keeps hints closed in an exam unless the module allows them', () => {
    const exam = { ...hinted, feedbackTiming: 'end' as const };
    const l = learner({ beta: exam });
    l.run('beta', { type: 'begin' });
    const id = openAttempt(l.record('beta'))!.id;
    assert.equal(hintFor(l.state('beta'), exam, id, 'h1'), undefined);
    l.answer('beta', true, { hinted: true });
    assert.equal(openAttempt(l.record('beta'))!.answers['h1']!.hinted, undefined, 'a hint that could not be shown is not recorded');
    const open = { ...exam, allowHintsInExam: true as const };
    const l2 = learner({ beta: open });
    l2.run('beta', { type: 'begin' });
    assert.equal(hintFor(l2.state('beta'), open, openAttempt(l2.record('beta'))!.id, 'h1'), 'Think of **zero**.');
  });
});

describe('spaced review with an injected clock', () => {
  const gamma = quizModule([question('g1', [0]), question('g2', [0])], { id: 'gamma' });

  it('schedules every answer, brings questions back when days pass, interleaved across modules', () => {
    const l = learner({ alpha: fourQuestions, gamma });
    l.run('alpha', { type: 'begin' });
    for (const right of [true, false, true, false]) l.answer('alpha', right);
    l.run('gamma', { type: 'begin' });
    for (const right of [false, true]) l.answer('gamma', right);
    assert.equal(Object.keys(l.book.cards).length, 6, 'one card per answered question');
    assert.equal(dueCount(l.book, undefined, l.now()), 0, 'nothing is due right away');

    l.passDays(1);
    const dueTomorrow = dueCards(l.book, l.now()).map((c) => `${c.moduleId}/${c.questionId}`);
    assert.deepEqual(dueTomorrow.sort(), ['alpha/q2', 'alpha/q4', 'gamma/g1'], 'the wrong answers come back the next day');
    assert.equal(dueCount(l.book, 'alpha', l.now()), 2);
    const order = interleave(dueCards(l.book, l.now())).map((c) => c.moduleId);
    assert.deepEqual(order, ['alpha', 'gamma', 'alpha'], 'modules take turns');

    // The review: one review attempt per module, each answer through step.
    for (const moduleId of ['alpha', 'gamma']) {
      const ids = dueCards(l.book, l.now()).filter((c) => c.moduleId === moduleId).map((c) => c.questionId);
      assert.equal(l.run(moduleId, { type: 'practice', kind: 'review', questionIds: ids }).ignored, undefined);
      assert.equal(openAttempt(l.record(moduleId))!.kind, 'review');
    }
    const best = scores(l.record('alpha'));
    l.answer('alpha', true);
    l.answer('gamma', true);
    l.answer('alpha', true);
    assert.deepEqual(scores(l.record('alpha')), best, 'a review changes no score');
    assert.equal(dueCount(l.book, undefined, l.now()), 0, 'all reviewed');
    const next = nextDue(l.book, l.now())!;
    assert.ok(next.getTime() > l.now().getTime(), 'the next review is later');
    l.passDays(60);
    assert.equal(dueCount(l.book, undefined, l.now()), 6, 'everything comes back in the end');
  });

  it('rates an exam only when it ends, all its answers at once', () => {
    const exam = quizModule([question('e1', [0]), question('e2', [0])], { id: 'delta', feedbackTiming: 'end' });
    const l = learner({ delta: exam });
    l.run('delta', { type: 'begin' });
    l.answer('delta', false);
    assert.equal(Object.keys(l.book.cards).length, 0, 'nothing scheduled mid-exam');
    l.answer('delta', true);
    assert.deepEqual(Object.keys(l.book.cards).sort(), [cardKey('delta', 'e1'), cardKey('delta', 'e2')]);
  });

  it('starts a new card when the question changes', () => {
    const l = learner({ gamma });
    l.run('gamma', { type: 'begin' });
    l.answer('gamma', true);
    l.answer('gamma', true);
    const card = l.book.cards[cardKey('gamma', 'g1')]!;
    assert.equal(card.questionVersion, questionVersion(gamma.questions[0]!));
    const changed = rate(l.book, 'gamma', 'g1', 'other-version', 'good', l.now()).cards[cardKey('gamma', 'g1')]!;
    assert.equal(changed.reps, 1, 'a fresh card');
    const live = (m: string, q: string, v: string) => m === 'gamma' && q === 'g1' && v === 'x';
    l.passDays(365);
    assert.deepEqual(dueCards(l.book, l.now(), live), [], 'a card of an older version is not due');
  });

  it('forgets a module whose scores were reset', () => {
    let book = rate(emptySchedule(), 'a', 'q', 'v', 'good', start);
    book = rate(book, 'b', 'q', 'v', 'good', start);
    assert.deepEqual(Object.keys(forgetModule(book, 'a').cards), [cardKey('b', 'q')]);
  });
});

// ---- Properties of the scheduler wrapper -------------------------------------------------------

const outcomeArb = fc.constantFrom<ReviewOutcome>('again', 'hard', 'good');
/** Reviews: which of three questions, how it went, and how many hours after the one before. */
const reviewsArb = fc.array(fc.record({ q: fc.constantFrom('q1', 'q2', 'q3'), outcome: outcomeArb, hours: fc.integer({ min: 0, max: 24 * 90 }) }), {
  minLength: 1,
  maxLength: 25,
});

function replay(reviews: readonly { q: string; outcome: ReviewOutcome; hours: number }[]): { book: ScheduleBook; now: Date } {
  let book = emptySchedule();
  let now = start;
  for (const r of reviews) {
    now = new Date(now.getTime() + r.hours * 3_600_000);
    book = rate(book, 'm', r.q, 'v1', r.outcome, now);
  }
  return { book, now };
}

describe('the schedule (fast-check)', () => {
  it('never sets a due date before the review, and counts reviews and lapses', () => {
    fc.assert(
      fc.property(reviewsArb, (reviews) => {
        let book = emptySchedule();
        let now = start;
        for (const r of reviews) {
          now = new Date(now.getTime() + r.hours * 3_600_000);
          const before = book.cards[cardKey('m', r.q)];
          book = rate(book, 'm', r.q, 'v1', r.outcome, now);
          const card = book.cards[cardKey('m', r.q)]!;
          assert.ok(Date.parse(card.due) > now.getTime(), 'due after the review');
          assert.equal(card.lastReview, now.toISOString());
          assert.equal(card.reps, (before?.reps ?? 0) + 1);
          assert.ok(card.lapses >= (before?.lapses ?? 0));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never gives Again a longer interval than Hard, nor Hard a longer one than Good, on the same card', () => {
    fc.assert(
      fc.property(reviewsArb, fc.integer({ min: 0, max: 24 * 120 }), (reviews, hours) => {
        const { book, now } = replay(reviews);
        const at = new Date(now.getTime() + hours * 3_600_000);
        const due = (o: ReviewOutcome) => Date.parse(rate(book, 'm', 'q1', 'v1', o, at).cards[cardKey('m', 'q1')]!.due);
        assert.ok(due('again') <= due('hard'), 'again <= hard');
        assert.ok(due('hard') <= due('good'), 'hard <= good');
      }),
      { numRuns: 300 },
    );
  });

  it('reads back what was saved, and a new version starts over', () => {
    fc.assert(
      fc.property(reviewsArb, (reviews) => {
        const { book, now } = replay(reviews);
        const read = readSchedule(JSON.parse(JSON.stringify(book)));
        assert.ok(read.ok);
        assert.deepEqual(read.book, book);
        const fresh = rate(book, 'm', 'q1', 'v2', 'good', now).cards[cardKey('m', 'q1')]!;
        const first = rate(emptySchedule(), 'm', 'q1', 'v2', 'good', now).cards[cardKey('m', 'q1')]!;
        assert.deepEqual(fresh, first, 'a changed question is a new card');
      }),
      { numRuns: 200 },
    );
  });

  it('counts due cards the same way every function does, by the day in the learner\'s zone', () => {
    fc.assert(
      fc.property(
        reviewsArb,
        fc.integer({ min: 0, max: 24 * 200 }),
        fc.constantFrom('UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham'),
        (reviews, hours, zone) => {
          const { book, now } = replay(reviews);
          const at = new Date(now.getTime() + hours * 3_600_000);
          const due = dueCards(book, at, undefined, zone);
          assert.equal(dueCount(book, undefined, at, undefined, zone), due.length);
          assert.equal(dueCount(book, 'm', at, undefined, zone), due.length);
          const today = dayIn(zone)(at);
          assert.ok(due.every((c) => dayIn(zone)(c.due) <= today), 'every card due now is due today or before');
          const next = nextDue(book, at, undefined, zone);
          const waiting = Object.values(book.cards).filter((c) => dayIn(zone)(new Date(c.due)) > today);
          assert.equal(next === undefined, waiting.length === 0);
          assert.equal(due.length + waiting.length, Object.keys(book.cards).length);
          if (next) {
            const first = new Date(Math.min(...waiting.map((c) => Date.parse(c.due))));
            assert.equal(next.getTime(), startOfDay(dayIn(zone)(first), zone), 'the next card comes back at the start of its day');
          }
          assert.deepEqual(new Set(interleave(due)), new Set(due), 'interleaving keeps every card once');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses damaged data with a reason, never part of it', () => {
    const good = rate(emptySchedule(), 'm', 'q', 'v', 'good', start);
    const card = good.cards[cardKey('m', 'q')]!;
    const bad: [unknown, RegExp][] = [
      [[], /expected an object/],
      [{ version: 2, cards: {} }, /newer version/],
      [{ version: 1 }, /no cards/],
      [{ version: 1, cards: { nokey: card } }, /no module and question id/],
      [{ version: 1, cards: { [cardKey('m', 'q')]: { ...card, due: 'soon' } } }, /due date/],
      [{ version: 1, cards: { [cardKey('m', 'q')]: { ...card, stability: -1 } } }, /stability/],
      [{ version: 1, cards: { [cardKey('m', 'q')]: { ...card, state: 9 } } }, /state/],
      [{ version: 1, cards: { [cardKey('m', 'q')]: { ...card, reps: 1.5 } } }, /review counts/],
    ];
    for (const [value, reason] of bad) {
      const read = readSchedule(value);
      assert.equal(read.ok, false, JSON.stringify(value).slice(0, 80));
      if (!read.ok) assert.match(read.reason, reason);
    }
    const empty = readSchedule(undefined);
    assert.ok(empty.ok && Object.keys(empty.book.cards).length === 0);
  });
});

describe('records with practice and review attempts', () => {
  it('refuses an unknown kind, confidence or hint mark', () => {
    const base: ProgressRecord = {
      version: 3,
      moduleId: 'm',
      attempts: [
        {
          id: 'a',
          kind: 'practice',
          startedAt: start.toISOString(),
          questionOrder: ['q'],
          answers: { q: { picks: ['k'], correct: true, earned: 1, points: 1, answeredAt: start.toISOString(), confidence: 'sure', hinted: true } },
        },
      ],
    };
    assert.ok(readProgress(base, 'm').ok);
    const tamper = (f: (a: Record<string, unknown>, answer: Record<string, unknown>) => void) => {
      const copy = JSON.parse(JSON.stringify(base));
      f(copy.attempts[0], copy.attempts[0].answers.q);
      return readProgress(copy, 'm');
    };
    const kind = tamper((a) => (a['kind'] = 'quiz'));
    assert.ok(!kind.ok && /unknown kind/.test(kind.reason));
    const confidence = tamper((_, answer) => (answer['confidence'] = 'maybe'));
    assert.ok(!confidence.ok && /confidence/.test(confidence.reason));
    const hint = tamper((_, answer) => (answer['hinted'] = false));
    assert.ok(!hint.ok && /hint/.test(hint.reason));
  });
});
