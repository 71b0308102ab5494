import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { validateModuleText } from '../../src/core/checks/validateModule';

// Compiled to out/test/unit/, so the repository root is three folders up.
const root = path.join(__dirname, '..', '..', '..');
const schema = JSON.parse(readFileSync(path.join(root, 'quizzes', 'quiz-module.schema.json'), 'utf8')) as object;
// `strict: false`: the schema carries editor-only keywords (defaultSnippets, patternErrorMessage).
const schemaCheck = new Ajv({ allErrors: true, strict: false }).compile(schema);

function moduleFiles(folder: string): string[] {
  return readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.quiz.json') && !file.includes('node_modules'))
    .map((file) => path.join(folder, file));
}

const base = {
  version: 1,
  id: 'agree',
  title: 'Agreement',
  questions: [
    { id: 'q1', prompt: 'One?', choices: [{ text: 'a', correct: true }, { text: 'b', feedback: 'no' }] },
    { id: 'q2', prompt: 'Two?', choices: [{ text: 'a', correct: true }, { text: 'b', correct: true }, { text: 'None', fixed: true }], points: 2 },
  ],
};
const q = (i: number, change: object) => ({ ...base, questions: base.questions.map((question, n) => (n === i ? { ...question, ...change } : question)) });
const choice = (change: object) => q(0, { choices: [{ text: 'a', correct: true, ...change }, { text: 'b' }] });

/** Variants of a module: each is valid for both, or invalid for both, unless marked runtime-only. */
const variants: [string, unknown, 'runtime-only'?][] = [
  ['the base module', base],
  ['every optional field', { ...base, $schema: './quiz-module.schema.json', description: 'd', article: 'a.md', passingScore: 0, shuffleQuestions: true, shuffleChoices: false, partialCredit: true, feedbackTiming: 'end' }],
  ['an unknown module key', { ...base, feedbackTimming: 'end' }],
  ['an unknown question key', q(0, { explantion: 'x' })],
  ['an unknown choice key', choice({ feedbak: 'x' })],
  ['no version', { ...base, version: undefined }],
  ['version 2', { ...base, version: 2 }],
  ['version "1"', { ...base, version: '1' }],
  ['no id', { ...base, id: undefined }],
  ['an id with capitals', { ...base, id: 'Agree' }],
  ['an id of 65 characters', { ...base, id: 'a'.repeat(65) }],
  ['an empty title', { ...base, title: '' }],
  ['a blank title', { ...base, title: '   ' }],
  ['a title of 201 characters', { ...base, title: 't'.repeat(201) }],
  ['a description of 1001 characters', { ...base, description: 'd'.repeat(1001) }],
  ['an article that is not Markdown', { ...base, article: 'a.txt' }],
  ['a passing score of 101', { ...base, passingScore: 101 }],
  ['a passing score of -1', { ...base, passingScore: -1 }],
  ['a passing score as text', { ...base, passingScore: '70' }],
  ['shuffleChoices as text', { ...base, shuffleChoices: 'yes' }],
  ['an unknown feedback timing', { ...base, feedbackTiming: 'later' }],
  ['no questions', { ...base, questions: [] }],
  ['questions as an object', { ...base, questions: {} }],
  ['a question without prompt', q(0, { prompt: undefined })],
  ['an empty prompt', q(0, { prompt: '' })],
  ['a question id with a space', q(0, { id: 'q 1' })],
  ['one choice', q(0, { choices: [{ text: 'a', correct: true }] })],
  ['eleven choices', q(0, { choices: Array.from({ length: 11 }, (_, i) => ({ text: `c${i}`, correct: i === 0 })) })],
  ['no correct choice', q(0, { choices: [{ text: 'a' }, { text: 'b' }] })],
  ['a choice without text', choice({ text: undefined })],
  ['an empty choice text', choice({ text: '' })],
  ['correct as text', choice({ correct: 'true' })],
  ['fixed as a number', choice({ fixed: 1 })],
  ['zero points', q(0, { points: 0 })],
  ['negative points', q(0, { points: -1 })],
  ['points as text', q(0, { points: '2' })],
  ['an empty section', q(0, { section: '' })],
  ['an explanation as a number', q(0, { explanation: 3 })],
  ['a prompt of 20,001 characters', q(0, { prompt: 'p'.repeat(20_001) })],
  // What a JSON Schema cannot say: uniqueness across items, and the shape of Markdown.
  ['two questions with one id', { ...base, questions: [base.questions[0], base.questions[0]] }, 'runtime-only'],
  ['two choices with one text', q(0, { choices: [{ text: 'a', correct: true }, { text: 'a' }] }), 'runtime-only'],
  ['a prompt nested 40 quotes deep', q(0, { prompt: `${'> '.repeat(40)}deep` }), 'runtime-only'],
];

describe('the runtime validator and the JSON schema agree', () => {
  for (const file of [...moduleFiles('quizzes'), ...moduleFiles('sample-workspace'), ...moduleFiles('test/fixtures')]) {
    it(`on ${file}`, () => {
      const text = readFileSync(path.join(root, file), 'utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        // Not JSON at all: only the validator can say where (the schema never sees it).
        assert.ok(validateModuleText(text, file).problems.length > 0, 'the validator refuses text that is not JSON');
        return;
      }
      const runtimeClean = validateModuleText(text, file).problems.length === 0;
      assert.equal(schemaCheck(value), runtimeClean, `${file}: the schema says ${JSON.stringify(schemaCheck.errors?.slice(0, 2))}`);
    });
  }

  for (const [name, value, kind] of variants) {
    it(`on ${name}`, () => {
      const text = JSON.stringify(value, null, 2);
      const problems = validateModuleText(text, 'm.quiz.json').problems;
      const schemaOk = schemaCheck(JSON.parse(text));
      if (kind === 'runtime-only') {
        assert.ok(problems.length > 0, 'the validator reports it');
        assert.equal(schemaOk, true, 'the schema cannot say it (if it can now, drop the mark)');
      } else {
        assert.equal(schemaOk, problems.length === 0, `validator: ${problems.map((p) => p.message).join(' | ') || 'none'}; schema: ${JSON.stringify(schemaCheck.errors?.slice(0, 2))}`);
      }
    });
  }
});
