import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createScanner, SyntaxKind, visit } from 'jsonc-parser';
import {
  MAX_JSON_TOKENS,
  MAX_MARKDOWN_LENGTH,
  MAX_MARKDOWN_NESTING,
  MAX_MODULE_FILE_BYTES,
  markdownNestingProblem,
  MAX_NESTING_DEPTH,
  MAX_QUESTIONS,
  MAX_REPORTED_PROBLEMS,
} from '../../src/core/module/limits';
import { formatProblem } from '../../src/core/checks/problems';
import { english, type Translate } from '../../src/core/util/translate';
import { scanJsonShape } from '../../src/core/checks/jsonShape';
import { moduleFileSizeProblem, validateModuleText, type ModuleValidation } from '../../src/core/checks/validateModule';

// Compiled to out/test/unit/, so the repository root is three folders up.
const root = path.join(__dirname, '..', '..', '..');
const bundled = readFileSync(path.join(root, 'quizzes', 'tokayev-beijing-2019.quiz.json'), 'utf8');

/** Small valid modules, written the ways authors write them (indented, minified, CRLF, tabs). */
const smallModule = {
  version: 1,
  id: 'small',
  title: 'Small',
  description: 'A tiny module',
  article: 'small.md',
  questions: [
    {
      id: 'q1',
      prompt: 'Which is **right**?',
      choices: [{ text: 'A [link](#x)', correct: true, feedback: 'Yes "quoted" \\ slash' }, { text: 'B {braces}' }],
      explanation: 'Because.',
      section: 'intro',
      points: 2,
    },
    { id: 'q2', prompt: 'Pick two', choices: [{ text: 'x', correct: true }, { text: 'y', correct: true }, { text: 'z', fixed: true }] },
  ],
};
const minimalModule = { version: 1, id: 'm', title: 't', questions: [{ id: 'q', prompt: 'p', choices: [{ text: 'a', correct: true }, { text: 'b' }] }] };

const VALID_TEXTS: readonly string[] = [
  bundled,
  JSON.stringify(smallModule, null, 2),
  JSON.stringify(smallModule),
  JSON.stringify(smallModule, null, '\t').replace(/\n/g, '\r\n'),
  JSON.stringify(minimalModule, null, 1).replace(/\n/g, '\r'),
  JSON.stringify(minimalModule),
];

const FALLBACK = /could not be checked/;

/** English, but every `{n}` of a message must be given a value (a value left out shows as "{2}"). */
const strict: Translate = (message, ...args) => {
  for (const [, index] of message.matchAll(/\{(\d+)\}/g)) {
    const value = args[Number(index)];
    assert.ok(typeof value === 'string' || typeof value === 'number', `no value for {${index}} in "${message}"`);
  }
  return english(message, ...args);
};

/** The lines of a text as the validator counts them (LF, CRLF and lone CR end a line). */
function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Runs the validator and checks every property a result must have, whatever the text. */
function checkText(text: string): ModuleValidation {
  let result: ModuleValidation;
  try {
    result = validateModuleText(text, 'fuzz.quiz.json', strict);
  } catch (error) {
    assert.fail(`validateModuleText threw ${String(error)} on ${JSON.stringify(text.slice(0, 200))}`);
  }
  // The quick path (a file without problems, nothing located until asked) and the full
  // validator agree on everything: the module, the problems and every location.
  const full = validateModuleText(text, 'fuzz.quiz.json', strict, { locateAlways: true });
  assert.deepEqual(result.module, full.module);
  assert.deepEqual(result.problems, full.problems);
  assert.deepEqual(result.idSpan, full.idSpan);
  assert.deepEqual(result.articleSpan, full.articleSpan);
  assert.deepEqual([...result.sectionSpans], [...full.sectionSpans]);
  assert.deepEqual(result.locate?.(['questions', 0, 'choices', 1]), full.locate?.(['questions', 0, 'choices', 1]));
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (result.module) assert.equal(errors.length, 0, 'a module was returned with error problems');
  else assert.ok(result.problems.length >= 1, 'no module and no problem');
  const lines = linesOf(text);
  for (const problem of result.problems) {
    const where = `${formatProblem(problem)} (text ${JSON.stringify(text.slice(0, 200))})`;
    assert.ok(problem.message.trim().length > 0, `empty message: ${where}`);
    assert.doesNotMatch(problem.message, FALLBACK, `the validator failed inside: ${where}`);
    assert.ok(Number.isInteger(problem.line) && problem.line >= 1 && problem.line <= lines.length, `line out of the file: ${where}`);
    const lineLength = lines[problem.line - 1]!.length;
    assert.ok(Number.isInteger(problem.column) && problem.column >= 1 && problem.column <= lineLength + 1, `column out of the line: ${where}`);
    assert.ok(problem.endLine >= problem.line && problem.endLine <= lines.length, `end line out of the file: ${where}`);
    assert.ok(problem.endColumn >= 1 && problem.endColumn <= lines[problem.endLine - 1]!.length + 1, `end column out of the line: ${where}`);
    assert.ok(problem.endLine > problem.line || problem.endColumn >= problem.column, `end before start: ${where}`);
    assert.ok(problem.offset >= 0 && problem.length >= 0 && problem.offset + problem.length <= text.length, `span out of the text: ${where}`);
  }
  return result;
}

// ---- Arbitraries ------------------------------------------------------------------------------------

/** Characters that matter to a JSON scanner, so random text often looks like JSON. */
const jsonishChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'{}[]{}[]"":,\\/*\n\r \t0123456789-+.eEtrufalsn'.split('')) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\u001f', '\u2028', '\uFEFF', '\uD800', '\uDC00', 'é', '😀', 'null', 'true', '"id"', '"questions"') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);
const jsonishText = fc.string({ unit: jsonishChar, maxLength: 120 });

/** Values to put where a module expects something else. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>('', ' ', 0, -1, 1e308, 1.5, true, false, null, [], {}, 'x'.repeat(300), 'Same', 'a.md', '../a.md'),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside a JSON document. */
function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function replaceAt(value: Json, at: readonly (string | number)[], replacement: Json): Json {
  if (at.length === 0) return replacement;
  const [head, ...rest] = at;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  const object = value as { [key: string]: Json };
  return { ...object, [head!]: replaceAt(object[head!]!, rest, replacement) };
}

function deleteAt(value: Json, at: readonly (string | number)[]): Json {
  if (at.length === 0) return value;
  const [head, ...rest] = at;
  if (rest.length > 0) {
    if (Array.isArray(value)) return value.map((v, i) => (i === head ? deleteAt(v, rest) : v));
    const object = value as { [key: string]: Json };
    return { ...object, [head!]: deleteAt(object[head!]!, rest) };
  }
  if (Array.isArray(value)) return value.filter((_, i) => i !== head);
  const { [head!]: _removed, ...others } = value as { [key: string]: Json };
  return others;
}

/** A text edit of a valid module: the kinds of damage an editor or a bad merge does. */
type TextEdit =
  | { kind: 'delete'; start: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; start: number; length: number; at: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'replace'; start: number; length: number; text: string };

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), start: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: jsonishText }),
  fc.record({ kind: fc.constant('duplicate' as const), start: fc.nat(), length: fc.integer({ min: 1, max: 200 }), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), start: fc.nat(), length: fc.integer({ min: 1, max: 10 }), text: jsonishText }),
);

function applyEdit(text: string, edit: TextEdit): string {
  const n = text.length + 1;
  switch (edit.kind) {
    case 'delete': {
      const start = edit.start % n;
      return text.slice(0, start) + text.slice(start + edit.length);
    }
    case 'insert': {
      const at = edit.at % n;
      return text.slice(0, at) + edit.text + text.slice(at);
    }
    case 'duplicate': {
      const start = edit.start % n;
      const span = text.slice(start, start + edit.length);
      const at = edit.at % n;
      return text.slice(0, at) + span + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, edit.at % n);
    case 'replace': {
      const start = edit.start % n;
      return text.slice(0, start) + edit.text + text.slice(start + edit.length);
    }
  }
}

/** A structural edit: a value of another type, a value removed, then written out in some style. */
type ValueEdit = { kind: 'swap'; pick: number; value: unknown } | { kind: 'remove'; pick: number };
const valueEdit: fc.Arbitrary<ValueEdit> = fc.oneof(
  fc.record({ kind: fc.constant('swap' as const), pick: fc.nat(), value: anyValue }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
);

function applyValueEdit(document: Json, edit: ValueEdit): Json {
  const all = paths(document);
  const at = all[edit.pick % all.length]!;
  return edit.kind === 'swap' ? replaceAt(document, at, edit.value as Json) : deleteAt(document, at);
}

/**
 * Text made mostly of brackets, with the pieces that hide them from a careless scan (quotes,
 * escaped quotes, line breaks that end strings, comments holding quotes) and the parser's
 * favourite broken patterns (`[}, `), often behind an opening the parser accepts.
 */
const bracketText = fc
  .tuple(
    fc.constantFrom('', '[', '{"a": '),
    fc.string({
      unit: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('[', '[', '{', '{', ']', '}', ',', ':', '[}, ', '{], ', '"a": ', ' ') },
        { weight: 2, arbitrary: fc.constantFrom('"', '\\', '\n', '\r', '\r\n', '/', '*', '//', '/*', '*/', '//"\n', '/*"*/', '"\\"', '"\\""', '"x\n', '1', '-', 'a') },
      ),
      maxLength: 120,
    }),
  )
  .map(([opening, rest]) => opening + rest);

/** How deep the parser recurses on a text: its visitor is told each time it enters an array or object. */
function parserDepth(text: string): number {
  let depth = 0;
  let max = 0;
  const enter = () => {
    max = Math.max(max, ++depth);
  };
  const leave = () => {
    depth--;
  };
  visit(text, { onObjectBegin: enter, onArrayBegin: enter, onObjectEnd: leave, onArrayEnd: leave }, { disallowComments: true });
  return max;
}

/** Tokens as the parser's scanner reads them (no whitespace, line breaks or comments). */
function scannerTokens(text: string): number {
  const scanner = createScanner(text, true);
  let count = 0;
  while (scanner.scan() !== SyntaxKind.EOF) count++;
  return count;
}

const indent = fc.constantFrom<string | number | undefined>(undefined, 2, 4, '\t');

// ---- Properties -------------------------------------------------------------------------------------

describe('module loader fuzzing (validateModuleText on hostile text)', function () {
  this.timeout(60_000);

  it('never throws on random JSON-ish text, and locates every problem inside the file', () => {
    fc.assert(
      fc.property(jsonishText, (text) => {
        checkText(text);
      }),
      { numRuns: 2500 },
    );
  });

  it('never throws on any random string (whole Unicode range, control characters)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'binary-ascii', maxLength: 60 }), (a, b) => {
        checkText(a);
        checkText(b);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on random JSON values, indented or not', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 }), indent, (json, value, space) => {
        checkText(json);
        checkText(JSON.stringify(value, null, space) ?? 'null');
      }),
      { numRuns: 1500 },
    );
  });

  it('survives text edits of valid modules (delete, insert, duplicate, truncate, replace a span)', () => {
    fc.assert(
      fc.property(fc.nat({ max: VALID_TEXTS.length - 1 }), fc.array(textEdit, { minLength: 1, maxLength: 4 }), (base, edits) => {
        checkText(edits.reduce(applyEdit, VALID_TEXTS[base]!));
      }),
      { numRuns: 3000 },
    );
  });

  it('survives values of the wrong type and removed values anywhere in a valid module', () => {
    const documents = VALID_TEXTS.map((text) => JSON.parse(text) as Json);
    fc.assert(
      fc.property(fc.nat({ max: documents.length - 1 }), fc.array(valueEdit, { minLength: 1, maxLength: 3 }), indent, (base, edits, space) => {
        const edited = edits.reduce(applyValueEdit, documents[base]!);
        checkText(JSON.stringify(edited, null, space) ?? 'null');
      }),
      { numRuns: 2000 },
    );
  });

  it('the depth scan never sees less nesting than the parser recurses into, even in broken text', () => {
    fc.assert(
      fc.property(fc.oneof(bracketText, jsonishText), (text) => {
        const depth = parserDepth(text);
        if (depth === 0) return;
        // Allowed one level less than the parser goes, the scan must object.
        assert.equal(scanJsonShape(text, depth - 1, Infinity)?.kind, 'depth', `parser depth ${depth}: ${JSON.stringify(text)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('the token count of the scan is the number of tokens the parser reads', () => {
    fc.assert(
      fc.property(fc.oneof(bracketText, jsonishText, fc.json({ maxDepth: 3 })), (text) => {
        const tokens = scannerTokens(text);
        assert.equal(scanJsonShape(text, Infinity, tokens), undefined, JSON.stringify(text));
        if (tokens > 0) assert.equal(scanJsonShape(text, Infinity, tokens - 1)?.kind, 'tokens', JSON.stringify(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('loads every valid module it is given, untouched', () => {
    for (const text of VALID_TEXTS) {
      const result = checkText(text);
      assert.deepEqual(result.problems.map(formatProblem), []);
      assert.ok(result.module);
    }
  });
});

// ---- The limits, by example ---------------------------------------------------------------------------

/** A valid module as text, one property a line, so locations are easy to state. */
function moduleText(questions: readonly Record<string, unknown>[] = [{}]): string {
  return JSON.stringify(
    {
      version: 1,
      id: 'sample',
      title: 'Sample',
      questions: questions.map((extra, i) => ({ id: `q${i + 1}`, prompt: 'Pick one', choices: [{ text: 'A', correct: true }, { text: 'B' }], ...extra })),
    },
    null,
    2,
  );
}

/** 1-based line of an offset. */
function lineAt(text: string, offset: number): number {
  return linesOf(text.slice(0, offset)).length;
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

describe('module limits', () => {
  it('refuses 10,000 nested brackets with a located depth problem, before the parser can overflow', () => {
    const result = checkText('['.repeat(10_000));
    assert.equal(result.problems.length, 1);
    const [problem] = result.problems;
    assert.match(problem!.message, new RegExp(`nested more than ${MAX_NESTING_DEPTH} levels`));
    assert.deepEqual([problem!.line, problem!.column], [1, MAX_NESTING_DEPTH + 1], 'at the first bracket too deep');

    const deepInside = `{\n  "version": 1,\n  "id": "deep",\n  "extra": ${'[{"a": '.repeat(5000)}\n}`;
    const [inside] = checkText(deepInside).problems;
    assert.equal(inside!.line, 4);
    assert.match(inside!.message, /nested more than/);
  });

  it('counts nesting the way the parser does: unmatched closers do not pop, brackets in strings and comments do not count', () => {
    // The parser skips a "}" inside an array (and recurses again after the ","), so this would
    // overflow it as surely as plain nesting.
    assert.match(checkText('[}, '.repeat(20_000)).problems[0]!.message, /nested more than/);
    // Brackets in strings, after escaped quotes, and in comments are text.
    const inString = moduleText([{ prompt: `[{ \\" ${'['.repeat(10_000)}` }]);
    assert.deepEqual(checkText(inString).problems, []);
    assert.match(checkText(`/* ${'['.repeat(100)} */ {}`).problems[0]!.message, /comment/i);
    // A string ends at a line break for the parser, so brackets after one do count.
    assert.match(checkText(`["unclosed\n${'['.repeat(100)}`).problems[0]!.message, /nested more than/);
    // A real module's 5 levels, and 64, are fine.
    assert.equal(scanJsonShape(`${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)}`), undefined);
    assert.equal(scanJsonShape(`${'['.repeat(MAX_NESTING_DEPTH + 1)}`)?.kind, 'depth');
  });

  it('refuses an over-long prompt at the prompt, without quoting it', () => {
    const long = moduleText([{ prompt: 'x'.repeat(MAX_MARKDOWN_LENGTH + 1) }]);
    const [problem, ...others] = checkText(long).problems;
    assert.deepEqual(others, []);
    assert.equal(problem!.line, lineAt(long, long.indexOf('"prompt"')));
    assert.equal(problem!.column, long.split('\n')[problem!.line - 1]!.indexOf('"xxx') + 1);
    assert.match(problem!.message, new RegExp(`Question "q1": "prompt" is ${MAX_MARKDOWN_LENGTH + 1} characters long; it may be at most ${MAX_MARKDOWN_LENGTH}`));

    const huge = moduleText([{ prompt: 'x'.repeat(2 * 1024 * 1024) }]);
    const [hugeProblem] = checkText(huge).problems;
    assert.equal(hugeProblem!.line, lineAt(huge, huge.indexOf('"prompt"')));
    assert.ok(hugeProblem!.message.length < 200, 'the message does not carry the prompt');

    assert.deepEqual(checkText(moduleText([{ prompt: 'x'.repeat(MAX_MARKDOWN_LENGTH) }])).problems, []);
  });

  it(`refuses more than ${MAX_QUESTIONS} questions, pointing at the first one too many`, () => {
    const questions = Array.from({ length: MAX_QUESTIONS + 1 }, () => ({}));
    const text = moduleText(questions);
    const [problem, ...others] = checkText(text).problems;
    assert.deepEqual(others, []);
    assert.match(problem!.message, new RegExp(`holds ${MAX_QUESTIONS + 1} questions; a module may have at most ${MAX_QUESTIONS}`));
    const firstTooMany = text.lastIndexOf('{', text.indexOf(`"id": "q${MAX_QUESTIONS + 1}"`));
    assert.equal(problem!.line, lineAt(text, firstTooMany));
    assert.deepEqual(checkText(moduleText(questions.slice(1))).problems, []);
  });

  it('loads the biggest module a real author could write: every limit leaves room to spare', () => {
    const choices = Array.from({ length: 10 }, (_, i) => ({ text: `Choice ${i}`, correct: i === 0, feedback: 'Why', fixed: false }));
    const questions = Array.from({ length: MAX_QUESTIONS }, () => ({ choices, explanation: 'Because', section: 'intro', points: 1 }));
    const text = moduleText(questions);
    const { value: result, ms } = timed(() => validateModuleText(text, 'big.quiz.json'));
    assert.deepEqual(result.problems, []);
    assert.equal(result.module!.questions.length, MAX_QUESTIONS);
    const tokens = scannerTokens(text);
    assert.ok(tokens < MAX_JSON_TOKENS / 2, `${tokens} tokens`);
    assert.ok(ms < 2000, `${ms} ms`);
  });

  it('refuses a file over the size limit without parsing it, and quickly', () => {
    // The one big allocation of the suite: 50 MB of JSON-looking text.
    const big = `{"version": 1, "pad": "${'x'.repeat(50 * 1024 * 1024)}"}`;
    const { value: result, ms } = timed(() => validateModuleText(big, 'big.quiz.json'));
    assert.equal(result.problems.length, 1);
    const [problem] = result.problems;
    assert.deepEqual([problem!.line, problem!.column, problem!.endLine, problem!.endColumn], [1, 1, 1, 1]);
    assert.match(problem!.message, /module file is 50\.\d MB; a module file may be at most 5\.0 MB/);
    assert.ok(ms < 1000, `took ${ms} ms`);

    // The caller's byte count is used when given (the repository passes the file's size).
    const small = moduleText();
    const refused = validateModuleText(small, 'm.quiz.json', english, { byteLength: MAX_MODULE_FILE_BYTES + 1 });
    assert.equal(refused.module, undefined);
    assert.match(refused.problems[0]!.message, /at most 5\.0 MB/);
    assert.ok(validateModuleText(small, 'm.quiz.json', english, { byteLength: MAX_MODULE_FILE_BYTES }).module);
    assert.equal(moduleFileSizeProblem(MAX_MODULE_FILE_BYTES, 'x.quiz.json'), undefined);
    assert.match(moduleFileSizeProblem(58 * 1024 * 1024, 'x.quiz.json')!.message, /58\.0 MB/);
    // Multi-byte text counts in bytes: 3 million "é" are 6,000,000 bytes in UTF-8, 5.8 MB rounded up.
    assert.match(validateModuleText(`"${'é'.repeat(3_000_000)}"`, 'm').problems[0]!.message, /5\.8 MB/);
  });

  it('refuses a token flood (a file of commas, a huge array of numbers) before parsing it', () => {
    const numbers = `[${'0,'.repeat(MAX_JSON_TOKENS)}0]`;
    const { value: result, ms } = timed(() => checkText(numbers));
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0]!.message, new RegExp(`JSON token number ${MAX_JSON_TOKENS + 1} of the file; a module file may hold at most ${MAX_JSON_TOKENS} tokens`));
    assert.equal(result.problems[0]!.offset, MAX_JSON_TOKENS, 'at the first token too many');
    assert.ok(ms < 1000, `took ${ms} ms`);
    const commas = checkText(`[${','.repeat(2 * MAX_JSON_TOKENS)}]`).problems;
    assert.equal(commas.length, 1);
    assert.match(commas[0]!.message, /JSON token number/);
  });

  it(`lists at most ${MAX_REPORTED_PROBLEMS} problems of a file, then says how many more there are`, () => {
    const text = `[${',\n'.repeat(1000)}]`;
    const problems = checkText(text).problems;
    assert.equal(problems.length, MAX_REPORTED_PROBLEMS + 1);
    const last = problems[MAX_REPORTED_PROBLEMS]!;
    assert.match(last.message, /Only the first 100 problems are listed; 901 more were found/);
    assert.equal(last.line, MAX_REPORTED_PROBLEMS + 1);
  });
});

describe('Markdown nesting, checked before the Markdown parser runs', () => {
  it('finds lists and quotes nested past the limit, at their line', () => {
    const deepList = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
    const found = markdownNestingProblem(`# Title\n\n${deepList}`);
    assert.ok(found, 'the deep list is found');
    assert.ok(found.line > 2 && found.line <= 42);
    assert.ok(markdownNestingProblem(`${'> '.repeat(MAX_MARKDOWN_NESTING + 1)}deep`));
    assert.ok(markdownNestingProblem(`${'>'.repeat(20_000)} x`));
    assert.ok(markdownNestingProblem(`${'1. '.repeat(MAX_MARKDOWN_NESTING + 1)}x`));
  });

  it('lets real articles through: the bundled one, nested lists a few levels deep, code and tables', () => {
    assert.equal(markdownNestingProblem(readFileSync(path.join(root, 'quizzes', 'tokayev-beijing-2019.md'), 'utf8')), undefined);
    const ordinary = ['- a', '  - b', '    - c', '      1. d', '> quote', '> > nested quote', '```', '      indented code', '```', '| a | b |', '|---|---|', '2024. A year'].join('\n');
    assert.equal(markdownNestingProblem(ordinary), undefined);
    const diagram = ['```text', `${' '.repeat(120)}+--+`, `${' '.repeat(120)}|  |`, '```', 'after'].join('\n');
    assert.equal(markdownNestingProblem(diagram), undefined, 'indentation inside a fenced block is content');
    assert.ok(markdownNestingProblem(`${diagram}\n${'  '.repeat(40)}- deep`), 'the check resumes after the fence');
  });

  it('refuses a Markdown field that nests too deeply, at the field', () => {
    const text = JSON.stringify({ ...smallModule, questions: [{ ...smallModule.questions[0], prompt: `${'> '.repeat(40)}deep` }] }, null, 2);
    const result = validateModuleText(text, 'deep.quiz.json');
    assert.equal(result.module, undefined);
    const problem = result.problems.find((p) => /nests lists or quotes/.test(p.message));
    assert.ok(problem, result.problems.map(formatProblem).join('\n'));
    assert.equal(problem.line, text.split('\n').findIndex((l) => l.includes('"prompt"')) + 1);
  });

  it('never throws and always answers quickly, on any text (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(' ', '\t', '>', '-', '*', '+', '1', '.', ')', '\n', 'x') , maxLength: 3000 }), (text) => {
        const found = markdownNestingProblem(text);
        if (found) assert.ok(found.line >= 1 && found.line <= text.split('\n').length);
      }),
      { numRuns: 2000 },
    );
  });
});
