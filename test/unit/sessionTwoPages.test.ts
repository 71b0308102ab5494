import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { choiceKeys, questionVersion } from '../../src/core/module/choiceKeys';
import type { QuizModule } from '../../src/core/module/moduleModel';
import { emptyProgress, type ProgressRecord } from '../../src/core/session/progressRecord';
import { applyRatings, cardKey, emptySchedule, ratingsOfStep, type ScheduleBook } from '../../src/core/schedule/schedule';
import { CURRENT, step, type Screen, type SessionAction, type SessionView } from '../../src/core/session/session';
import { openAttempts } from '../../src/core/session/attempts';
import { question, quizModule, seededRandom } from './testModules';

const at = new Date('2026-12-01T09:00:00Z');

/**
 * One record and several pages, as the host's session service runs them: every action is a
 * `step` of the one record with the acting page's screen, and after every change each page
 * shows the record again (a `resume` with its own screen).
 */
function pages(initial: QuizModule, names: readonly string[], seed = 1) {
  let ids = 0;
  let clock = at.getTime();
  const context = { now: () => new Date(clock++), random: seededRandom(seed), newId: () => `a${++ids}` };
  let record: ProgressRecord = emptyProgress(initial.id);
  let book: ScheduleBook = emptySchedule();
  let module = initial;
  const screens = new Map<string, Screen>(names.map((n) => [n, CURRENT]));
  const views = new Map<string, SessionView>();
  const act = (page: string, action: SessionAction) => {
    const before = record;
    const result = step({ record, screen: screens.get(page)! }, module, action, context);
    record = result.state.record;
    book = applyRatings(book, module.id, ratingsOfStep(before, record, module), context.now());
    screens.set(page, result.state.screen);
    views.set(page, result.view);
    // Every other page shows the record as it is now.
    for (const other of names) {
      if (other === page) continue;
      const shown = step({ record, screen: screens.get(other)! }, module, { type: 'resume' }, context);
      assert.equal(shown.state.record, record, 'showing a page changes nothing saved');
      screens.set(other, shown.state.screen);
      views.set(other, shown.view);
    }
    return result;
  };
  return {
    act,
    edit(next: QuizModule, page = names[0]!) {
      module = next;
      return act(page, { type: 'moduleChanged' });
    },
    view: (page: string) => views.get(page),
    get record() {
      return record;
    },
    get book() {
      return book;
    },
    get module() {
      return module;
    },
  };
}

function rightPicks(view: Extract<SessionView, { phase: 'question' }>, right = true): string[] {
  const keys = choiceKeys(view.question);
  const picks = view.question.choices.flatMap((c, i) => (c.correct === right ? [keys[i]!] : []));
  return right ? picks : picks.slice(0, 1);
}

const four = quizModule([question('q1', [0]), question('q2', [1]), question('q3', [2]), question('q4', [3])], { id: 'alpha' });

describe('two pages on one module (the module page and the review page)', () => {
  it('keeps the module page on the full quiz while a review attempt is open, and counts its answer', () => {
    const p = pages(four, ['module', 'review']);
    const begun = p.act('module', { type: 'begin' });
    assert.ok(begun.view.phase === 'question');
    const fullId = begun.view.attempt.id;
    // The review page shows its first question: only now is its review attempt created.
    const review = p.act('review', { type: 'practice', kind: 'review', questionIds: ['q3'] });
    assert.ok(review.view.phase === 'question' && review.view.attempt.kind === 'review');
    const shown = p.view('module');
    assert.ok(shown?.phase === 'question', 'the module page still shows a question');
    assert.equal(shown.attempt.id, fullId, 'the module page did not switch to the review');
    const answered = p.act('module', { type: 'answer', attemptId: fullId, questionId: shown.question.id, picks: rightPicks(shown) });
    assert.equal(answered.ignored, undefined, 'the answer on the module page counts');
    assert.ok(p.record.attempts.find((a) => a.id === fullId)!.answers[shown.question.id]);
    assert.equal(openAttempts(p.record).length, 2, 'the full attempt and the review are both open');
  });

  it('lands Start Quiz and Retake in the full quiz after a review, never in the review attempt', () => {
    const p = pages(four, ['module', 'review']);
    p.act('review', { type: 'practice', kind: 'review', questionIds: ['q2'] });
    const start = p.act('module', { type: 'begin' });
    assert.ok(start.view.phase === 'question');
    assert.equal(start.view.attempt.kind, undefined, 'Start Quiz opens a full attempt');
    assert.equal(start.view.total, 4);
    const retake = p.act('module', { type: 'retake' });
    assert.ok(retake.view.phase === 'question');
    assert.equal(retake.view.attempt.kind, undefined, 'Retake stays in the full quiz');
    assert.equal(retake.view.attempt.id, start.view.attempt.id, 'an empty full attempt is reused, not a review');
  });

  it('closes a review left unanswered, and finishes one left half answered over what was answered', () => {
    const p = pages(four, ['module', 'review']);
    const first = p.act('review', { type: 'practice', kind: 'review', questionIds: ['q1', 'q2'] });
    assert.ok(first.view.phase === 'question');
    p.act('review', { type: 'leave', attemptId: first.view.attempt.id });
    assert.equal(p.record.attempts.length, 0, 'an unanswered review attempt goes');
    const second = p.act('review', { type: 'practice', kind: 'review', questionIds: ['q1', 'q2'] });
    assert.ok(second.view.phase === 'question');
    p.act('review', { type: 'answer', attemptId: second.view.attempt.id, questionId: 'q1', picks: rightPicks(second.view) });
    p.act('review', { type: 'leave', attemptId: second.view.attempt.id });
    const left = p.record.attempts[0]!;
    assert.ok(left.finishedAt, 'a review with an answer is finished');
    assert.deepEqual(left.questionOrder, ['q1'], 'over the questions answered');
    assert.deepEqual(left.result && [left.result.earned, left.result.possible], [1, 1]);
  });

  it('rates each answer once when the author switches feedbackTiming mid-attempt', () => {
    const p = pages(four, ['module']);
    let view = p.act('module', { type: 'begin' }).view;
    assert.ok(view.phase === 'question');
    const attemptId = view.attempt.id;
    p.act('module', { type: 'answer', attemptId, questionId: view.question.id, picks: rightPicks(view) });
    p.act('module', { type: 'next', attemptId });
    const firstId = view.question.id;
    assert.equal(p.book.cards[cardKey('alpha', firstId)]!.reps, 1, 'rated once, as given');
    // The author turns the module into an exam: the rest is rated when the attempt ends.
    view = p.edit({ ...p.module, feedbackTiming: 'end' }).view;
    for (let i = 0; i < 3; i++) {
      assert.ok(view.phase === 'question');
      view = p.act('module', { type: 'answer', attemptId, questionId: view.question.id, picks: rightPicks(view) }).view;
    }
    assert.equal(view.phase, 'summary');
    for (const q of four.questions) assert.equal(p.book.cards[cardKey('alpha', q.id)]!.reps, 1, `${q.id} is rated exactly once`);
  });
});

// ---- Random interleavings of two pages over random edits --------------------------------------

type PageMove =
  | { kind: 'begin' | 'retake' | 'resume' | 'next' | 'leave' | 'practice' }
  | { kind: 'review'; qs: number[] }
  | { kind: 'answer'; right: boolean }
  | { kind: 'edit'; what: 'remove' | 'add' | 'change' | 'points' | 'timing'; q: number };

const pageMoveArb: fc.Arbitrary<PageMove> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('begin' as const, 'retake' as const, 'resume' as const, 'practice' as const, 'leave' as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('next' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('review' as const), qs: fc.array(fc.nat(5), { minLength: 1, maxLength: 3 }) }) },
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('answer' as const), right: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('edit' as const), what: fc.constantFrom('remove' as const, 'add' as const, 'change' as const, 'points' as const, 'timing' as const), q: fc.nat() }),
  },
);

let added = 0;
function edited(module: QuizModule, what: string, q: number): QuizModule {
  const qs = module.questions;
  const i = q % qs.length;
  switch (what) {
    case 'remove':
      return qs.length > 1 ? { ...module, questions: qs.filter((_, n) => n !== i) } : module;
    case 'add':
      return { ...module, questions: [...qs, question(`n${++added}`, [q % 4])] };
    case 'change':
      return { ...module, questions: qs.map((x, n) => (n === i ? { ...x, choices: x.choices.map((c, k) => ({ ...c, correct: k === (q + 1) % x.choices.length })) } : x)) };
    case 'points':
      return { ...module, questions: qs.map((x, n) => (n === i ? { ...x, points: (q % 3) + 1 } : x)) };
    default:
      return { ...module, feedbackTiming: module.feedbackTiming === 'end' ? 'immediate' : 'end' };
  }
}

describe('two pages over random interleavings and random edits (fast-check)', () => {
  it('loses no answer, rates none twice, and leaves every page showing what the record holds', function () {
    this.timeout(120_000);
    let answered = 0;
    let sideBySide = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('module', 'review'), pageMoveArb), { minLength: 10, maxLength: 60 }),
        fc.boolean(),
        fc.nat(),
        (moves, exam, seed) => {
          const p = pages({ ...four, feedbackTiming: exam ? 'end' : 'immediate' }, ['module', 'review'], seed);
          p.act('module', { type: 'resume' });
          p.act('review', { type: 'resume' });
          /** Every answer taken: attempt id -> question id -> question version when given. */
          const taken = new Map<string, Map<string, string>>();
          let ratings = 0;
          let accepted = 0;
          for (const [page, move] of moves) {
            const view = p.view(page);
            const shown = view?.phase === 'question' ? view : undefined;
            let action: SessionAction;
            switch (move.kind) {
              case 'answer':
                if (!shown || shown.answer) continue;
                action = { type: 'answer', attemptId: shown.attempt.id, questionId: shown.question.id, picks: rightPicks(shown, move.right) };
                break;
              case 'next':
                action = { type: 'next', attemptId: shown?.attempt.id ?? (view?.phase === 'summary' ? view.attempt.id : 'none') };
                break;
              case 'leave':
                action = { type: 'leave', attemptId: shown?.attempt.id ?? 'none' };
                break;
              case 'practice':
                action = { type: 'practice', kind: 'practice' };
                break;
              case 'review':
                // Only the review page starts reviews, as in the host.
                if (page !== 'review') continue;
                action = { type: 'practice', kind: 'review', questionIds: move.qs.map((n) => p.module.questions[n % p.module.questions.length]!.id) };
                break;
              case 'edit': {
                const before = p.book;
                p.edit(edited(p.module, move.what, move.q), page);
                ratings += countNewReps(before, p.book);
                checkPages(p);
                continue;
              }
              default:
                if (page === 'review' && move.kind !== 'resume') continue;
                action = { type: move.kind };
            }
            const bookBefore = p.book;
            const result = p.act(page, action);
            ratings += countNewReps(bookBefore, p.book);
            if (action.type === 'answer') {
              // The page showed this question, unanswered, from the record as it is: it counts.
              assert.equal(result.ignored, undefined, `an answer to the question on screen counts (${page})`);
              const attempt = p.record.attempts.find((a) => a.id === action.attemptId)!;
              assert.ok(attempt.answers[action.questionId], 'the answer is in the record');
              const q = p.module.questions.find((x) => x.id === action.questionId)!;
              const map = taken.get(attempt.id) ?? new Map<string, string>();
              map.set(q.id, questionVersion(q));
              taken.set(attempt.id, map);
              answered++;
              accepted++;
            }
            if (openAttempts(p.record).length > 1) sideBySide++;
            checkPages(p);
            // No answer is lost: every answer taken is in its attempt, unless its question changed or left since.
            for (const [attemptId, answers] of taken) {
              const attempt = p.record.attempts.find((a) => a.id === attemptId);
              const open = attempt && openAttempts(p.record).includes(attempt);
              for (const [questionId, version] of answers) {
                const q = p.module.questions.find((x) => x.id === questionId);
                if (!open || !q || questionVersion(q) !== version) {
                  answers.delete(questionId);
                  continue;
                }
                assert.ok(attempt.answers[questionId], `the answer to ${questionId} in ${attemptId} is kept`);
              }
            }
          }
          // Each answer is rated once at most, whenever the module's timing changed.
          assert.ok(ratings <= accepted, `ratings ${ratings} <= answers ${accepted}`);
        },
      ),
      { numRuns: 300 },
    );
    assert.ok(answered > 300, `the runs answered ${answered} times`);
    assert.ok(sideBySide > 100, `a review and a quiz were open side by side ${sideBySide} times`);
  });
});

function countNewReps(before: ScheduleBook, after: ScheduleBook): number {
  let count = 0;
  for (const [key, card] of Object.entries(after.cards)) {
    const old = before.cards[key];
    count += old && old.questionVersion === card.questionVersion ? card.reps - old.reps : card.reps;
  }
  return count;
}

/** Every page shows the record: its attempt is the record's, the module page never shows a review. */
function checkPages(p: ReturnType<typeof pages>): void {
  for (const page of ['module', 'review']) {
    const view = p.view(page);
    if (!view || view.phase === 'intro') continue;
    const attempt = p.record.attempts.find((a) => a.id === view.attempt.id);
    assert.deepEqual(view.attempt, attempt, `${page} shows the attempt as the record holds it`);
    if (page === 'module' && view.phase === 'question') assert.notEqual(view.attempt.kind, 'review', 'the module page never lands in a review');
    if (view.phase === 'question' && !view.answer) {
      assert.ok(openAttempts(p.record).includes(attempt!), `${page} asks a question of an open attempt`);
      assert.equal(attempt!.answers[view.question.id], undefined, `${page} asks a question not answered yet`);
    }
  }
}
