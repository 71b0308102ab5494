import * as assert from 'node:assert/strict';
import { formatString } from '../../src/core/util/translate';
import { checkFromModulePage, parsePersistedState, type FromModulePageMessage } from '../../src/protocol/modulePage';
import { WEBVIEW_STRINGS } from '../../src/protocol/webviewStrings';

/** The typed message, or undefined for anything that is not exactly one of the module page's messages. */
function parseFromWebview(value: unknown): FromModulePageMessage | undefined {
  const checked = checkFromModulePage(value);
  return 'message' in checked ? checked.message : undefined;
}

describe('the module page guard', () => {
  it('accepts each message of the protocol', () => {
    for (const type of ['ready', 'start', 'restart', 'review', 'showScores', 'retry']) assert.deepEqual(parseFromWebview({ type }), { type });
    assert.deepEqual(parseFromWebview({ type: 'hint', attemptId: 'a', questionId: 'q' }), { type: 'hint', attemptId: 'a', questionId: 'q' });
    assert.deepEqual(parseFromWebview({ type: 'answer', attemptId: 'a', questionId: 'q', picks: ['k'], confidence: 'unsure', hinted: true }), {
      type: 'answer',
      attemptId: 'a',
      questionId: 'q',
      picks: ['k'],
      confidence: 'unsure',
      hinted: true,
    });
    assert.deepEqual(parseFromWebview({ type: 'next', attemptId: 'a' }), { type: 'next', attemptId: 'a' });
    assert.deepEqual(parseFromWebview({ type: 'answer', attemptId: 'a', questionId: 'q', picks: ['1x2k9z', 'ab.1'] }), {
      type: 'answer',
      attemptId: 'a',
      questionId: 'q',
      picks: ['1x2k9z', 'ab.1'],
    });
  });

  const malformed: [string, unknown][] = [
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['an unknown type', { type: 'grade' }],
    ['a type of the wrong kind', { type: 1 }],
    ['extra fields', { type: 'ready', command: 'workbench.action.quit' }],
    ['an answer without picks', { type: 'answer', attemptId: 'a', questionId: 'q' }],
    ['empty picks', { type: 'answer', attemptId: 'a', questionId: 'q', picks: [] }],
    ['negative picks', { type: 'answer', attemptId: 'a', questionId: 'q', picks: [-1] }],
    ['fractional picks', { type: 'answer', attemptId: 'a', questionId: 'q', picks: [0.5] }],
    ['number picks (choice indexes of old)', { type: 'answer', attemptId: 'a', questionId: 'q', picks: [0] }],
    ['picks that are no key', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['<b>'] }],
    ['a very long pick', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['a'.repeat(100)] }],
    ['too many picks', { type: 'answer', attemptId: 'a', questionId: 'q', picks: Array.from({ length: 11 }, (_, i) => i % 10) }],
    ['a huge id', { type: 'answer', attemptId: 'a'.repeat(10_000), questionId: 'q', picks: [0] }],
    ['an empty attempt id', { type: 'next', attemptId: '' }],
    ['a prototype trick', JSON.parse('{"type":"answer","attemptId":"a","questionId":"q","picks":[0],"__proto__":{"x":1}}')],
    ['an inherited name as type', { type: 'constructor' }],
    ['__proto__ as type', { type: '__proto__' }],
    ['an unknown confidence', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['k'], confidence: 'certain' }],
    ['a confidence of the wrong kind', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['k'], confidence: 1 }],
    ['a hint mark that is not true', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['k'], hinted: 'yes' }],
    ['a false hint mark', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['k'], hinted: false }],
    ['a hint request without a question', { type: 'hint', attemptId: 'a' }],
    ['a hint request with the hint text', { type: 'hint', attemptId: 'a', questionId: 'q', html: '<b>x</b>' }],
    ['a retry with a module id', { type: 'retry', moduleId: 'other' }],
  ];
  for (const [name, value] of malformed) {
    it(`drops ${name}`, () => assert.equal(parseFromWebview(value), undefined));
  }

  it('says what is wrong with a dropped message', () => {
    const problem = (value: unknown) => {
      const checked = checkFromModulePage(value);
      assert.ok('problem' in checked, 'the value is refused');
      return checked.problem;
    };
    assert.equal(problem('ready'), 'a message must be an object, not "ready"');
    assert.equal(problem(null), 'a message must be an object, not null');
    assert.equal(problem({ type: 'grade' }), 'unknown message type "grade"');
    assert.equal(problem({ type: 'ready', command: 'workbench.action.quit' }), '"ready" has an unexpected field "command"');
    assert.match(problem({ type: 'answer', attemptId: 'a', questionId: 'q', picks: [-1] }), /each pick must be a choice key/);
    assert.match(problem({ type: 'answer', attemptId: 'a', questionId: 'q' }), /"picks" must be a list of 1 to 10/);
    assert.match(problem({ type: 'next', attemptId: '' }), /"attemptId" must be a text/);
  });
});

describe('parsePersistedState', () => {
  it('reads what the webview saved and tolerates junk', () => {
    assert.deepEqual(parsePersistedState({ moduleId: 'm', view: 'quiz', scrollY: 12 }), { moduleId: 'm', view: 'quiz', scrollY: 12 });
    assert.deepEqual(parsePersistedState({ moduleId: 'm', view: 'x', scrollY: 'far' }), { moduleId: 'm', view: 'article', scrollY: 0 });
    assert.equal(parsePersistedState(undefined), undefined);
    assert.equal(parsePersistedState({ view: 'quiz' }), undefined);
  });
});

describe('webview strings', () => {
  it('fills placeholders like vscode.l10n.t', () => {
    assert.equal(formatString(WEBVIEW_STRINGS.questionOf, 3, 16), 'Question 3 of 16');
    assert.equal(formatString('{0} and {1} and {0}', 'a', 'b'), 'a and b and a');
    assert.equal(formatString('{2}', 'a'), '{2}');
  });
});
