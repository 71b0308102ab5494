import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { LINT_RULES, lintModule, plainChoice } from '../../src/core/lint';
import { articleHeadings } from '../../src/core/markdown';
import { formatProblem } from '../../src/core/problems';
import { validateModuleText } from '../../src/core/validateModule';

const article = '# Title\n\n## The index\n\nText.\n';

/** A module that passes every rule; each test breaks one thing. */
function clean(): Record<string, unknown> & { questions: Record<string, unknown>[] } {
  return {
    version: 1,
    id: 'lint',
    title: 'Lint',
    article: 'lint.md',
    shuffleChoices: true,
    questions: [
      {
        id: 'one',
        prompt: 'Which command stages a file?',
        choices: [
          { text: '`git add`', correct: true },
          { text: '`git commit`', feedback: 'Commit records what is staged already.' },
          { text: '`git push`', feedback: 'Push sends commits elsewhere.' },
        ],
        explanation: 'The index holds what the next commit will record.',
        section: 'the-index',
      },
      {
        id: 'two',
        prompt: 'Which of these change the index? Select all that apply.',
        choices: [
          { text: '`git add`', correct: true },
          { text: '`git rm`', correct: true },
          { text: '`git log`', feedback: 'Log only reads history.' },
        ],
        explanation: 'Both add and rm update the index.',
        section: 'the-index',
      },
    ],
  };
}

function lint(value: object, ignore: string[] = []) {
  const text = JSON.stringify(value, null, 2);
  const validation = validateModuleText(text, 'lint.quiz.json');
  assert.ok(validation.module, validation.problems.map(formatProblem).join('\n'));
  const problems = lintModule({ module: validation.module, text, file: 'lint.quiz.json', locate: validation.locate!, headings: articleHeadings(article), ignore });
  // Every finding is located on the text it is about.
  return problems.map((p) => ({ rule: p.rule, severity: p.severity, at: text.slice(p.offset, p.offset + p.length), line: p.line, message: p.message }));
}

describe('content lint', () => {
  it('finds nothing in a module written well', () => {
    assert.deepEqual(lint(clean()), []);
  });

  it('knows seven rules', () => {
    assert.equal(LINT_RULES.length, 7);
  });

  it('missing-explanation: a question without an explanation, at its id', () => {
    const m = clean();
    delete m.questions[0]!['explanation'];
    assert.deepEqual(lint(m).map((p) => [p.rule, p.severity, p.at]), [['missing-explanation', 'warning', '"one"']]);
  });

  it('distractor-without-feedback: an information at the choice text', () => {
    const m = clean();
    (m.questions[0]!['choices'] as Record<string, unknown>[])[2] = { text: '`git push`' };
    assert.deepEqual(lint(m).map((p) => [p.rule, p.severity, p.at]), [['distractor-without-feedback', 'info', '"`git push`"']]);
  });

  it('length-cue: the right choice much longer than every distractor', () => {
    const m = clean();
    (m.questions[0]!['choices'] as Record<string, unknown>[])[0] = { text: 'The command that adds the file to the index, `git add`', correct: true };
    const found = lint(m);
    assert.deepEqual(found.map((p) => p.rule), ['length-cue']);
    assert.match(found[0]!.at, /^"The command/);
    assert.match(found[0]!.message, /52 characters against at most 10/);
  });

  it('all-or-none-of-the-above: "none of these" in a select-all question, "all of the above" shuffled and not fixed', () => {
    const m = clean();
    (m.questions[1]!['choices'] as Record<string, unknown>[])[2] = { text: 'None of these', feedback: 'x' };
    (m.questions[0]!['choices'] as Record<string, unknown>[])[2] = { text: 'All of the above', feedback: 'x' };
    assert.deepEqual(lint(m).map((p) => [p.rule, p.at]), [
      ['all-or-none-of-the-above', '"All of the above"'],
      ['all-or-none-of-the-above', '"None of these"'],
    ]);
    (m.questions[0]!['choices'] as Record<string, unknown>[])[2] = { text: 'All of the above', feedback: 'x', fixed: true };
    assert.deepEqual(lint(m).map((p) => p.at), ['"None of these"'], 'a fixed "all of the above" is fine');
  });

  it('missing-section: a question without a section when the article has headings', () => {
    const m = clean();
    delete m.questions[1]!['section'];
    assert.deepEqual(lint(m).map((p) => [p.rule, p.at]), [['missing-section', '"two"']]);
  });

  it('duplicate-prompt: the same prompt twice, ignoring case and spaces, at the second', () => {
    const m = clean();
    m.questions[1]!['prompt'] = '  which command STAGES a file? ';
    assert.deepEqual(lint(m).map((p) => [p.rule, p.line > 20]), [['duplicate-prompt', true]]);
  });

  it('duplicate-choice: a choice repeated ignoring case and spaces, but code compared as code', () => {
    const m = clean();
    (m.questions[0]!['choices'] as Record<string, unknown>[]).splice(2, 1, { text: 'Git  Add', feedback: 'x' }, { text: 'git add', feedback: 'y' });
    assert.deepEqual(lint(m).map((p) => [p.rule, p.at]), [['duplicate-choice', '"git add"']]);
    const code = clean();
    (code.questions[0]!['choices'] as Record<string, unknown>[])[2] = { text: '`GIT ADD`', feedback: 'Not the same code.' };
    assert.deepEqual(lint(code), [], '`git add` and `GIT ADD` are different code');
  });

  it('duplicate-choice: a code choice and a text choice with the same characters repeat each other', () => {
    const m = clean();
    (m.questions[0]!['choices'] as Record<string, unknown>[])[2] = { text: 'git add', feedback: 'Looks the same as the code.' };
    assert.deepEqual(lint(m).map((p) => [p.rule, p.at]), [['duplicate-choice', '"git add"']]);
    const other = clean();
    (other.questions[0]!['choices'] as Record<string, unknown>[])[2] = { text: 'Git Add', feedback: 'Not the same characters as the code.' };
    assert.deepEqual(lint(other), [], 'text in another case is not the code `git add`');
  });

  it('reads code spans as their code: backticks go, marks inside code stay', () => {
    assert.deepEqual(plainChoice('`a ** b`'), { text: 'a ** b', code: true });
    assert.deepEqual(plainChoice('``x`y``'), { text: 'x`y', code: true });
    assert.deepEqual(plainChoice('` x `'), { text: 'x', code: true });
    assert.deepEqual(plainChoice('It prints **`a_b`**'), { text: 'It prints a_b', code: false });
    assert.deepEqual(plainChoice('*very*   [long](https://example.com) text'), { text: 'very long text', code: false });
  });

  it('length-cue: code is measured by its code, not its backticks', () => {
    const m = clean();
    // 18 characters of code against a 7-character distractor: no cue (not 15 more), though the
    // written text with its backticks and a wrapping emphasis would be 24.
    const choices = m.questions[0]!['choices'] as Record<string, unknown>[];
    choices[0] = { text: '**`list(range(3))[1:]`**', correct: true };
    choices[1] = { text: '`[1, 2]`', feedback: 'x' };
    choices[2] = { text: '`[0]`', feedback: 'y' };
    assert.deepEqual(lint(m), []);
    choices[0] = { text: '`sorted(set(list(range(30))))[1:]`', correct: true };
    assert.match(lint(m)[0]!.message, /32 characters against at most 6/);
  });

  it('keeps a rule quiet for a question, a module, or everywhere', () => {
    const m = clean();
    delete m.questions[0]!['explanation'];
    delete m.questions[1]!['explanation'];
    assert.equal(lint(m).length, 2);
    m.questions[0]!['lintIgnore'] = ['missing-explanation'];
    assert.deepEqual(lint(m).map((p) => p.at), ['"two"']);
    assert.deepEqual(lint({ ...m, lintIgnore: ['missing-explanation'] }), []);
    assert.deepEqual(lint(clean(), ['missing-explanation']), []);
    delete m.questions[0]!['lintIgnore'];
    assert.deepEqual(lint(m, ['missing-explanation']), []);
  });

  it('refuses a lintIgnore that is not a list of rule names', () => {
    const text = JSON.stringify({ ...clean(), lintIgnore: 'length-cue' }, null, 2);
    const problems = validateModuleText(text, 'm.quiz.json').problems;
    assert.match(problems[0]!.message, /"lintIgnore" must be a list of lint rule names/);
  });

  it('never throws and locates every finding inside the file, on random modules (fast-check)', () => {
    const choice = fc.record({ text: fc.constantFrom('a', 'A', ' a ', '`a`', 'None of these', 'All of the above', 'a much longer choice than the others, by far'), correct: fc.boolean(), fixed: fc.boolean() }, { requiredKeys: ['text'] });
    const question = fc.record(
      { prompt: fc.constantFrom('Same?', 'same?', 'Other?'), choices: fc.uniqueArray(choice, { minLength: 2, maxLength: 5, selector: (c) => c.text }), explanation: fc.constantFrom('Why.', ''), section: fc.constant('the-index') },
      { requiredKeys: ['prompt', 'choices'] },
    );
    fc.assert(
      fc.property(fc.array(question, { minLength: 1, maxLength: 6 }), fc.boolean(), (questions, shuffle) => {
        const value = {
          version: 1,
          id: 'random',
          title: 'Random',
          article: 'lint.md',
          shuffleChoices: shuffle,
          questions: questions.map((q, i) => ({ ...q, id: `q${i}`, choices: q.choices.map((c, j) => ({ ...c, correct: j === 0 ? true : c.correct })) })),
        };
        const text = JSON.stringify(value, null, 2);
        const validation = validateModuleText(text, 'random.quiz.json');
        if (!validation.module) return;
        for (const p of lintModule({ module: validation.module, text, file: 'r', locate: validation.locate!, headings: articleHeadings(article) })) {
          assert.ok(p.offset >= 0 && p.offset + p.length <= text.length && p.line >= 1);
          assert.ok(LINT_RULES.includes(p.rule as (typeof LINT_RULES)[number]));
        }
      }),
      { numRuns: 300 },
    );
  });
});
