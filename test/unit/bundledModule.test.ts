import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { articleHeadings } from '../../src/core/markdown';
import type { Question, QuizModule } from '../../src/core/moduleModel';
import { validateModuleText } from '../../src/core/validateModule';

/**
 * The bundled module, read as a demanding teacher would: no answer given away by its length or
 * wording, enough questions that test understanding, feedback on every wrong choice, and text
 * written in our own words rather than copied from the source article.
 */

const root = path.join(__dirname, '..', '..', '..');
const quizFile = path.join(root, 'quizzes', 'tokayev-beijing-2019.quiz.json');
const articleFile = path.join(root, 'quizzes', 'tokayev-beijing-2019.md');
/** The article the module was written from; it sits next to the repository, not inside it. */
const sourceFile = path.join(root, '..', 'shared', 'seed', '000_4f862b1e23105933.txt');

/**
 * Questions that ask why, what follows, or which conclusion the facts support, rather than for a
 * fact to be recalled. The format has no field for this (it is a public contract), so the list
 * lives here.
 */
const UNDERSTANDING_QUESTIONS = [
  'partnership-meaning',
  'venue-symbolism',
  'trade-shift',
  'zhanaozen-sensitive',
  'xinjiang-domestic',
  'outlook',
  'debate-hard',
];

const MIN_QUESTIONS = 24;
const MIN_SELECT_ALL = 4;
const MIN_UNDERSTANDING = 6;
const MAX_BOLD_SPANS = 8;
/** A correct choice may be at most this many times as long as the longest wrong one. */
const MAX_KEY_LENGTH_RATIO = 1.3;
/** Copying is a run of this many words of the source, in the same order. */
const COPIED_RUN = 8;
/** A quotation longer than this many words is not "short", and is checked like any other text. */
const MAX_QUOTATION_WORDS = 12;
/** Words that show a quotation is attributed to someone, in the same paragraph. */
const ATTRIBUTION = /\b(report|reports|diplomat|diplomat's|atamkulov|pannier|calls|called|says|said|wrote|words|according)\b/i;

/** Markdown to the text a reader sees (enough of it for lengths and word runs). */
function plain(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]/g, '')
    .replace(/^\s{0,3}(#{1,6}|>|[-+]|\d+\.)\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
}

/**
 * The stretches of a text to compare with the source: the text cut at each short, attributed
 * quotation in double quotes (straight or curly), which is allowed to repeat the source's words.
 */
function unquotedStretches(text: string): string[] {
  const normalized = text.replace(/[\u201c\u201d\u201e]/g, '"');
  const stretches: string[] = [];
  for (const paragraph of normalized.split(/\n\s*\n|\n(?=\s*[-|>])/)) {
    const quote = /"([^"]*)"/g;
    let match: RegExpExecArray | null;
    let last = 0;
    while ((match = quote.exec(paragraph))) {
      const quoted = match[1]!;
      const short = words(quoted).length <= MAX_QUOTATION_WORDS;
      const attributed = ATTRIBUTION.test(paragraph.replace(match[0], ' '));
      if (short && attributed) {
        stretches.push(paragraph.slice(last, match.index));
        last = match.index + match[0].length;
      }
    }
    stretches.push(paragraph.slice(last));
  }
  return stretches;
}

function copiedRuns(text: string, sourceRuns: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const stretch of unquotedStretches(text)) {
    const w = words(plain(stretch));
    for (let i = 0; i + COPIED_RUN <= w.length; i++) {
      const run = w.slice(i, i + COPIED_RUN).join(' ');
      if (sourceRuns.has(run)) found.push(run);
    }
  }
  return found;
}

function readSource(): string {
  if (!existsSync(sourceFile)) {
    assert.fail(
      `The source article of the bundled module is missing: expected it at ${sourceFile} ` +
        '(../shared/seed/000_4f862b1e23105933.txt relative to the repository root). The own-words check needs it.',
    );
  }
  return readFileSync(sourceFile, 'utf8');
}

const isSelectAll = (q: Question) => q.choices.filter((c) => c.correct).length > 1;

describe('the bundled module (tokayev-beijing-2019)', () => {
  const text = readFileSync(quizFile, 'utf8');
  const article = readFileSync(articleFile, 'utf8');
  const validation = validateModuleText(text, 'tokayev-beijing-2019.quiz.json');
  const module = validation.module as QuizModule;
  const questions = module?.questions ?? [];

  it('is a valid module with its id, and points to the article', () => {
    assert.deepEqual(
      validation.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [],
    );
    assert.ok(module);
    assert.equal(module.id, 'tokayev-beijing-2019');
    assert.equal(module.article, 'tokayev-beijing-2019.md');
    assert.match(article, /Crossroads Asia/, 'the article names its source');
  });

  it(`has at least ${MIN_QUESTIONS} questions, ${MIN_SELECT_ALL} of them select-all`, () => {
    assert.ok(questions.length >= MIN_QUESTIONS, `${questions.length} questions`);
    const selectAll = questions.filter(isSelectAll).map((q) => q.id);
    assert.ok(selectAll.length >= MIN_SELECT_ALL, `select-all: ${selectAll.join(', ')}`);
  });

  it(`has at least ${MIN_UNDERSTANDING} understanding questions, all of them in the module`, () => {
    const ids = new Set(questions.map((q) => q.id));
    assert.ok(UNDERSTANDING_QUESTIONS.length >= MIN_UNDERSTANDING);
    assert.equal(new Set(UNDERSTANDING_QUESTIONS).size, UNDERSTANDING_QUESTIONS.length);
    for (const id of UNDERSTANDING_QUESTIONS) assert.ok(ids.has(id), `understanding question ${id} is in the module`);
  });

  it('gives no length cue: the key is rarely the longest choice, and never by far', () => {
    const single = questions.filter((q) => !isSelectAll(q));
    const keyLongest = single.filter((q) => {
      const key = plain(q.choices.find((c) => c.correct)!.text).length;
      return q.choices.every((c) => c.correct || plain(c.text).length < key);
    });
    assert.ok(
      keyLongest.length * 3 <= single.length,
      `the key is strictly the longest choice in ${keyLongest.length} of ${single.length} single-answer questions: ${keyLongest.map((q) => q.id).join(', ')}`,
    );
    for (const q of questions) {
      const longestWrong = Math.max(...q.choices.filter((c) => !c.correct).map((c) => plain(c.text).length));
      for (const c of q.choices.filter((choice) => choice.correct)) {
        const length = plain(c.text).length;
        assert.ok(
          length <= MAX_KEY_LENGTH_RATIO * longestWrong,
          `${q.id}: the correct choice "${c.text}" (${length} characters) is more than ${MAX_KEY_LENGTH_RATIO} times the longest wrong one (${longestWrong})`,
        );
      }
    }
  });

  it('says why every wrong choice is wrong, and explains every question', () => {
    for (const q of questions) {
      for (const c of q.choices.filter((choice) => !choice.correct)) {
        assert.ok(c.feedback && c.feedback.trim().length > 0, `${q.id}: the wrong choice "${c.text}" has feedback`);
      }
      assert.ok(q.explanation && q.explanation.trim().length > 0, `${q.id} has an explanation`);
    }
  });

  it('points every question to a section of the article that exists', () => {
    const ids = new Set(articleHeadings(article).map((h) => h.id));
    for (const q of questions) {
      assert.ok(q.section, `${q.id} has a section`);
      assert.ok(ids.has(q.section), `${q.id}: section "${q.section}" is a heading of the article (${[...ids].join(', ')})`);
    }
  });

  it('keeps prompts apart: their first 30 characters, Markdown removed, differ', () => {
    const starts = questions.map((q) => q.prompt.replace(/[*`_]/g, '').slice(0, 30).trim());
    assert.equal(new Set(starts).size, starts.length, starts.join('\n'));
  });

  it(`keeps bold for a handful of key terms (at most ${MAX_BOLD_SPANS})`, () => {
    const bold = article.match(/\*\*[^*\n]+\*\*|__[^_\n]+__/g) ?? [];
    assert.ok(bold.length <= MAX_BOLD_SPANS, `${bold.length} bold spans: ${bold.join(', ')}`);
  });

  it('has no "None of these" or "All of the above" in a select-all question', () => {
    for (const q of questions.filter(isSelectAll)) {
      for (const c of q.choices) {
        assert.doesNotMatch(plain(c.text), /^(none|all) of (these|the above|them)\b/i, `${q.id}: "${c.text}"`);
      }
    }
  });

  it('is written in its own words: no run of 8 words of the source outside short attributed quotations', () => {
    const sourceWords = words(readSource());
    const sourceRuns = new Set<string>();
    for (let i = 0; i + COPIED_RUN <= sourceWords.length; i++) sourceRuns.add(sourceWords.slice(i, i + COPIED_RUN).join(' '));
    const texts: [string, string][] = [['the article', article]];
    for (const q of questions) {
      texts.push([`${q.id}: prompt`, q.prompt]);
      q.choices.forEach((c, i) => {
        texts.push([`${q.id}: choice ${i + 1}`, c.text]);
        if (c.feedback) texts.push([`${q.id}: feedback of choice ${i + 1}`, c.feedback]);
      });
      if (q.explanation) texts.push([`${q.id}: explanation`, q.explanation]);
    }
    const copied = texts.flatMap(([where, value]) => copiedRuns(value, sourceRuns).map((run) => `${where}: "${run}"`));
    assert.deepEqual(copied, []);
  });

  it('catches a copied run, and lets a short attributed quotation through (the check itself)', () => {
    const sourceWords = words('one two three four five six seven eight nine');
    const runs = new Set<string>();
    for (let i = 0; i + COPIED_RUN <= sourceWords.length; i++) runs.add(sourceWords.slice(i, i + COPIED_RUN).join(' '));
    assert.equal(copiedRuns('We say One, two three four five six seven eight.', runs).length, 1);
    assert.equal(copiedRuns('The report says “one two three four five six seven eight”.', runs).length, 0);
    assert.equal(copiedRuns('Pannier says "one two three four five six seven eight".', runs).length, 0);
    assert.equal(copiedRuns('Nobody knows "one two three four five six seven eight".', runs).length, 1);
  });
});
