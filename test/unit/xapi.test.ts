import * as assert from 'node:assert/strict';
import validateStatement from '@learninglocker/xapi-validation';
import fc from 'fast-check';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import type { AttemptRecord, ProgressRecord } from '../../src/core/session/progressRecord';
import { EXPORT_FORMAT, type ScoresExport } from '../../src/core/scores/scoresExport';
import {
  activityBaseProblem,
  attemptStatements,
  EXT_ATTEMPT_KIND,
  isoDuration,
  moduleActivityId,
  questionActivityId,
  recordStatements,
  stableUuid,
  toXapi,
  XAPI_ANSWERED,
  XAPI_ATTEMPTED,
  XAPI_COMPLETED,
  XAPI_FAILED,
  XAPI_INTERACTION,
  XAPI_PASSED,
  type Statement,
  type XapiIdentity,
  type XapiModule,
} from '../../src/core/xapi/xapi';
import { attemptArb } from './analyticsArbitraries';
import { sampleAttempt } from './sampleAttempts';

const finishedAttempt = sampleAttempt;

const quizModule: XapiModule = {
  moduleId: 'm',
  title: 'Module, "quoted"',
  questions: [
    {
      id: 'q1',
      prompt: 'Pick two',
      choices: [
        { key: 'k1', text: 'One', correct: true },
        { key: 'k2', text: 'Two', correct: true },
        { key: 'k3', text: '-1', correct: false },
      ],
    },
  ],
};

const sample: ScoresExport = {
  format: EXPORT_FORMAT,
  version: 1,
  exportedAt: '2026-11-29T00:00:00.000Z',
  modules: [{ ...quizModule, attempts: [finishedAttempt('3f2b8a64-1c7e-4d2a-9b3e-5a6c7d8e9f01', 1, true), finishedAttempt('a2', 2, false)] }],
};

const actor = { homePage: 'https://example.org', name: 'learner-1' };

/** The validator's warnings, as readable lines (none is the goal). */
function warnings(statement: Statement): string[] {
  return validateStatement(JSON.parse(JSON.stringify(statement))).map((w) => `${w.path.join('.')}: ${w.constructor.name} ${JSON.stringify(w)}`);
}

interface Shape {
  id: string;
  actor: Record<string, unknown>;
  verb: { id: string };
  object: { id: string; definition: { type: string; interactionType: string; correctResponsesPattern: string[]; choices: { id: string }[] } };
  result: { response: string; success: boolean; completion?: boolean; score: { raw: number; min: number; max: number; scaled: number }; duration: string };
  context: { registration: string; contextActivities?: { parent: { id: string }[] }; extensions: Record<string, unknown> };
  timestamp: string;
}

describe('xAPI statements', () => {
  it('makes one answered statement per answer with a choice interaction by stable keys', () => {
    const statements = toXapi(sample, actor, 'en');
    assert.equal(statements.length, 4);
    const s = statements[0] as unknown as Shape;
    assert.ok(isUuid(s.id) && uuidVersion(s.id) === 5, 'a name-based (version 5) UUID');
    assert.deepEqual(s.actor, { objectType: 'Agent', account: { homePage: 'https://example.org', name: 'learner-1' } });
    assert.equal(s.verb.id, XAPI_ANSWERED);
    assert.equal(s.object.id, 'urn:quiz-modules:module:m:question:q1');
    assert.equal(s.object.definition.type, XAPI_INTERACTION);
    assert.equal(s.object.definition.interactionType, 'choice');
    assert.deepEqual(s.object.definition.correctResponsesPattern, ['k1[,]k2']);
    assert.deepEqual(s.object.definition.choices.map((c) => c.id), ['k1', 'k2', 'k3']);
    assert.equal(s.result.response, 'k2[,]k1');
    assert.equal(s.result.success, true);
    assert.deepEqual(s.result.score, { raw: 2, min: 0, max: 2, scaled: 1 });
    assert.equal(s.result.duration, 'PT30S');
    assert.equal(s.timestamp, '2026-11-01T10:00:30.000Z');
    assert.equal(s.context.registration, '3f2b8a64-1c7e-4d2a-9b3e-5a6c7d8e9f01');
    assert.equal(s.context.contextActivities!.parent[0]!.id, 'urn:quiz-modules:module:m');
    assert.equal(s.context.extensions[EXT_ATTEMPT_KIND], 'full');
    // An attempt id that is not a UUID still gets a registration, made from it, the same each time.
    const other = statements[2] as unknown as Shape;
    assert.ok(isUuid(other.context.registration));
    assert.deepEqual(toXapi(sample, actor, 'en'), statements, 'the same statements on every export');
    assert.equal(new Set(statements.map((x) => x['id'])).size, 4);
  });

  it('makes ids from what a statement is about: version 5 under our namespace, different per learner, verb and answer', () => {
    assert.equal(stableUuid('a'), stableUuid('a'));
    assert.notEqual(stableUuid('a'), stableUuid('b'));
    assert.equal(uuidVersion(stableUuid('a')), 5);
    const attempt = sample.modules[0]!.attempts[0]!;
    const mine = attemptStatements(quizModule, attempt, actor).map((s) => s['id']);
    const theirs = attemptStatements(quizModule, attempt, { ...actor, name: 'learner-2' }).map((s) => s['id']);
    assert.equal(new Set([...mine, ...theirs]).size, mine.length + theirs.length);
  });

  it('describes a full attempt: attempted, answered per answer, completed, then passed or failed, all under its registration', () => {
    const passed = attemptStatements(quizModule, sample.modules[0]!.attempts[0]!, actor) as unknown as Shape[];
    assert.deepEqual(passed.map((s) => s.verb.id), [XAPI_ATTEMPTED, XAPI_ANSWERED, XAPI_ANSWERED, XAPI_COMPLETED, XAPI_PASSED]);
    assert.ok(passed.every((s) => s.context.registration === '3f2b8a64-1c7e-4d2a-9b3e-5a6c7d8e9f01'));
    const completed = passed[3]!;
    assert.equal(completed.object.id, 'urn:quiz-modules:module:m');
    assert.deepEqual(completed.result.score, { raw: 2, min: 0, max: 3, scaled: 2 / 3 });
    assert.equal(completed.result.duration, 'PT2M');
    assert.equal(completed.result.completion, true);
    assert.equal(passed[4]!.result.success, true);
    const failed = attemptStatements(quizModule, sample.modules[0]!.attempts[1]!, actor) as unknown as Shape[];
    assert.equal(failed[4]!.verb.id, XAPI_FAILED);
    assert.equal(failed[4]!.result.success, false);
    // Practice and review: only their answers, marked as such.
    const practice = attemptStatements(quizModule, finishedAttempt('p', 3, true, { kind: 'practice' }), actor) as unknown as Shape[];
    assert.deepEqual(practice.map((s) => s.verb.id), [XAPI_ANSWERED, XAPI_ANSWERED]);
    assert.ok(practice.every((s) => s.context.extensions[EXT_ATTEMPT_KIND] === 'practice'));
  });

  it('names the learner only when asked: a name beside the account, or an email in its place', () => {
    const attempt = sample.modules[0]!.attempts[0]!;
    const named: XapiIdentity = { account: actor, displayName: 'Ada' };
    const mailed: XapiIdentity = { account: actor, displayName: 'Ada', email: 'ada@school.example' };
    const [a] = attemptStatements(quizModule, attempt, named);
    const [b] = attemptStatements(quizModule, attempt, mailed);
    const [c] = attemptStatements(quizModule, attempt, actor);
    assert.deepEqual(a!['actor'], { objectType: 'Agent', name: 'Ada', account: actor });
    assert.deepEqual(b!['actor'], { objectType: 'Agent', name: 'Ada', mbox: 'mailto:ada@school.example' });
    assert.equal(a!['id'], c!['id'], 'the id stays the pseudonymous one, so a resend after the choice is still one statement');
  });

  it('puts activities under an author-chosen base IRI, and falls back to our URNs for a base that is not an IRI', () => {
    assert.equal(moduleActivityId('m', 'https://school.example/quizzes/'), 'https://school.example/quizzes/m');
    assert.equal(moduleActivityId('m', 'https://school.example/quizzes'), 'https://school.example/quizzes/m');
    assert.equal(questionActivityId('m', 'q 1', 'https://school.example/quizzes'), 'https://school.example/quizzes/m/q%201');
    assert.equal(moduleActivityId('m', 'not an iri'), 'urn:quiz-modules:module:m');
    assert.equal(activityBaseProblem('https://school.example/q'), undefined);
    assert.match(activityBaseProblem('school.example/q') ?? '', /absolute IRI/);
    const s = attemptStatements(quizModule, sample.modules[0]!.attempts[0]!, actor, { activityBase: 'https://school.example/quizzes/' }) as unknown as Shape[];
    assert.equal(s[1]!.object.id, 'https://school.example/quizzes/m/q1');
    assert.deepEqual(s.map((x) => warnings(x as unknown as Statement)), s.map(() => []));
  });

  it('every kind of statement passes Learning Locker\'s validator with no warning', () => {
    const identities: (typeof actor | XapiIdentity)[] = [actor, { account: actor, displayName: 'Ada' }, { account: actor, email: 'ada@school.example' }];
    const attempts = [...sample.modules[0]!.attempts, finishedAttempt('p', 3, true, { kind: 'review' })];
    const all = identities.flatMap((who) => attempts.flatMap((attempt) => attemptStatements(quizModule, attempt, who, { lang: 'de-DE' })));
    assert.deepEqual(new Set(all.map((s) => (s['verb'] as { id: string }).id)), new Set([XAPI_ATTEMPTED, XAPI_ANSWERED, XAPI_COMPLETED, XAPI_PASSED, XAPI_FAILED]));
    for (const statement of all) assert.deepEqual(warnings(statement), [], JSON.stringify(statement));
    // The validator does find faults: a statement with a made-up id and no actor gets warnings.
    assert.ok(warnings({ ...all[0]!, id: 'not-a-uuid', actor: undefined }).length >= 2);
  });

  it('random attempts make only valid statements, each id once, and a save adds exactly what it changed (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 3 }), (attempts, cut) => {
        const all = attempts.flatMap((a) => attemptStatements(quizModule, a, actor));
        for (const statement of all) assert.deepEqual(warnings(statement), []);
        assert.equal(new Set(all.map((s) => s['id'])).size, all.length);
        // The record saved answer by answer sends, in total, the statements of the whole record.
        const last = attempts[attempts.length - 1]!;
        const entries = Object.entries(last.answers);
        const partial: AttemptRecord = { ...last, answers: Object.fromEntries(entries.slice(0, Math.min(cut, entries.length))) };
        delete (partial as { finishedAt?: string }).finishedAt;
        delete (partial as { result?: unknown }).result;
        const before: ProgressRecord = { version: 3, moduleId: 'm', attempts: [...attempts.slice(0, -1), partial] };
        const after: ProgressRecord = { version: 3, moduleId: 'm', attempts };
        const sent = [...recordStatements(quizModule, undefined, before, actor), ...recordStatements(quizModule, before, after, actor)].map((s) => s['id']).sort();
        assert.deepEqual(sent, all.map((s) => s['id']).sort());
        assert.deepEqual(recordStatements(quizModule, after, after, actor), [], 'an unchanged record sends nothing');
      }),
      { numRuns: 150 },
    );
  });

  it('writes durations as ISO 8601', () => {
    assert.equal(isoDuration(0), 'PT0S');
    assert.equal(isoDuration(1500), 'PT1.5S');
    assert.equal(isoDuration(61_000), 'PT1M1S');
    assert.equal(isoDuration(3_600_000), 'PT1H');
    assert.equal(isoDuration(3_723_450), 'PT1H2M3.45S');
  });
});
