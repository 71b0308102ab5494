import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { choiceWords, convergenceScores, LINT_RULES, lintModule, numberRange, plainChoice } from '../../src/core/checks/lint';
import { articleHeadings } from '../../src/core/markdown/markdown';
import { formatProblem } from '../../src/core/checks/problems';
import { validateModuleText } from '../../src/core/checks/validateModule';

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

  it('knows nine rules', () => {
    assert.equal(LINT_RULES.length, 9);
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

  it('convergence-cue: a key built from the parts most distractors share, at the key', () => {
    const m = clean();
    // Each distractor changes one part of the key: the key is the only one with both common parts.
    m.questions[0]!['choices'] = [
      { text: 'About 1.5 million, mostly in the north', correct: true },
      { text: 'About 1.5 million, mostly in the south', feedback: 'x' },
      { text: 'About 15 million, mostly in the north', feedback: 'y' },
      { text: 'About 150,000, mostly in the north', feedback: 'z' },
    ];
    const found = lint(m);
    assert.deepEqual(found.map((p) => [p.rule, p.at]), [['convergence-cue', '"About 1.5 million, mostly in the north"']]);
    assert.match(found[0]!.message, /shares more of its wording/);
  });

  it('convergence-cue: no cue when the parts are balanced, the wording is not shared, or several choices are right', () => {
    const balanced = clean();
    // Every part appears in two choices: the key shares no more than any distractor.
    balanced.questions[0]!['choices'] = [
      { text: 'About 1.5 million, mostly in the north', correct: true },
      { text: 'About 1.5 million, mostly in the south', feedback: 'x' },
      { text: 'About 300,000, mostly in the north', feedback: 'y' },
      { text: 'About 300,000, mostly in the south', feedback: 'z' },
    ];
    assert.deepEqual(lint(balanced), []);
    const selectAll = clean();
    selectAll.questions[1]!['choices'] = [
      { text: 'Among the most important, behind Russia', correct: true },
      { text: 'Among the most important, ahead of Russia', correct: true },
      { text: 'Among the most important, behind the EU', feedback: 'x' },
    ];
    assert.deepEqual(lint(selectAll), [], 'a select-all question is not a one-key puzzle');
    assert.deepEqual(lint(clean()), [], 'distinct code choices share nothing worth counting');
  });

  it('convergence-cue: words are compared without stop words, case or a trailing "\'s", numbers kept whole', () => {
    assert.deepEqual([...choiceWords("The *Nazarbayev's* choice, 1.25 to 150,000 of it")], ['nazarbayev', 'choice', '1.25', '150,000']);
    assert.deepEqual(convergenceScores(['red apple', 'red pear', 'green apple']), [2, 1, 1]);
  });

  it('convergence-cue: never flags a key that some distractor matches in shared wording (fast-check)', () => {
    const word = fc.constantFrom('north', 'south', 'million', 'thousand', 'river', 'lake', 'oil', 'gas');
    const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.uniqueArray(text, { minLength: 3, maxLength: 6 }), fc.nat(), (texts, k) => {
        const key = k % texts.length;
        const scores = convergenceScores(texts);
        const m = clean();
        m.questions[0]!['choices'] = texts.map((t, i) => (i === key ? { text: t, correct: true } : { text: t, feedback: 'f' }));
        const flagged = lint(m).some((p) => p.rule === 'convergence-cue');
        const expected = scores[key]! >= 2 && scores.every((s, i) => i === key || s < scores[key]!);
        assert.equal(flagged, expected, JSON.stringify({ texts, key, scores }));
      }),
      { numRuns: 200 },
    );
  });

  it('overlapping-choices: two number ranges with a value in common, in a one-answer question', () => {
    const m = clean();
    m.questions[0]!['choices'] = [
      { text: 'Less than 5%', correct: true },
      { text: 'Less than 1%', feedback: 'x' },
      { text: '10 to 20%', feedback: 'y' },
      { text: 'More than 15%', feedback: 'z' },
    ];
    assert.deepEqual(lint(m).map((p) => [p.rule, p.at]), [
      ['overlapping-choices', '"Less than 1%"'],
      ['overlapping-choices', '"More than 15%"'],
    ]);
    assert.match(lint(m)[0]!.message, /choices 1 and 2 are number ranges/);
  });

  it('overlapping-choices: ranges that only touch, other units, vague amounts and thresholds are left alone', () => {
    const m = clean();
    m.questions[0]!['choices'] = [
      { text: 'Less than 5%', correct: true },
      { text: '5 to 10%', feedback: 'x' },
      { text: 'More than 10%', feedback: 'y' },
      { text: 'Less than 5 days', feedback: 'z' },
      { text: 'Nearly 4%', feedback: 'v' },
      { text: 'At least 2%', feedback: 'w' },
    ];
    assert.deepEqual(lint(m), []);
    assert.deepEqual(numberRange('Between 1.25 and 1.5 million'), { low: 1.25, high: 1.5, lowIn: true, highIn: true, unit: 'million' });
    assert.deepEqual(numberRange('Over 150,000 people'), { low: 150000, high: Infinity, lowIn: false, highIn: false, unit: 'people' });
    assert.equal(numberRange('About 5%'), undefined);
    assert.equal(numberRange('At least 4.5:1'), undefined);
    assert.equal(numberRange('Two days'), undefined);
  });

  it('overlapping-choices: finds exactly the pairs of ranges that share a value (fast-check)', () => {
    const bound = fc.integer({ min: 0, max: 20 });
    const range = fc.oneof(
      bound.map((n) => ({ text: `Less than ${n}%`, low: -Infinity, high: n, lowIn: false, highIn: false })),
      bound.map((n) => ({ text: `More than ${n}%`, low: n, high: Infinity, lowIn: false, highIn: false })),
      bound.map((n) => ({ text: `${n}%`, low: n, high: n, lowIn: true, highIn: true })),
      fc.tuple(bound, bound).map(([a, b]) => ({ text: `${Math.min(a, b)} to ${Math.max(a, b)}%`, low: Math.min(a, b), high: Math.max(a, b), lowIn: true, highIn: true })),
    );
    // Sample the values in halves: every range here starts and ends on a whole number.
    const holds = (r: { low: number; high: number; lowIn: boolean; highIn: boolean }, x: number) =>
      (x > r.low || (x === r.low && r.lowIn)) && (x < r.high || (x === r.high && r.highIn));
    const share = (a: Parameters<typeof holds>[0], b: Parameters<typeof holds>[0]) => {
      for (let x = -1; x <= 21; x += 0.5) if (holds(a, x) && holds(b, x)) return true;
      return false;
    };
    fc.assert(
      fc.property(fc.uniqueArray(range, { minLength: 2, maxLength: 5, selector: (r) => r.text }), (ranges) => {
        const m = clean();
        m.questions[0]!['choices'] = ranges.map((r, i) => (i === 0 ? { text: r.text, correct: true } : { text: r.text, feedback: 'f' }));
        const flagged = lint(m).filter((p) => p.rule === 'overlapping-choices').map((p) => p.at);
        const expected = ranges.filter((r, i) => ranges.some((o, j) => j < i && share(o, r))).map((r) => JSON.stringify(r.text));
        assert.deepEqual(flagged, expected);
      }),
      { numRuns: 300 },
    );
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
