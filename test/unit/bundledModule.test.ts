import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lintModule } from '../../src/core/checks/lint';
import { articleHeadings } from '../../src/core/markdown/markdown';
import type { Question, QuizModule } from '../../src/core/module/moduleModel';
import { validateModuleText } from '../../src/core/checks/validateModule';

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
 * Questions that need reasoning rather than recall: applying a figure, comparing two claims,
 * inferring what a statement implies, or telling the report's view from an official's or from an
 * overstatement. The format has no field for this, so the list lives here.
 */
const REASONING_QUESTIONS = [
  'bri-role', // the report's hedged judgement against an overstatement and an official's claim
  'trade-rank', // a summary's claim compared with the report's ranking
  'share-growth', // the 1995 and 2017 import shares applied
  'trade-shift', // what shares of two totals can and cannot show
  'report-verdict', // two of the report's claims held together
  'public-mood-evidence', // which example is evidence of public feeling
  'may-yet', // what a hedge commits the report to
  'challenge-reasons', // which observations lead to the report's warning
];

/**
 * The facts of the source a learner must be asked about directly: the question that asks each,
 * and what its right answer must say.
 */
const KEY_FACTS: readonly { fact: string; question: string; key: RegExp }[] = [
  { fact: 'the visit lasted two days', question: 'visit-length', key: /^Two days$/ },
  { fact: 'the intent to raise ties to a permanent comprehensive strategic partnership', question: 'partnership-level', key: /permanent comprehensive strategic partnership/ },
  { fact: 'hand-picked by Nazarbayev', question: 'tokayev', key: /hand-picked/ },
  { fact: 'elected in June 2019', question: 'tokayev', key: /June 2019/ },
  { fact: 'time in China with the Soviet foreign ministry', question: 'tokayev', key: /Soviet foreign ministry/ },
  { fact: 'the border settled in the late 1990s', question: 'drawing-together', key: /late 1990s/ },
  { fact: 'co-founders of the SCO', question: 'drawing-together', key: /SCO/ },
  { fact: "Xi's 2013 Silk Road speech in Kazakhstan", question: 'drawing-together', key: /2013 speech in Kazakhstan/ },
  { fact: 'Kazakhstan seems to have become an important pillar of the BRI', question: 'bri-role', key: /seems to have become an important pillar/ },
  { fact: "oil, gas and minerals interest China", question: 'china-gains', key: /oil, gas and minerals/ },
  { fact: 'Chinese firms invested billions', question: 'china-gains', key: /billions of dollars/ },
  { fact: 'more oil and gas exports and more grain', question: 'china-gains', key: /more oil and gas and pledged more grain/ },
  { fact: 'China a pivotal trade partner', question: 'kazakhstan-gains', key: /pivotal/ },
  { fact: 'China a source of investment', question: 'kazakhstan-gains', key: /Investment/ },
  { fact: "the foreign minister's editorial", question: 'atamkulov-editorial', key: /foreign minister/ },
  { fact: 'China among the most important partners, after Russia', question: 'trade-rank', key: /after Russia/ },
  { fact: 'the 2017 shares', question: 'shares-2017', key: /^Nearly 16% of imports and nearly 12% of exports$/ },
  { fact: 'the 1995 shares', question: 'shares-1995', key: /^Less than 1% of imports and just over 5\.4% of exports$/ },
  { fact: 'funding stalled over energy stakes', question: 'stalled-funding', key: /energy firms/ },
  { fact: 'funding stalled over the light rail', question: 'stalled-funding', key: /light-rail/ },
  { fact: 'the official account is rosy and hides unease', question: 'report-verdict', key: /hides unease/ },
  { fact: 'the 2016 land protests', question: 'land-protests', key: /Land-reform plans/ },
  { fact: 'the Zhanaozen protests against Chinese plants', question: 'zhanaozen', key: /Chinese plants, fearing pollution/ },
  { fact: 'the rallies spread to the capital and Almaty', question: 'zhanaozen', key: /reached the capital and Almaty/ },
  { fact: 'the 2011 violence in Zhanaozen', question: 'zhanaozen', key: /2011/ },
  { fact: 'the detention of Syroyezhkin', question: 'syroyezhkin', key: /spying charges/ },
  { fact: 'the Xinjiang policies target ethnic Kazakhs', question: 'xinjiang-domestic', key: /Ethnic Kazakhs/ },
  { fact: "Pannier's diaspora estimate", question: 'diaspora-estimate', key: /1\.25 to 1\.5 million, in northern Xinjiang/ },
  { fact: 'the asylum case', question: 'xinjiang-cases', key: /asylum in Sweden/ },
  { fact: 'the arrested rights activist', question: 'xinjiang-cases', key: /rights activist/ },
  { fact: 'the gap seems to be widening', question: 'challenge-reasons', key: /seems to be widening/ },
  { fact: 'a wider debate could arise', question: 'challenge-reasons', key: /could arise/ },
  { fact: 'dissent has not been usual', question: 'challenge-reasons', key: /dissent/ },
];

/** Facts not in the report: they may appear only inside text marked as background. */
const BACKGROUND_ONLY = [/September/, /\b2001\b/, /\b2022\b/, /Radio Free Europe/, /programme of financing/];

const MIN_QUESTIONS = 20;
const MIN_SELECT_ALL = 4;
const MIN_REASONING = 8;
/** The article is at most about this long (words a reader reads). */
const MAX_ARTICLE_WORDS = 1300;
/** The whole module, read and answered, in about 15 minutes (see readingMinutes). */
const MAX_MINUTES = 16;
const WORDS_PER_MINUTE = 230;
const SECONDS_PER_QUESTION = 10;
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

/** Words a reader reads in Markdown: images, table rules and alert markers left out. */
function readWords(markdown: string): number {
  const text = markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/^\s*>\s*\[![a-z]+\]\s*$/gim, ' ')
    .replace(/^\s*\|?\s*-{3}.*$/gm, ' ');
  return words(plain(text)).length;
}

/**
 * Minutes to read the article, then read and answer the quiz: everything a learner reads (the
 * article, each prompt, its choices and its explanation) at an adult's reading pace for
 * non-fiction, plus a few seconds per question to decide. Feedback on a wrong choice is shown only
 * after that choice is picked, so it is left out.
 */
function readingMinutes(article: string, questions: readonly Question[]): number {
  const quizWords = questions.reduce((sum, q) => sum + readWords(q.prompt) + q.choices.reduce((n, c) => n + readWords(c.text), 0) + readWords(q.explanation ?? ''), 0);
  return (readWords(article) + quizWords) / WORDS_PER_MINUTE + (questions.length * SECONDS_PER_QUESTION) / 60;
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

  it(`has at least ${MIN_REASONING} reasoning questions, all of them in the module`, () => {
    const ids = new Set(questions.map((q) => q.id));
    assert.ok(REASONING_QUESTIONS.length >= MIN_REASONING);
    assert.equal(new Set(REASONING_QUESTIONS).size, REASONING_QUESTIONS.length);
    for (const id of REASONING_QUESTIONS) assert.ok(ids.has(id), `reasoning question ${id} is in the module`);
  });

  it('asks every key fact of the source directly, in the right answer of a question', () => {
    for (const { fact, question, key } of KEY_FACTS) {
      const q = questions.find((candidate) => candidate.id === question);
      assert.ok(q, `${fact}: question ${question} is in the module`);
      const keys = q.choices.filter((c) => c.correct).map((c) => plain(c.text));
      assert.ok(keys.some((text) => key.test(text)), `${fact}: a right answer of ${question} matches ${key} (${keys.join(' | ')})`);
    }
  });

  it('asks no "why" question that is not a reasoning one', () => {
    for (const q of questions.filter((candidate) => !REASONING_QUESTIONS.includes(candidate.id))) {
      assert.doesNotMatch(q.prompt, /^\s*why\b/i, q.id);
    }
  });

  it(`keeps the article to about ${MAX_ARTICLE_WORDS} words and the whole module to about 15 minutes`, () => {
    const articleWords = readWords(article);
    assert.ok(articleWords <= MAX_ARTICLE_WORDS, `the article has ${articleWords} words`);
    const minutes = readingMinutes(article, questions);
    assert.ok(minutes <= MAX_MINUTES, `reading and answering take about ${minutes.toFixed(1)} minutes`);
    // The estimate itself: 230 words read is one minute, six questions add one more.
    assert.equal(readingMinutes('word '.repeat(230), []), 1);
  });

  it('has no content-lint finding: no length or convergence cue, no overlapping number choices', () => {
    const found = lintModule({ module, text, file: 'tokayev-beijing-2019.quiz.json', locate: validation.locate!, headings: articleHeadings(article) });
    assert.deepEqual(found.map((p) => `${p.rule}: ${p.message}`), []);
  });

  it('marks background as background: every note says so, and facts not in the report stay inside it', () => {
    const notes = [...article.matchAll(/^> \[!NOTE\]\n((?:>.*\n?)+)/gm)].map((m) => m[1]!);
    assert.ok(notes.length >= 3, `${notes.length} notes`);
    for (const note of notes) assert.match(note, /^> Background from [^,.:;]+/, note);
    const outsideNotes = article.replace(/^> \[!NOTE\]\n(?:>.*\n?)+/gm, '').replace(/\*\(Background[^)]*\)\*/g, '');
    const quizText = questions.flatMap((q) => [q.prompt, q.explanation ?? '', ...q.choices.flatMap((c) => [c.text, c.feedback ?? ''])]).join('\n');
    for (const pattern of BACKGROUND_ONLY) {
      assert.doesNotMatch(outsideNotes, pattern, `the article says ${pattern} outside a background note`);
      assert.doesNotMatch(quizText, pattern, `the quiz says ${pattern}`);
      assert.doesNotMatch(module.description ?? '', pattern, `the description says ${pattern}`);
    }
  });

  it('uses "capital" for the city only', () => {
    const everything = [article, module.description ?? '', ...questions.flatMap((q) => [q.prompt, q.explanation ?? '', ...q.choices.flatMap((c) => [c.text, c.feedback ?? ''])])].join('\n');
    for (const match of everything.matchAll(/\S+\s+capital\b/gi)) {
      assert.match(match[0], /^(the|kazakhstan's|kazakh)\s+capital$/i, `"${match[0]}": "capital" means the city here; say "investment" for money`);
    }
  });

  it('shows its own sketch map, an SVG in the module folder with a title and no script or outside reference', () => {
    const images = [...article.matchAll(/!\[([^\]]+)\]\(([^)\s]+)\)/g)];
    assert.equal(images.length, 1);
    const [, alt, target] = images[0]!;
    assert.ok(alt!.length > 40, 'the map has a describing alt text');
    assert.match(target!, /^[\w.-]+\.svg$/, 'a file next to the article');
    const svg = readFileSync(path.join(root, 'quizzes', target!), 'utf8');
    assert.match(svg, /<title[^>]*>[^<]+<\/title>/);
    assert.doesNotMatch(svg, /<script|\bon\w+=|href=|url\(/i);
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
