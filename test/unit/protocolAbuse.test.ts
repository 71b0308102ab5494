import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import { LogThrottle } from '../../src/core/util/LogThrottle';
import type { QuizModule } from '../../src/core/module/moduleModel';
import { emptyProgress } from '../../src/core/session/progressRecord';
import { CURRENT, step, type SessionState } from '../../src/core/session/session';
import { validateModuleText } from '../../src/core/checks/validateModule';
import { checkFromModulePage } from '../../src/protocol/modulePage';
import { actionFor } from '../../src/host/session/sessionActions';
import { openAttempt, seededRandom } from './testModules';

const root = path.join(__dirname, '..', '..', '..');
const bundled = validateModuleText(readFileSync(path.join(root, 'quizzes', 'tokayev-beijing-2019.quiz.json'), 'utf8'), 'm.quiz.json').module!;

/** A learner in the middle of an attempt: the first question answered, the second on screen. */
function midAttempt(module: QuizModule): { state: SessionState; attemptId: string; answered: string; showing: string; later: string } {
  const context = { now: () => new Date(0), random: seededRandom(9), newId: () => 'the-attempt' };
  let result = step({ record: emptyProgress(module.id), screen: CURRENT }, module, { type: 'begin' }, context);
  const first = result.view;
  assert.ok(first.phase === 'question');
  const keys = choiceKeys(first.question);
  result = step(result.state, module, { type: 'answer', attemptId: 'the-attempt', questionId: first.question.id, picks: [keys[0]!] }, context);
  result = step(result.state, module, { type: 'next', attemptId: 'the-attempt' }, context);
  const second = result.view;
  assert.ok(second.phase === 'question');
  const order = openAttempt(result.state.record)!.questionOrder;
  return { state: result.state, attemptId: 'the-attempt', answered: first.question.id, showing: second.question.id, later: order[order.length - 1]! };
}

const situation = midAttempt(bundled);
const questionIds = bundled.questions.map((q) => q.id);
const keysOf = (id: string) => [...choiceKeys(bundled.questions.find((q) => q.id === id)!)];
const allKeys = bundled.questions.flatMap((q) => [...choiceKeys(q)]);

/** Messages a hostile or broken page might send, none of which may change anything. */
const abusive: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.record({ type: fc.string() }),
  fc.record({ type: fc.constantFrom('grade', 'setScore', 'eval', '__proto__', 'constructor', 'toString', 'ANSWER', ' answer') }),
  // Known types with a field too many, or fields of the wrong type.
  fc.record({ type: fc.constantFrom('ready', 'start', 'restart', 'review', 'showScores'), extra: fc.anything() }),
  fc.record({ type: fc.constant('answer'), attemptId: fc.anything(), questionId: fc.anything(), picks: fc.anything() }),
  fc.record({ type: fc.constant('next'), attemptId: fc.oneof(fc.integer(), fc.constant(''), fc.constant(null)) }),
  // Huge payloads.
  fc.constantFrom(
    { type: 'answer', attemptId: 'a'.repeat(1_000_000), questionId: 'q', picks: ['k'] },
    { type: 'answer', attemptId: situation.attemptId, questionId: situation.showing, picks: Array.from({ length: 100_000 }, (_, i) => `k${i}`) },
    { type: 'answer', attemptId: situation.attemptId, questionId: 'q'.repeat(100_000), picks: ['k'] },
    Object.fromEntries([['type', 'ready'], ...Array.from({ length: 10_000 }, (_, i) => [`f${i}`, i])]),
  ),
  // Well-formed, but for another attempt or module, a replay, a question not yet shown, or keys of another question.
  fc.record({
    type: fc.constant('answer'),
    attemptId: fc.oneof(fc.uuid(), fc.constant('other-module-attempt')),
    questionId: fc.constantFrom(...questionIds),
    picks: fc.subarray(allKeys, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant('answer'),
    attemptId: fc.constant(situation.attemptId),
    questionId: fc.constantFrom(situation.answered, situation.later, 'no-such-question'),
    picks: fc.subarray(keysOf(situation.answered), { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    type: fc.constant('answer'),
    attemptId: fc.constant(situation.attemptId),
    questionId: fc.constant(situation.showing),
    picks: fc.oneof(fc.subarray(keysOf(situation.later), { minLength: 1, maxLength: 2 }), fc.constant([]), fc.array(fc.constant(keysOf(situation.showing)[0]!), { minLength: 2, maxLength: 3 })),
  }),
  fc.record({ type: fc.constant('next'), attemptId: fc.oneof(fc.uuid(), fc.constant(situation.attemptId)) }),
);

describe('protocol abuse (fast-check)', () => {
  it('changes nothing and throws nothing for 10,000 random and malformed messages', () => {
    const context = { now: () => new Date(0), random: seededRandom(1), newId: () => 'never-used' };
    let sent = 0;
    let reasons = 0;
    fc.assert(
      fc.property(fc.array(abusive, { minLength: 10, maxLength: 10 }), (messages) => {
        let state = situation.state;
        for (const raw of messages) {
          sent++;
          const checked = checkFromModulePage(raw);
          if ('problem' in checked) {
            assert.ok(checked.problem.length > 0 && checked.problem.length < 300, 'a short reason for the log');
            reasons++;
            continue;
          }
          const action = actionFor(checked.message);
          if (!action) continue;
          const result = step(state, bundled, action, context);
          assert.equal(result.state.record, situation.state.record, `nothing saved changes for ${JSON.stringify(raw).slice(0, 200)}`);
          if (action.type !== 'resume') assert.ok(result.ignored, `the session says why it ignored ${JSON.stringify(raw).slice(0, 200)}`);
          reasons++;
          state = result.state;
        }
      }),
      { numRuns: 1000 },
    );
    assert.ok(sent >= 10_000, `${sent} messages sent`);
    assert.ok(reasons >= 9_000, `${reasons} messages refused or ignored with a reason`);
  });
});

describe('LogThrottle', () => {
  it('writes at most the limit per window, then says how many it held back', () => {
    let now = 0;
    const throttle = new LogThrottle(3, 1000, () => now);
    const written = Array.from({ length: 10 }, (_, i) => throttle.admit(`line ${i}`)).flat();
    assert.deepEqual(written, ['line 0', 'line 1', 'line 2']);
    now = 1000;
    assert.deepEqual(throttle.admit('line 10'), ['7 more such messages were not logged.', 'line 10']);
  });

  it('never writes more than limit + 1 lines per window, over any flood (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { maxLength: 500 }), fc.integer({ min: 1, max: 10 }), (gaps, limit) => {
        let now = 0;
        const throttle = new LogThrottle(limit, 100, () => now);
        const perWindow = new Map<number, number>();
        let total = 0;
        for (const gap of gaps) {
          now += gap;
          const lines = throttle.admit('x');
          const window = Math.floor(now / 100);
          perWindow.set(window, (perWindow.get(window) ?? 0) + lines.length);
          total += lines.filter((l) => l === 'x').length;
        }
        for (const count of perWindow.values()) assert.ok(count <= limit * 2 + 1);
        assert.ok(total <= gaps.length);
      }),
    );
  });
});
