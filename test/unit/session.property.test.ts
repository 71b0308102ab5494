import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { choiceKeys, questionVersion } from '../../src/core/module/choiceKeys';
import { gradeAnswer, passes, percentOf, roundPoints } from '../../src/core/module/grading';
import { isMultipleAnswer, type Choice, type Question, type QuizModule } from '../../src/core/module/moduleModel';
import { emptyProgress, MAX_ABANDONED_ATTEMPTS, type ProgressRecord } from '../../src/core/session/progressRecord';
import { archiveOldAttempts, summarize } from '../../src/core/session/progressSummary';
import { readProgress } from '../../src/core/session/recordReader';
import { questionStats } from '../../src/core/scores/analytics';
import { CURRENT, step, type SessionAction, type SessionState } from '../../src/core/session/session';
import { fitRecord, lastFinishedAttempt, openAttempts, workingAttempt } from '../../src/core/session/attempts';
import { openAttempt, seededRandom } from './testModules';

/** Per-question accuracy as the dashboard computes it (`questionStats`), keyed by question. */
function questionAccuracy(record: ProgressRecord): Map<string, { questionId: string; answered: number; correct: number }> {
  return new Map(questionStats({ moduleId: record.moduleId, record }).map(({ moduleId: _, ...stat }) => [stat.questionId, stat]));
}

// ---- Random modules -------------------------------------------------------------------------------

const TEXTS = ['Red', 'Blue', 'Green', 'Yellow', 'Purple', '`code`', 'None of these', 'Blue'];

const choiceArb = fc.record({ text: fc.constantFrom(...TEXTS), correct: fc.boolean(), fixed: fc.boolean() });

/** At least one choice is correct, as validation demands. */
function withACorrectChoice(choices: Choice[]): Choice[] {
  return choices.some((c) => c.correct) ? choices : choices.map((c, i) => (i === 0 ? { ...c, correct: true } : c));
}

const questionBodyArb = fc.record({
  choices: fc.array(choiceArb, { minLength: 2, maxLength: 5 }).map(withACorrectChoice),
  points: fc.constantFrom(1, 2, 3, 0.5),
});

const moduleArb: fc.Arbitrary<QuizModule> = fc
  .record({
    questions: fc.array(questionBodyArb, { minLength: 1, maxLength: 5 }),
    passingScore: fc.integer({ min: 0, max: 100 }),
    shuffleQuestions: fc.boolean(),
    shuffleChoices: fc.boolean(),
    partialCredit: fc.boolean(),
    feedbackTiming: fc.constantFrom('immediate' as const, 'end' as const),
  })
  .map(({ questions, ...rest }) => ({
    version: 1 as const,
    id: 'prop-module',
    title: 'Property module',
    ...rest,
    // Some questions have a hint, and some exams allow them.
    ...(rest.passingScore % 2 === 0 ? { allowHintsInExam: true as const } : {}),
    questions: questions.map((q, i): Question => ({ id: `q${i}`, prompt: `Question ${i}`, ...(i % 2 === 0 ? { hint: `Think of ${i}` } : {}), ...q })),
  }));

// ---- Random edits of a module ---------------------------------------------------------------------

type Edit =
  | { kind: 'reorderChoices'; q: number; seed: number }
  | { kind: 'points'; q: number; points: number }
  | { kind: 'choiceText'; q: number; c: number; text: string }
  | { kind: 'toggleCorrect'; q: number; c: number }
  | { kind: 'remove'; q: number }
  | { kind: 'add'; body: { choices: Choice[]; points: number } }
  | { kind: 'reorderQuestions'; seed: number }
  | { kind: 'prompt'; q: number }
  | { kind: 'flags'; partialCredit: boolean; shuffleChoices: boolean; passingScore: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('reorderChoices' as const), q: fc.nat(), seed: fc.nat() }),
  fc.record({ kind: fc.constant('points' as const), q: fc.nat(), points: fc.constantFrom(1, 2, 4, 0.25) }),
  fc.record({ kind: fc.constant('choiceText' as const), q: fc.nat(), c: fc.nat(), text: fc.constantFrom(...TEXTS, 'Orange') }),
  fc.record({ kind: fc.constant('toggleCorrect' as const), q: fc.nat(), c: fc.nat() }),
  fc.record({ kind: fc.constant('remove' as const), q: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), body: questionBodyArb }),
  fc.record({ kind: fc.constant('reorderQuestions' as const), seed: fc.nat() }),
  fc.record({ kind: fc.constant('prompt' as const), q: fc.nat() }),
  fc.record({
    kind: fc.constant('flags' as const),
    partialCredit: fc.boolean(),
    shuffleChoices: fc.boolean(),
    passingScore: fc.integer({ min: 0, max: 100 }),
  }),
);

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed + 1);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

let added = 0;
function applyEdit(module: QuizModule, edit: Edit): QuizModule {
  const qs = module.questions;
  const at = (n: number) => n % qs.length;
  const replace = (index: number, q: Question) => ({ ...module, questions: qs.map((old, i) => (i === index ? q : old)) });
  switch (edit.kind) {
    case 'reorderChoices': {
      const q = qs[at(edit.q)]!;
      return replace(at(edit.q), { ...q, choices: shuffled(q.choices, edit.seed) });
    }
    case 'points':
      return replace(at(edit.q), { ...qs[at(edit.q)]!, points: edit.points });
    case 'choiceText': {
      const q = qs[at(edit.q)]!;
      return replace(at(edit.q), { ...q, choices: q.choices.map((c, i) => (i === edit.c % q.choices.length ? { ...c, text: edit.text } : c)) });
    }
    case 'toggleCorrect': {
      const q = qs[at(edit.q)]!;
      const choices = q.choices.map((c, i) => (i === edit.c % q.choices.length ? { ...c, correct: !c.correct } : c));
      return replace(at(edit.q), { ...q, choices: withACorrectChoice(choices) });
    }
    case 'remove':
      return qs.length > 1 ? { ...module, questions: qs.filter((_, i) => i !== at(edit.q)) } : module;
    case 'add':
      return { ...module, questions: [...qs, { id: `new${++added}`, prompt: 'A new question', ...edit.body }] };
    case 'reorderQuestions':
      return { ...module, questions: shuffled(qs, edit.seed) };
    case 'prompt':
      return replace(at(edit.q), { ...qs[at(edit.q)]!, prompt: `${qs[at(edit.q)]!.prompt} (reworded)` });
    case 'flags':
      return { ...module, partialCredit: edit.partialCredit, shuffleChoices: edit.shuffleChoices, passingScore: edit.passingScore };
  }
}

// ---- Random learner actions -------------------------------------------------------------------------

type Move =
  | { kind: 'action'; action: 'begin' | 'retake' | 'resume' | 'review' | 'reset' }
  | { kind: 'answerShown'; picks: number[]; confidence?: 'sure' | 'unsure'; hinted: boolean }
  | { kind: 'practice' }
  | { kind: 'reviewSome'; qs: number[] }
  | { kind: 'answerAny'; q: number; picks: number[] }
  | { kind: 'next' }
  | { kind: 'nextStale' }
  | { kind: 'leave' }
  | { kind: 'edit'; edit: Edit };

const picksArb = fc.uniqueArray(fc.nat(4), { minLength: 1, maxLength: 3 });

const moveArb: fc.Arbitrary<Move> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('action' as const), action: fc.constantFrom('begin' as const, 'retake' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('action' as const), action: fc.constantFrom('resume' as const, 'review' as const) }) },
  {
    weight: 12,
    arbitrary: fc.record(
      { kind: fc.constant('answerShown' as const), picks: picksArb, confidence: fc.constantFrom('sure' as const, 'unsure' as const), hinted: fc.boolean() },
      { requiredKeys: ['kind', 'picks', 'hinted'] },
    ),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'practice' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reviewSome' as const), qs: fc.array(fc.nat(6), { maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('answerAny' as const), q: fc.nat(), picks: picksArb }) },
  { weight: 7, arbitrary: fc.constant({ kind: 'next' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'nextStale' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'leave' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), edit: editArb }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'action' as const, action: 'reset' as const }) },
);

// ---- The model: what the learner has given in the open attempt ------------------------------------

interface Given {
  readonly keys: readonly string[];
  readonly version: string;
}

const sortedKeys = (keys: readonly string[]) => [...keys].sort();

function checkInvariants(state: SessionState, module: QuizModule, givenByAttempt: ReadonlyMap<string, ReadonlyMap<string, Given>>, label: string): void {
  const { record } = state;
  const byId = new Map(module.questions.map((q) => [q.id, q]));

  // Nothing answered is lost unless its question changed: every open attempt (the full quiz, and
  // a practice or review beside it) holds exactly what the learner gave to questions still as they were.
  for (const open of openAttempts(record)) {
    const saved = Object.entries(open.answers).map(([id, a]) => [id, sortedKeys(a.picks)] as const);
    const expected = [...(givenByAttempt.get(open.id) ?? new Map<string, Given>())].map(([id, g]) => [id, sortedKeys(g.keys)] as const);
    assert.deepEqual(new Map(saved), new Map(expected), `${label}: the open attempt holds the learner's answers`);
    for (const [id, answer] of Object.entries(open.answers)) {
      const question = byId.get(id);
      assert.ok(question, `${label}: an answer to a question of the module`);
      assert.equal(answer.version, questionVersion(question));
      const keys = choiceKeys(question);
      const grade = gradeAnswer(question, answer.picks.map((k) => keys.indexOf(k)), module.partialCredit);
      assert.equal(answer.earned, grade.earned, `${label}: earned points follow the current file`);
      assert.equal(answer.points, question.points, `${label}: points follow the current file`);
    }
    if (open.kind === undefined) assert.deepEqual(new Set(open.questionOrder), new Set(byId.keys()), `${label}: the attempt asks the module's questions`);
    else assert.ok(open.questionOrder.length > 0 && open.questionOrder.every((id) => byId.has(id)), `${label}: a side attempt asks some of the module's questions`);
  }
  assert.ok(openAttempts(record).filter((a) => a.kind === undefined).length <= 1, `${label}: one full attempt open at most`);
  for (const attempt of record.attempts) {
    for (const answer of Object.values(attempt.answers)) {
      if (answer.hinted) assert.ok(module.feedbackTiming === 'immediate' || module.allowHintsInExam, `${label}: a hint only where hints are allowed`);
    }
  }

  // Every finished attempt's result is the sum of its answers, decided on the exact fraction.
  for (const attempt of record.attempts) {
    if (!attempt.result) continue;
    const answers = attempt.questionOrder.map((id) => attempt.answers[id]);
    assert.ok(answers.every(Boolean), `${label}: a finished attempt answered every question it asked`);
    const earned = roundPoints(answers.reduce((sum, a) => sum + a!.earned, 0));
    const possible = roundPoints(answers.reduce((sum, a) => sum + a!.points, 0));
    assert.equal(attempt.result.earned, earned);
    assert.equal(attempt.result.possible, possible);
    assert.equal(attempt.result.percent, percentOf(earned, possible));
  }

  // The result page, its review, and the summary the sidebar, pick list and scores page show agree.
  const summary = summarize(record);
  const last = lastFinishedAttempt(record);
  const full = record.attempts.filter((a) => a.kind === undefined);
  assert.equal(summary.finishedAttempts, full.filter((a) => a.result).length, `${label}: only full attempts count`);
  assert.equal(last?.kind, undefined, `${label}: the result page is of a full attempt`);
  if (last) assert.deepEqual(summary.last && { ...summary.last, finishedAt: undefined }, { ...last.result, finishedAt: undefined });
  if (summary.best) {
    for (const attempt of full) {
      if (attempt.result) assert.ok(summary.best.earned * attempt.result.possible >= attempt.result.earned * summary.best.possible - 1e-9);
    }
  }

  // Records stay bounded and read back as they were saved.
  const open = new Set(openAttempts(record));
  const abandoned = record.attempts.filter((a) => !a.result && !open.has(a));
  assert.ok(abandoned.length <= MAX_ABANDONED_ATTEMPTS);
  assert.ok(abandoned.every((a) => Object.keys(a.answers).length > 0), `${label}: no abandoned attempt without answers`);
  const read = readProgress(JSON.parse(JSON.stringify(record)), record.moduleId);
  assert.ok(read.ok, `${label}: the record reads back`);
  assert.deepEqual(read.record, JSON.parse(JSON.stringify(record)));
}

/** How much of the state space the random runs reached, so a generator that stops reaching it fails. */
const reached = { answers: 0, finished: 0, reasked: 0, removed: 0, ignored: 0, practice: 0, review: 0, practiceFinished: 0, resumed: 0, left: 0 };

interface Run {
  module: QuizModule;
  state: SessionState;
}

function runMoves(initial: QuizModule, moves: readonly Move[], seed: number): void {
  let ids = 0;
  const context = { now: () => new Date(Date.UTC(2026, 10, 1) + ids * 1000), random: seededRandom(seed), newId: () => `attempt-${++ids}` };
  const run: Run = { module: initial, state: { record: emptyProgress(initial.id), screen: CURRENT } };
  /** What the learner gave in each attempt, so every open attempt (and one that comes back) is checked. */
  const givenByAttempt = new Map<string, Map<string, Given>>();
  let view = step(run.state, run.module, { type: 'resume' }, context).view;

  moves.forEach((move, n) => {
    const label = `move ${n} (${JSON.stringify(move)})`;
    const before = run.state;
    // The attempt the page works on (what it shows), not merely the newest one.
    const openBefore = workingAttempt(before.record, before.screen);
    let action: SessionAction;
    switch (move.kind) {
      case 'action':
        action = { type: move.action };
        break;
      case 'answerShown':
      case 'answerAny': {
        const question =
          move.kind === 'answerShown' && view.phase === 'question'
            ? view.question
            : run.module.questions[(move.kind === 'answerAny' ? move.q : 0) % run.module.questions.length]!;
        const keys = choiceKeys(question);
        // Mostly what a page allows (one pick for a one-answer question), sometimes not.
        const allowed = move.kind === 'answerShown' && !isMultipleAnswer(question) ? move.picks.slice(0, 1) : move.picks;
        const picks = [...new Set(allowed.map((i) => keys[i % keys.length]!))];
        action = { type: 'answer', attemptId: openBefore?.id ?? 'none', questionId: question.id, picks };
        if (move.kind === 'answerShown') action = { ...action, ...(move.confidence ? { confidence: move.confidence } : {}), hinted: move.hinted };
        break;
      }
      case 'practice':
        action = { type: 'practice', kind: 'practice' };
        break;
      case 'reviewSome':
        action = { type: 'practice', kind: 'review', questionIds: move.qs.map((i) => `q${i}`) };
        break;
      case 'next':
        action = { type: 'next', attemptId: view.phase === 'question' ? view.attempt.id : 'none' };
        break;
      case 'nextStale':
        action = { type: 'next', attemptId: 'stale' };
        break;
      case 'leave':
        action = { type: 'leave', attemptId: openBefore?.id ?? 'none' };
        break;
      case 'edit':
        run.module = applyEdit(run.module, move.edit);
        action = { type: 'moduleChanged' };
        break;
    }
    const summaryBefore = summarize(before.record);
    const accuracyBefore = questionAccuracy(before.record);
    const result = step(run.state, run.module, action, context);
    run.state = result.state;
    view = result.view;
    const record = result.state.record;
    const open = openAttempt(record);
    if (result.ignored !== undefined) reached.ignored++;
    if (action.type === 'answer' && result.ignored === undefined) reached.answers++;
    if (view.phase === 'summary' && openBefore && view.attempt.id === openBefore.id) reached.finished++;
    const change = open?.change;
    if (change && change !== openBefore?.change) {
      reached.reasked += change.reasked;
      reached.removed += change.removed;
    }

    // Follow the model: a new attempt starts empty; an accepted answer is given; an edit drops
    // the answers to questions that changed or left.
    if (action.type === 'leave' && result.ignored === undefined) reached.left++;
    if (action.type === 'leave' && result.ignored === undefined) {
      const left = record.attempts.find((a) => a.id === action.attemptId);
      // Left without answers, it goes; with answers, it ends over exactly what was answered.
      if (left) assert.deepEqual(new Set(left.questionOrder), new Set(givenByAttempt.get(left.id)?.keys() ?? []), `${label}: a left attempt keeps its answers`);
      else assert.equal(givenByAttempt.get(action.attemptId)?.size ?? 0, 0, `${label}: only an attempt without answers goes`);
    }
    if (action.type === 'practice' && result.ignored === undefined) reached[action.kind]++;
    if (openBefore?.kind !== undefined && open?.kind === undefined && open && Object.keys(open.answers).length > 0) reached.resumed++;
    if (view.phase === 'summary' && openBefore?.kind === 'practice' && view.attempt.id === openBefore.id) reached.practiceFinished++;
    if (action.type === 'practice' && action.kind === 'practice' && result.ignored === undefined) {
      // Retry Mistakes asks exactly the questions the last full attempt got wrong, still in the module.
      const lastFull = lastFinishedAttempt(before.record);
      const wrong = run.module.questions.filter((q) => lastFull?.answers[q.id] && !lastFull.answers[q.id]!.correct).map((q) => q.id);
      assert.deepEqual(new Set(open!.questionOrder), new Set(wrong), `${label}: retry asks exactly the mistakes`);
      assert.equal(open!.kind, 'practice');
    }
    if (action.type === 'practice' && action.kind === 'practice' && result.ignored !== undefined) {
      assert.equal(result.ignored, 'there are no mistakes to retry');
    }
    if (openBefore?.kind !== undefined && (action.type === 'answer' || action.type === 'next')) {
      // A practice or review attempt never changes the best or last full score, nor the accuracy.
      // (A full attempt it interrupted may end when it comes back, if an edit removed all it had
      // left to ask: that is the edit's doing, so only the full attempts finished before count.)
      const finishedBefore = new Set(before.record.attempts.filter((a) => a.result).map((a) => a.id));
      const comparable = { ...record, attempts: record.attempts.filter((a) => a.kind !== undefined || finishedBefore.has(a.id)) };
      const { inProgress: _a, attemptsWithAnswers: _b, ...now } = summarize(comparable);
      const { inProgress: _c, attemptsWithAnswers: _d, ...then } = summaryBefore;
      assert.deepEqual(now, then, `${label}: a side attempt leaves the scores alone`);
      assert.deepEqual(questionAccuracy(comparable), accuracyBefore, `${label}: a side attempt leaves the accuracy alone`);
    }
    if (action.type === 'answer' && result.ignored === undefined) {
      const question = run.module.questions.find((q) => q.id === action.questionId)!;
      const given = givenByAttempt.get(action.attemptId) ?? new Map<string, Given>();
      given.set(action.questionId, { keys: action.picks, version: questionVersion(question) });
      givenByAttempt.set(action.attemptId, given);
      const saved = record.attempts.find((a) => a.id === action.attemptId)!.answers[action.questionId]!;
      assert.equal(saved.confidence, action.confidence, `${label}: the confidence is recorded`);
      const hintShown = action.hinted === true && question.hint !== undefined && (run.module.feedbackTiming === 'immediate' || run.module.allowHintsInExam === true);
      assert.equal(saved.hinted, hintShown ? true : undefined, `${label}: the hint is recorded`);
    }
    // Edits fit every open attempt; an attempt no longer open is history.
    const openIds = new Set(openAttempts(record).map((a) => a.id));
    for (const [id, map] of givenByAttempt) {
      if (!openIds.has(id)) {
        givenByAttempt.delete(id);
        continue;
      }
      for (const [qid, g] of map) {
        const question = run.module.questions.find((q) => q.id === qid);
        if (!question || questionVersion(question) !== g.version) map.delete(qid);
      }
    }
    checkInvariants(result.state, run.module, givenByAttempt, label);

    // An ignored action changes nothing saved.
    if (result.ignored !== undefined && action.type !== 'moduleChanged') {
      assert.equal(record, fitRecord(before.record, run.module, context.now(), context.random) === before.record ? before.record : record);
    }
    // Fitting is idempotent: showing the same state again changes nothing.
    assert.equal(step(result.state, run.module, { type: 'resume' }, context).state.record, record, `${label}: a second fit changes nothing`);

    // The summary page shows exactly the learner's picks, and its total is the result.
    if (view.phase === 'summary') {
      const total = roundPoints(view.review.reduce((sum, r) => sum + (r.answer?.earned ?? 0), 0));
      assert.equal(total, view.result.earned, `${label}: the review adds up to the result`);
      const finishedNow = openBefore && view.attempt.id === openBefore.id;
      if (finishedNow) {
        for (const entry of view.review) {
          assert.ok(entry.question, 'a question just asked is in the module');
          const keys = choiceKeys(entry.question);
          assert.deepEqual(sortedKeys(entry.picks.map((i) => keys[i]!)), sortedKeys(entry.answer!.picks), `${label}: the review shows the picks`);
        }
        const asked = new Set(view.attempt.questionOrder);
        const possible = run.module.questions.filter((q) => asked.has(q.id)).reduce((sum, q) => sum + q.points, 0);
        assert.equal(view.result.possible, roundPoints(possible), `${label}: the score is over the current questions`);
        assert.equal(view.result.passed, passes(view.result.earned, view.result.possible, run.module.passingScore));
      }
    }

    // Exam secrecy: until an exam attempt ends, nothing tells whether an answer was right.
    if (run.module.feedbackTiming === 'end') {
      if (view.phase === 'question') assert.equal(view.answer, undefined, `${label}: an exam shows no feedback`);
    }
    if (open && openBefore && open.id === openBefore.id) {
      // An edit fits every open attempt, so it may finish a full attempt waiting behind a review:
      // that is the edit's doing; only the attempts finished before are compared.
      const finishedBefore = new Set(before.record.attempts.filter((a) => a.result).map((a) => a.id));
      const comparable = { ...record, attempts: record.attempts.filter((a) => action.type !== 'moduleChanged' || !a.result || finishedBefore.has(a.id)) };
      const { inProgress: _a, attemptsWithAnswers: _b, ...now } = summarize(comparable);
      const { inProgress: _c, attemptsWithAnswers: _d, ...then } = summaryBefore;
      assert.deepEqual(now, then, `${label}: the summary ignores the open attempt`);
      assert.deepEqual(questionAccuracy(comparable), accuracyBefore, `${label}: accuracy ignores the open attempt`);
    }
  });
}

describe('the quiz session, over random actions and random edits (fast-check)', () => {
  it('keeps every invariant', function () {
    // 400 runs of up to 80 steps: slow on a loaded machine; a figure, not a timing test.
    this.timeout(120_000);
    fc.assert(
      fc.property(moduleArb, fc.array(moveArb, { minLength: 15, maxLength: 80, size: 'max' }), fc.nat(), (module, moves, seed) => runMoves(module, moves, seed)),
      { numRuns: 400 },
    );
    // A guard against a generator that stops reaching a state (it would reach it 0 times), not a
    // figure: edits re-ask questions in bursts, so across 400 random runs their count swings from
    // under 20 to 100; 10 is far below what any run reaches and far above none.
    for (const [what, count] of Object.entries(reached)) assert.ok(count >= 10, `the runs reached ${what} ${count} times`);
  });

  it('keeps answers through edits that leave their questions alone', () => {
    const harmless = editArb.filter((e) => e.kind === 'reorderChoices' || e.kind === 'points' || e.kind === 'prompt' || e.kind === 'reorderQuestions');
    fc.assert(
      fc.property(moduleArb, fc.array(harmless, { minLength: 1, maxLength: 5 }), fc.nat(), (module, edits, seed) => {
        const context = { now: () => new Date(0), random: seededRandom(seed), newId: () => 'a' };
        let state: SessionState = { record: emptyProgress(module.id), screen: CURRENT };
        let result = step(state, module, { type: 'begin' }, context);
        state = result.state;
        const view = result.view;
        assert.ok(view.phase === 'question');
        const keys = choiceKeys(view.question);
        const right = view.question.choices.flatMap((c, i) => (c.correct ? [keys[i]!] : []));
        state = step(state, module, { type: 'answer', attemptId: view.attempt.id, questionId: view.question.id, picks: right }, context).state;
        let current = module;
        for (const edit of edits) {
          current = applyEdit(current, edit);
          result = step(state, current, { type: 'moduleChanged' }, context);
          state = result.state;
        }
        const attempt = state.record.attempts[0]!;
        const answer = attempt.answers[view.question.id];
        assert.ok(answer, 'the answer is kept');
        assert.equal(answer.correct, true);
        assert.deepEqual(sortedKeys(answer.picks), sortedKeys(right));
        // An open attempt takes its points from the file; a finished one keeps what it was graded with.
        const source = attempt.finishedAt === undefined ? current : module;
        assert.equal(answer.points, source.questions.find((q) => q.id === view.question.id)!.points);
      }),
      { numRuns: 300 },
    );
  });

  it('passes on the exact fraction for any points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 100 }), (e, p, passing) => {
        const earned = Math.min(e, p);
        assert.equal(passes(earned, p, passing), earned * 100 >= passing * p);
      }),
    );
  });
});

describe('records written by the session', () => {
  it('read back the same after a JSON round trip (what workspaceState does)', () => {
    fc.assert(
      fc.property(moduleArb, fc.array(moveArb, { maxLength: 30 }), fc.nat(), (module, moves, seed) => {
        let ids = 0;
        const context = { now: () => new Date(0), random: seededRandom(seed), newId: () => `a${++ids}` };
        let record: ProgressRecord = emptyProgress(module.id);
        let state: SessionState = { record, screen: CURRENT };
        let current = module;
        for (const move of moves) {
          if (move.kind === 'edit') current = applyEdit(current, move.edit);
          const action: SessionAction = move.kind === 'action' ? { type: move.action } : { type: 'moduleChanged' };
          state = step(state, current, action, context).state;
        }
        record = state.record;
        const read = readProgress(JSON.parse(JSON.stringify(record)), module.id);
        assert.ok(read.ok);
        assert.deepEqual(read.record, record);
      }),
      { numRuns: 200 },
    );
  });
});

describe('moving old attempts to the history files', () => {
  it('changes no summary and no accuracy, keeps the newest finished attempt and the open one, and moves each attempt once', () => {
    let movedInAll = 0;
    let movedSide = 0;
    fc.assert(
      fc.property(
        moduleArb,
        fc.array(moveArb, { minLength: 20, maxLength: 120, size: 'max' }),
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 200, max: 5000 }),
        fc.integer({ min: 0, max: 3 }),
        (module, moves, seed, keep, budget, batch) => {
          let ids = 0;
          const context = { now: () => new Date(ids * 1000), random: seededRandom(seed), newId: () => `a${++ids}` };
          let state: SessionState = { record: emptyProgress(module.id), screen: CURRENT };
          let view = step(state, module, { type: 'resume' }, context).view;
          const archivedIds: string[] = [];
          for (const move of moves) {
            let action: SessionAction = { type: 'resume' };
            if (move.kind === 'action' && move.action !== 'reset') action = { type: move.action };
            if ((move.kind === 'answerShown' || move.kind === 'answerAny') && view.phase === 'question') {
              const keys = choiceKeys(view.question);
              const right = view.question.choices.flatMap((c, i) => (c.correct === move.picks.length > 1 ? [keys[i]!] : []));
              action = { type: 'answer', attemptId: view.attempt.id, questionId: view.question.id, picks: right.length ? right : [keys[0]!] };
            }
            if (move.kind === 'next' && view.phase === 'question') action = { type: 'next', attemptId: view.attempt.id };
            if (move.kind === 'practice') action = { type: 'practice', kind: 'practice' };
            if (move.kind === 'reviewSome') action = { type: 'practice', kind: 'review', questionIds: move.qs.map((i) => `q${i}`) };
            const result = step(state, module, action, context);
            view = result.view;
            const before = result.state.record;
            const { record, moved } = archiveOldAttempts(before, keep, budget, batch);
            archivedIds.push(...moved.map((a) => a.id));
            assert.deepEqual(summarize(record), summarize(before), 'the summary is the same');
            assert.deepEqual(questionAccuracy(record), questionAccuracy(before), 'the accuracy is the same');
            assert.equal(openAttempt(record)?.id, openAttempt(before)?.id);
            assert.equal(lastFinishedAttempt(record)?.id, lastFinishedAttempt(before)?.id);
            assert.ok(moved.every((a) => a.result), 'only finished attempts move');
            if (moved.length === 0) assert.equal(record, before);
            const finished = record.attempts.filter((a) => a.result).length;
            assert.ok(finished <= keep + batch || finished <= 2, 'finished attempts stay bounded');
            // The totals of what moved out are bounded by the module's questions, not by the attempts.
            const attemptsSize = JSON.stringify({ ...record, archived: undefined }).length;
            assert.ok(attemptsSize <= budget || finished <= 2, 'the record stays in its budget');
            if (moved.some((a) => a.kind !== undefined)) movedSide++;
            assert.ok(readProgress(JSON.parse(JSON.stringify(record)), module.id).ok, 'the slimmer record reads back');
            state = { ...result.state, record };
          }
          assert.equal(new Set(archivedIds).size, archivedIds.length, 'no attempt moves twice');
          movedInAll += archivedIds.length;
        },
      ),
      { numRuns: 150 },
    );
    assert.ok(movedInAll >= 100, `the runs moved ${movedInAll} attempts`);
    assert.ok(movedSide >= 10, `the runs moved practice or review attempts ${movedSide} times`);
  });
});
