import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  MAX_ARTICLE_BYTES,
  MAX_ARTICLE_PATH_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_MARKDOWN_LENGTH,
  MAX_QUESTIONS,
  MAX_SECTION_LENGTH,
  MAX_TITLE_LENGTH,
} from '../../src/core/module/limits';
import { formatProblem } from '../../src/core/checks/problems';
import { english, type Translate } from '../../src/core/util/translate';
import { articlePathProblem, articleSizeProblem } from '../../src/core/checks/article';
import { checkSections } from '../../src/core/checks/sections';
import { validateModuleText } from '../../src/core/checks/validateModule';

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
  it('reads a hint and allowHintsInExam, and refuses an empty hint or a flag that is not a boolean, at the value', () => {
    const result = validateModuleText(moduleText({ feedbackTiming: 'end', allowHintsInExam: true }, { hint: 'Think of **A**.' }), 'm.quiz.json');
    assert.deepEqual(result.problems, []);
    assert.equal(result.module!.questions[0]!.hint, 'Think of **A**.');
    assert.equal(result.module!.allowHintsInExam, true);
    assert.equal(validateModuleText(moduleText(), 'm.quiz.json').module!.allowHintsInExam, undefined, 'hints stay out of exams by default');
    const empty = moduleText({}, { hint: '  ' });
    assertProblemAt(empty, '"  "', /"hint" must not be empty/);
    const flag = moduleText({ allowHintsInExam: 'yes' });
    assertProblemAt(flag, '"yes"', /allowHintsInExam/);
  });

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

  it('accepts the full example of the format page; a field it does not know is only a warning', () => {
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
    assert.deepEqual(
      result.problems.map((p) => [p.severity, p.message]),
      [['warning', 'Module: "futureField" is not a field of the module format, so it is ignored.']],
    );
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

  it('lists at most 100 section problems too, then how many more there are', () => {
    const questions = Array.from({ length: 150 }, (_, i) => ({
      id: `q${i}`,
      prompt: 'p',
      choices: [{ text: 'A', correct: true }, { text: 'B' }],
      section: `missing-${i}`,
    }));
    const text = JSON.stringify({ version: 1, id: 'm', title: 't', article: 'a.md', questions }, null, 2);
    const problems = checkSections(validateModuleText(text, 'm.quiz.json'), new Set(['intro']), text, 'm.quiz.json');
    assert.equal(problems.length, 101);
    assert.match(problems[100]!.message, /Only the first 100 problems are listed; 50 more were found/);
    assert.deepEqual({ line: problems[100]!.line, column: problems[100]!.column }, locate(text, '"missing-100"'));
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
      '['.repeat(100),
      `[${','.repeat(200)}]`,
      moduleText({ title: 't'.repeat(MAX_TITLE_LENGTH + 1) }),
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

  it('names an object or array given for a literal by its type, never leaving a "{0}" in the message', () => {
    assertProblemAt(moduleText({ version: {} }), '{}', /"version" must be 1 \(the only format version\), not an object\.$/);
    assertProblemAt(moduleText({ version: '1' }), '"1"', /not "1"\.$/);
    assertValueProblem(moduleText({ feedbackTiming: ['end'] }), 'feedbackTiming', /"immediate" or "end", not an array\.$/);
  });

  it('keeps every text field within its length limit, reported at the value', () => {
    const cases: [Record<string, unknown>, Record<string, unknown>, string, number][] = [
      [{ title: 't'.repeat(MAX_TITLE_LENGTH + 1) }, {}, 'title', MAX_TITLE_LENGTH],
      [{ description: 'd'.repeat(MAX_DESCRIPTION_LENGTH + 1) }, {}, 'description', MAX_DESCRIPTION_LENGTH],
      [{ article: `${'a/'.repeat(MAX_ARTICLE_PATH_LENGTH / 2)}x.md` }, {}, 'article', MAX_ARTICLE_PATH_LENGTH],
      [{}, { prompt: 'p'.repeat(MAX_MARKDOWN_LENGTH + 1) }, 'prompt', MAX_MARKDOWN_LENGTH],
      [{}, { explanation: 'e'.repeat(MAX_MARKDOWN_LENGTH + 1) }, 'explanation', MAX_MARKDOWN_LENGTH],
      [{ article: 'a.md' }, { section: 's'.repeat(MAX_SECTION_LENGTH + 1) }, 'section', MAX_SECTION_LENGTH],
      [{}, { choices: [{ text: 'c'.repeat(MAX_MARKDOWN_LENGTH + 1), correct: true }, { text: 'B' }] }, 'text', MAX_MARKDOWN_LENGTH],
      [{}, { choices: [{ text: 'A', correct: true, feedback: 'f'.repeat(MAX_MARKDOWN_LENGTH + 1) }, { text: 'B' }] }, 'feedback', MAX_MARKDOWN_LENGTH],
    ];
    for (const [overrides, question, key, max] of cases) {
      assertValueProblem(moduleText(overrides, question), key, new RegExp(`"${key}" is \\d+ characters long; it may be at most ${max}\\.`));
    }
    // At the limit is fine.
    const atLimit = moduleText({ title: 't'.repeat(MAX_TITLE_LENGTH) }, { prompt: 'p'.repeat(MAX_MARKDOWN_LENGTH), section: 's'.repeat(MAX_SECTION_LENGTH) });
    assert.deepEqual(validateModuleText(atLimit, 'm').problems, []);
  });

  it('cuts long user text short in messages', () => {
    const id = 'X'.repeat(10_000);
    const problem = onlyProblem(moduleText({ id }));
    assert.ok(problem.message.length < 300, problem.message);
    assert.match(problem.message, /"XXXX+…" is not a valid id/);
  });

  it('refuses an article over the size limit at the module\'s "article" value', () => {
    const text = moduleText({ article: 'a.md' });
    const validation = validateModuleText(text, 'm.quiz.json');
    assert.equal(articleSizeProblem(validation, MAX_ARTICLE_BYTES, text, 'm.quiz.json'), undefined);
    const problem = articleSizeProblem(validation, 40 * 1024 * 1024, text, 'm.quiz.json')!;
    assert.deepEqual({ line: problem.line, column: problem.column }, locate(text, '"a.md"'));
    assert.match(problem.message, /the article is 40\.0 MB; an article may be at most 2\.0 MB/);
  });

  it('keeps every range inside the file, even for an error at its very end', () => {
    const problem = validateModuleText('{', 'm').problems[0]!;
    assert.deepEqual([problem.line, problem.column, problem.endLine, problem.endColumn], [1, 2, 1, 2]);
    assert.match(problem.message, /closing brace/);
  });

  it('turns a failure inside validation into a problem at the top of the file, never an exception', () => {
    // A translator that breaks on one message stands for any bug on the way to a problem.
    const broken: Translate = (message, ...args) => {
      if (message.startsWith('{0}: "{1}" must be a string')) throw new RangeError('Maximum call stack size exceeded');
      return english(message, ...args);
    };
    const result = validateModuleText(moduleText({ title: 7 }), 'm.quiz.json', broken);
    assert.equal(result.module, undefined);
    assert.deepEqual(
      result.problems.map((p) => [p.line, p.column, p.message]),
      [[1, 1, 'The file could not be checked: Maximum call stack size exceeded']],
    );
  });

  it('states the same field limits in the JSON schema that editors check while typing', () => {
    interface Schema {
      properties: Record<string, { maxLength?: number; maxItems?: number }>;
      definitions: Record<string, { properties: Record<string, { maxLength?: number; maxItems?: number }> }>;
    }
    const schemaPath = path.join(__dirname, '..', '..', '..', 'quizzes', 'quiz-module.schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Schema;
    const question = schema.definitions['question']!.properties;
    const choice = schema.definitions['choice']!.properties;
    assert.deepEqual(
      [
        schema.properties['title']!.maxLength,
        schema.properties['description']!.maxLength,
        schema.properties['article']!.maxLength,
        schema.properties['questions']!.maxItems,
        question['prompt']!.maxLength,
        question['explanation']!.maxLength,
        question['section']!.maxLength,
        question['choices']!.maxItems,
        choice['text']!.maxLength,
        choice['feedback']!.maxLength,
      ],
      [
        MAX_TITLE_LENGTH,
        MAX_DESCRIPTION_LENGTH,
        MAX_ARTICLE_PATH_LENGTH,
        MAX_QUESTIONS,
        MAX_MARKDOWN_LENGTH,
        MAX_MARKDOWN_LENGTH,
        MAX_SECTION_LENGTH,
        10,
        MAX_MARKDOWN_LENGTH,
        MAX_MARKDOWN_LENGTH,
      ],
    );
  });

  it('gives an end position for editor ranges', () => {
    const text = moduleText({ id: 'Bad Id' });
    const problem = onlyProblem(text);
    assert.equal(problem.endLine, problem.line);
    assert.equal(problem.endColumn, problem.column + '"Bad Id"'.length);
  });
});

describe('keys the format does not know', () => {
  const base = {
    version: 1,
    id: 'typos',
    title: 'Typos',
    questions: [{ id: 'q', prompt: 'Pick', choices: [{ text: 'a', correct: true }, { text: 'b' }] }],
  };

  it('are warnings at the key, with the known key they are closest to, and the module still loads', () => {
    const text = JSON.stringify(
      { ...base, feedbackTimming: 'end', shuffleChoice: true, questions: [{ ...base.questions[0], explantion: 'x', choices: [{ text: 'a', correct: true, feedbak: 'y' }, { tex: 'b' , text: 'b' }] }] },
      null,
      2,
    );
    const result = validateModuleText(text, 'typos.quiz.json');
    assert.ok(result.module, 'the module loads');
    const warnings = result.problems.filter((p) => p.severity === 'warning');
    assert.equal(result.problems.length, warnings.length, 'nothing but warnings');
    const said = warnings.map((w) => [text.slice(w.offset, w.offset + w.length), /Did you mean "([^"]+)"/.exec(w.message)?.[1]]);
    assert.deepEqual(said, [
      ['"feedbackTimming"', 'feedbackTiming'],
      ['"shuffleChoice"', 'shuffleChoices'],
      ['"explantion"', 'explanation'],
      ['"feedbak"', 'feedback'],
      ['"tex"', 'text'],
    ]);
    assert.match(formatProblem(warnings[0]!), /^typos\.quiz\.json:\d+:\d+: warning: Module: "feedbackTimming" is not a field/);
    // The typo is not applied: an exam spelled wrong is a practice quiz, which is why it is said.
    assert.equal(result.module.feedbackTiming, 'immediate');
  });

  it('get no suggestion when nothing is close, and $schema is known', () => {
    const text = JSON.stringify({ $schema: './quiz-module.schema.json', ...base, colour: 'blue' }, null, 2);
    const [warning, ...rest] = validateModuleText(text, 'm.quiz.json').problems;
    assert.deepEqual(rest, []);
    assert.ok(warning && warning.severity === 'warning');
    assert.doesNotMatch(warning.message, /Did you mean/);
  });

  it('do not hide an error: a module with an error and a typo is refused and both are listed', () => {
    const text = JSON.stringify({ ...base, version: 2, titel: 'x' }, null, 2);
    const result = validateModuleText(text, 'm.quiz.json');
    assert.equal(result.module, undefined);
    assert.deepEqual(result.problems.map((p) => p.severity).sort(), ['error', 'warning']);
  });
});

describe('the quick path (a file without problems is not located until asked)', () => {
  const valid = (prompt: string) => moduleText({}, { prompt, section: 'intro' });
  const agree = (text: string) => {
    const quick = validateModuleText(text, 'q.quiz.json');
    const full = validateModuleText(text, 'q.quiz.json', english, { locateAlways: true });
    assert.deepEqual(quick.module, full.module);
    assert.deepEqual(quick.problems, full.problems);
    assert.deepEqual(quick.idSpan, full.idSpan);
    assert.deepEqual(quick.articleSpan, full.articleSpan);
    assert.deepEqual([...quick.sectionSpans], [...full.sectionSpans]);
    assert.deepEqual(quick.locate?.(['questions', 0, 'prompt']), full.locate?.(['questions', 0, 'prompt']));
    return quick;
  };

  it('agrees with the full validator on quotes, colons and backslashes inside strings', () => {
    for (const prompt of ['say "this": now', 'a \\": b', 'ends in a backslash \\', '\\\\": "x', '":', 'x" :y']) {
      const result = agree(valid(prompt));
      assert.equal(result.module?.questions[0]?.prompt, prompt);
    }
  });

  it('still finds a key written twice, however it is spaced', () => {
    for (const text of [
      '{"version":1,"id":"a","id":"b","title":"T","questions":[{"id":"q","prompt":"p","choices":[{"text":"a","correct":true},{"text":"b"}]}]}',
      '{"version":1,"id":"a","title":"T","questions":[{"id":"q","prompt":"p","choices":[{"text":"a","correct":true,"correct" :\n false},{"text":"b"}]}]}',
    ]) {
      const result = agree(text);
      assert.equal(result.module, undefined);
      assert.match(result.problems[0]!.message, /written twice/);
    }
  });

  it('refuses past the token limit on both paths, even when only a long lintIgnore list is long', () => {
    const text = moduleText({ lintIgnore: Array.from({ length: 260_000 }, () => 'length-cue') });
    const result = agree(text);
    assert.equal(result.module, undefined);
    assert.match(result.problems[0]!.message, /token/);
  });
});
