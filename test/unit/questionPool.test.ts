import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import type { QuizModule } from '../../src/core/module/moduleModel';
import { emptyProgress } from '../../src/core/session/progressRecord';
import { readProgress } from '../../src/core/session/recordReader';
import { drawQuestionIds } from '../../src/core/session/questionPool';
import { CURRENT, step, type SessionAction, type SessionState } from '../../src/core/session/session';
import { validateModuleText } from '../../src/core/checks/validateModule';
import { openAttempt, question, quizModule, seededRandom } from './testModules';

const at = new Date('2026-12-05T07:00:00Z');

/** A pooled module: `size` questions in up to three sections, with varied points. */
function pooled(size: number, draw: QuizModule['draw'], extra: Partial<QuizModule> = {}): QuizModule {
  const sections = ['sec-a', 'sec-b', 'sec-c'];
  return quizModule(
    Array.from({ length: size }, (_, i) => question(`q${i}`, [i % 3], 3, { section: sections[i % 3]!, points: 1 + (i % 4) })),
    { draw, ...extra },
  );
}

function session(module: QuizModule, seed: number) {
  let ids = 0;
  const context = { now: () => at, random: seededRandom(seed), newId: () => `attempt-${++ids}` };
  let state: SessionState = { record: emptyProgress(module.id), screen: CURRENT };
  return {
    run(action: SessionAction, current: QuizModule = module) {
      const result = step(state, current, action, context);
      state = result.state;
      return result;
    },
    get state() {
      return state;
    },
    /** The page reloads: the record goes through JSON, as workspaceState keeps it. */
    reload() {
      const read = readProgress(JSON.parse(JSON.stringify(state.record)), module.id);
      assert.ok(read.ok, 'the record reads back');
      state = { record: read.record, screen: CURRENT };
    },
  };
}

describe('question pools (draw)', () => {
  it('draws the asked number of distinct questions, in the module order; per section, the named counts and every other question', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer(), (size, wanted, seed) => {
        const draw = Math.min(size, wanted);
        const module = pooled(size, draw);
        const ids = drawQuestionIds(module, seededRandom(seed));
        assert.equal(ids.length, draw);
        const order = module.questions.map((q) => q.id);
        assert.deepEqual(ids, order.filter((id) => ids.includes(id)));
        const perSection = pooled(size, { 'sec-a': 1 });
        const drawn = drawQuestionIds(perSection, seededRandom(seed));
        assert.equal(drawn.filter((id) => perSection.questions.find((q) => q.id === id)!.section === 'sec-a').length, 1);
        assert.deepEqual(
          drawn.filter((id) => !id.match(/^q\d+$/) || perSection.questions.find((q) => q.id === id)!.section !== 'sec-a'),
          perSection.questions.filter((q) => q.section !== 'sec-a').map((q) => q.id),
        );
      }),
    );
  });

  it('a full attempt asks the drawn questions only, keeps them across a reload, and scores over them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer(), fc.boolean(), (size, wanted, seed, shuffle) => {
        const draw = Math.min(size, wanted);
        const module = pooled(size, draw, { shuffleQuestions: shuffle, shuffleChoices: shuffle });
        const s = session(module, seed);
        s.run({ type: 'begin' });
        const order = openAttempt(s.state.record)!.questionOrder;
        assert.equal(order.length, draw);
        s.reload();
        s.run({ type: 'resume' });
        assert.deepEqual(openAttempt(s.state.record)!.questionOrder, order);
        // Answer every drawn question right; the result counts only their points.
        for (const id of order) {
          const attempt = openAttempt(s.state.record)!;
          const q = module.questions.find((x) => x.id === id)!;
          const keys = choiceKeys(q);
          s.run({ type: 'answer', attemptId: attempt.id, questionId: id, picks: [keys[q.choices.findIndex((c) => c.correct)]!] });
          s.run({ type: 'next', attemptId: attempt.id });
        }
        const finished = s.state.record.attempts[s.state.record.attempts.length - 1]!;
        const possible = order.reduce((sum, id) => sum + module.questions.find((q) => q.id === id)!.points, 0);
        assert.deepEqual(finished.result && [finished.result.earned, finished.result.possible, finished.result.percent], [possible, possible, 100]);
      }),
    );
  });

  it('an edit mid-attempt keeps the draw: answers stay, new and undrawn questions are not added, a removed one leaves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 40 }), fc.integer(), (size, seed) => {
        const draw = Math.max(2, Math.floor(size / 2));
        const module = pooled(size, draw);
        const s = session(module, seed);
        s.run({ type: 'begin' });
        const attempt = openAttempt(s.state.record)!;
        const [first, second] = attempt.questionOrder;
        const q = module.questions.find((x) => x.id === first)!;
        s.run({ type: 'answer', attemptId: attempt.id, questionId: first!, picks: [choiceKeys(q)[0]!] });
        // New question, one drawn question removed, one undrawn question removed.
        const undrawn = module.questions.find((x) => !attempt.questionOrder.includes(x.id));
        const edited: QuizModule = {
          ...module,
          questions: [...module.questions.filter((x) => x.id !== second && x.id !== undrawn?.id), question('brand-new', [0], 3)],
        };
        s.run({ type: 'moduleChanged' }, edited);
        const fitted = openAttempt(s.state.record) ?? s.state.record.attempts[s.state.record.attempts.length - 1]!;
        assert.deepEqual(fitted.questionOrder, attempt.questionOrder.filter((id) => id !== second));
        assert.ok(fitted.answers[first!]);
      }),
    );
  });

  it('validates draw: a whole number within the pool, sections that exist; each problem at its value', () => {
    const base = JSON.stringify(
      { version: 1, id: 'pool', title: 'Pool', questions: [0, 1, 2].map((i) => ({ id: `q${i}`, prompt: `P${i}`, choices: [{ text: 'a', correct: true }, { text: 'b' }] })) },
      null,
      2,
    );
    const withDraw = (draw: string) => base.replace('"version": 1,', `"version": 1,\n  "draw": ${draw},`);
    assert.deepEqual(validateModuleText(withDraw('2'), 'p.quiz.json').module?.draw, 2);
    const tooMany = validateModuleText(withDraw('4'), 'p.quiz.json');
    assert.equal(tooMany.module, undefined);
    assert.deepEqual(
      tooMany.problems.map((p) => [p.line, p.column, p.message]),
      [[3, 11, 'Module: "draw" draws 4 questions from a pool of only 3.']],
    );
    const fraction = validateModuleText(withDraw('1.5'), 'p.quiz.json').problems[0]!;
    assert.match(fraction.message, /"draw" must be a whole number of questions, 1 or more/);
    const noSection = validateModuleText(withDraw('{ "nowhere": 1 }'), 'p.quiz.json').problems[0]!;
    assert.deepEqual([noSection.line, noSection.column], [3, 13]);
    assert.match(noSection.message, /names section "nowhere", which no question has/);
  });
});
