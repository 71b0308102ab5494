import * as assert from 'node:assert/strict';
import { formatProblem } from '../../src/core/problems';
import { english, type Translate } from '../../src/core/translate';
import { articlePathProblem, checkSections, validateModuleText } from '../../src/core/validateModule';

/** A valid module as text, one property a line, so locations are easy to state. */
function moduleText(overrides: Record<string, unknown> = {}, question: Record<string, unknown> = {}): string {
  const base = {
    version: 1,
    id: 'sample',
    title: 'Sample',
    questions: [
      {
        id: 'q1',
        prompt: 'Pick one',
        choices: [{ text: 'A', correct: true }, { text: 'B' }],
        ...question,
      },
    ],
    ...overrides,
  };
  return JSON.stringify(base, null, 2);
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function locate(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" not in text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Position of the value written after `"key": ` (its first occurrence). */
function valueAfter(text: string, key: string): string {
  const start = text.indexOf(`"${key}": `);
  assert.ok(start >= 0, `no key ${key}`);
  return text.slice(start);
}

function assertValueProblem(text: string, key: string, messagePart: RegExp): void {
  const problem = onlyProblem(text);
  const rest = valueAfter(text, key);
  const offset = text.length - rest.length + `"${key}": `.length;
  assert.equal(problem.offset, offset, `${problem.message} at ${problem.line}:${problem.column}`);
  assert.match(problem.message, messagePart);
}

function onlyProblem(text: string) {
  const result = validateModuleText(text, 'm.quiz.json');
  assert.equal(result.module, undefined, 'a module with a problem must not load');
  assert.equal(result.problems.length, 1, result.problems.map(formatProblem).join('\n'));
  return result.problems[0]!;
}

function assertProblemAt(text: string, needle: string, messagePart: RegExp): void {
  const problem = onlyProblem(text);
  const expected = locate(text, needle);
  assert.deepEqual({ line: problem.line, column: problem.column }, expected, problem.message);
  assert.match(problem.message, messagePart);
}

describe('validateModuleText', () => {
  it('accepts a valid module and applies every default', () => {
    const result = validateModuleText(moduleText(), 'm.quiz.json');
    assert.deepEqual(result.problems, []);
    const module = result.module!;
    assert.equal(module.passingScore, 70);
    assert.equal(module.shuffleQuestions, false);
    assert.equal(module.shuffleChoices, false);
    assert.equal(module.partialCredit, false);
    assert.equal(module.feedbackTiming, 'immediate');
    assert.equal(module.questions[0]!.points, 1);
    assert.equal(module.questions[0]!.choices[1]!.correct, false);
    assert.equal(module.questions[0]!.choices[1]!.fixed, false);
  });

  it('accepts the full example of the format page, with fields it does not know', () => {
    const text = moduleText(
      {
        $schema: './quiz-module.schema.json',
        description: 'd',
        article: 'a.md',
        passingScore: 80,
        shuffleQuestions: true,
        shuffleChoices: true,
        partialCredit: true,
        feedbackTiming: 'end',
        futureField: { anything: true },
      },
      {
        choices: [{ text: 'A', correct: true, feedback: 'yes' }, { text: 'B', correct: true }, { text: 'None', fixed: true }],
        explanation: 'because',
        section: 'intro',
        points: 2.5,
      },
    );
    const result = validateModuleText(text, 'm.quiz.json');
    assert.deepEqual(result.problems, []);
    assert.equal(result.module!.feedbackTiming, 'end');
    assert.equal(result.module!.questions[0]!.points, 2.5);
    assert.equal(result.module!.questions[0]!.choices[2]!.fixed, true);
  });

  it('locates JSON syntax errors', () => {
    const text = '{\n  "version": 1,\n  "id": "x"\n  "title": "t"\n}';
    const problems = validateModuleText(text, 'm.quiz.json').problems;
    assert.ok(problems.length >= 1);
    assert.equal(problems[0]!.line, 4);
    assert.equal(problems[0]!.column, 3);
    assert.match(problems[0]!.message, /comma/i);
  });

  it('refuses comments and an empty file', () => {
    assert.match(validateModuleText('// hi\n{}', 'm').problems[0]!.message, /comment/i);
    assert.match(validateModuleText('', 'm').problems[0]!.message, /empty/);
  });

  it('refuses a top level that is not an object', () => {
    assertProblemAt('[1, 2]', '[', /must be a JSON object/);
  });

  it('requires version 1', () => {
    assertProblemAt(moduleText({ version: 2 }), '2', /"version" must be 1/);
    const text = moduleText();
    assertProblemAt(text.replace('"version": 1,\n', ''), '{', /"version" is required/);
  });

  it('requires an id of the right pattern', () => {
    assertProblemAt(moduleText({ id: 'Has Caps' }), '"Has Caps"', /not a valid id/);
    assertProblemAt(moduleText({ id: '-lead' }), '"-lead"', /not a valid id/);
    assertProblemAt(moduleText({ id: 'a'.repeat(65) }), `"${'a'.repeat(65)}"`, /not a valid id/);
    assertProblemAt(moduleText({ id: 7 }), '7', /must be a string/);
    assert.equal(validateModuleText(moduleText({ id: 'a'.repeat(64) }), 'm').problems.length, 0);
  });

  it('requires a non-empty title', () => {
    assertProblemAt(moduleText({ title: '  ' }), '"  "', /"title" must not be empty/);
    assertProblemAt(moduleText({ title: null }), 'null', /"title" must be a string, not null/);
  });

  it('checks the types of optional fields', () => {
    assertProblemAt(moduleText({ description: 3 }), '3', /"description" must be a string/);
    assertProblemAt(moduleText({ shuffleChoices: 'yes' }), '"yes"', /"shuffleChoices" must be true or false/);
    assertValueProblem(moduleText({ shuffleQuestions: 1 }), 'shuffleQuestions', /"shuffleQuestions" must be true or false/);
    assertProblemAt(moduleText({ partialCredit: 'no' }), '"no"', /"partialCredit"/);
    assertProblemAt(moduleText({ feedbackTiming: 'later' }), '"later"', /"immediate" or "end"/);
  });

  it('keeps passingScore between 0 and 100', () => {
    assertProblemAt(moduleText({ passingScore: 101 }), '101', /percent from 0 to 100/);
    assertProblemAt(moduleText({ passingScore: -1 }), '-1', /percent from 0 to 100/);
    assertProblemAt(moduleText({ passingScore: '70' }), '"70"', /must be a number/);
    assert.equal(validateModuleText(moduleText({ passingScore: 0 }), 'm').module!.passingScore, 0);
  });

  it('keeps the article a relative .md path inside the module folder', () => {
    assertProblemAt(moduleText({ article: 'notes.txt' }), '"notes.txt"', /ending in "\.md"/);
    assertProblemAt(moduleText({ article: '../up.md' }), '"../up.md"', /stay inside/);
    assertProblemAt(moduleText({ article: '/etc/a.md' }), '"/etc/a.md"', /relative/);
    assertProblemAt(moduleText({ article: 'https://x.test/a.md' }), '"https://x.test/a.md"', /relative/);
    assert.equal(articlePathProblem('docs/../a.md'), undefined);
    assert.equal(articlePathProblem('./docs/a.md'), undefined);
    assert.match(articlePathProblem('docs/../../a.md')!, /stay inside/);
  });

  it('requires at least one question', () => {
    assertProblemAt(moduleText({ questions: [] }), '[]', /at least one question/);
    assertProblemAt(moduleText({ questions: {} }), '{}', /must be an array/);
  });

  it('requires unique question ids of the right pattern', () => {
    const q = { prompt: 'p', choices: [{ text: 'A', correct: true }, { text: 'B' }] };
    const text = JSON.stringify({ version: 1, id: 'm', title: 't', questions: [{ id: 'same', ...q }, { id: 'same', ...q }] }, null, 2);
    const problem = onlyProblem(text);
    const second = text.indexOf('"same"', text.indexOf('"same"') + 1);
    assert.equal(problem.offset, second);
    assert.match(problem.message, /already used by question 1/);
    assertProblemAt(moduleText({}, { id: 'Q 1' }), '"Q 1"', /not a valid id/);
  });

  it('requires a prompt', () => {
    assertProblemAt(moduleText({}, { prompt: '' }), '""', /"prompt" must not be empty/);
  });

  it('requires 2 to 10 choices', () => {
    assertValueProblem(moduleText({}, { choices: [{ text: 'A', correct: true }] }), 'choices', /2 to 10 choices, this one has 1/);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ text: `c${i}`, correct: i === 0 }));
    assert.match(onlyProblem(moduleText({}, { choices: eleven })).message, /this one has 11/);
  });

  it('requires at least one correct choice', () => {
    const problem = onlyProblem(moduleText({}, { choices: [{ text: 'A' }, { text: 'B', correct: false }] }));
    assert.match(problem.message, /no choice is marked "correct": true/);
  });

  it('requires unique choice texts', () => {
    const text = moduleText({}, { choices: [{ text: 'Same', correct: true }, { text: 'Same' }] });
    const problem = onlyProblem(text);
    assert.equal(problem.offset, text.indexOf('"Same"', text.indexOf('"Same"') + 1));
    assert.match(problem.message, /repeats choice 1/);
  });

  it('checks the fields of a choice', () => {
    assertProblemAt(moduleText({}, { choices: ['A', { text: 'B', correct: true }] }), '"A"', /must be an object with a "text"/);
    assertProblemAt(moduleText({}, { choices: [{ text: 'A', correct: 'yes' }, { text: 'B', correct: true }] }), '"yes"', /"correct" must be true or false/);
    assertValueProblem(moduleText({}, { choices: [{ text: 'A', correct: true, feedback: 1 }, { text: 'B' }] }), 'feedback', /"feedback" must be a string/);
    assertProblemAt(moduleText({}, { choices: [{ text: 'A', correct: true }, { text: 'B', fixed: 'no' }] }), '"no"', /"fixed" must be true or false/);
  });

  it('requires positive points', () => {
    assertValueProblem(moduleText({}, { points: 0 }), 'points', /positive number/);
    assertProblemAt(moduleText({}, { points: -2 }), '-2', /positive number/);
  });

  it('checks explanation and section types', () => {
    assertValueProblem(moduleText({}, { explanation: ['x'] }), 'explanation', /"explanation" must be a string/);
    assertProblemAt(moduleText({}, { section: 5 }), '5', /"section" must be a string/);
  });

  it('reports a property written twice', () => {
    const text = '{"version": 1, "id": "a", "id": "b", "title": "t", "questions": [{"id": "q", "prompt": "p", "choices": [{"text": "A", "correct": true}, {"text": "B"}]}]}';
    const problem = onlyProblem(text);
    assert.equal(problem.offset, text.indexOf('"id"', text.indexOf('"id"') + 1));
    assert.match(problem.message, /written twice/);
  });

  it('reports every problem of a file, each with its own location', () => {
    const text = moduleText({ version: 3, title: '' }, { points: -1 });
    const problems = validateModuleText(text, 'dir/m.quiz.json').problems;
    assert.equal(problems.length, 3);
    assert.ok(problems.every((p) => formatProblem(p).startsWith(`dir/m.quiz.json:${p.line}:${p.column}: `)));
  });

  it('reports sections that are not headings of the article', () => {
    const text = moduleText({ article: 'a.md' }, { section: 'missing-heading' });
    const validation = validateModuleText(text, 'm.quiz.json');
    assert.ok(validation.module);
    assert.deepEqual(checkSections(validation, new Set(['missing-heading']), text, 'm.quiz.json'), []);
    const problems = checkSections(validation, new Set(['intro', 'the-visit']), text, 'm.quiz.json');
    assert.equal(problems.length, 1);
    assert.deepEqual({ line: problems[0]!.line, column: problems[0]!.column }, locate(text, '"missing-heading"'));
    assert.match(problems[0]!.message, /not a heading of the article.*"intro"/);
  });

  it('words every message through the translator it is given', () => {
    // A pseudo-translation marks each piece it words; every message must come out marked.
    const marked: Translate = (message, ...args) => `«${english(message, ...args)}»`;
    const broken = [
      '',
      '[]',
      '{ "version": 1, ',
      moduleText({ version: 2, id: 'Bad Id', title: 7, passingScore: 300, feedbackTiming: 'later', article: '../a.txt' }),
      moduleText({}, { choices: [{ text: 'a' }, { text: 'a' }, 3], points: -1, section: '' }),
      moduleText({ questions: [] }),
    ];
    let count = 0;
    for (const text of broken) {
      for (const problem of validateModuleText(text, 'm.quiz.json', marked).problems) {
        count++;
        assert.match(problem.message, /^«.*»$/s, problem.message);
      }
    }
    assert.ok(count >= 12, `${count} problems`);
    const sections = moduleText({ article: 'a.md' }, { section: 'missing' });
    const [section] = checkSections(validateModuleText(sections, 'm.quiz.json'), new Set(['intro']), sections, 'm.quiz.json', marked);
    assert.match(section!.message, /^«Question "q1": section "missing"/);
  });

  it('gives an end position for editor ranges', () => {
    const text = moduleText({ id: 'Bad Id' });
    const problem = onlyProblem(text);
    assert.equal(problem.endLine, problem.line);
    assert.equal(problem.endColumn, problem.column + '"Bad Id"'.length);
  });
});
