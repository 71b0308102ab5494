import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readGift } from '../../src/core/banks/gift';
import { readMoodleXml } from '../../src/core/banks/moodleXml';
import { readMdbookQuiz } from '../../src/core/banks/mdbookQuiz';
import { checkImported, importBank } from '../../src/core/banks/convertBank';
import { idFromName, IdMaker, MAX_BANK_BYTES } from '../../src/core/banks/bankModel';
import { validateModuleText } from '../../src/core/checks/validateModule';
import type { QuizModule } from '../../src/core/module/moduleModel';

const root = path.join(__dirname, '..', '..', '..');
const fixture = (name: string) => readFileSync(path.join(root, 'test', 'fixtures', 'banks', name));
const bytes = (text: string) => new TextEncoder().encode(text);

function imported(data: Uint8Array, file: string): QuizModule {
  const result = importBank(data, file);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  const problems = checkImported(result);
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  const module = validateModuleText(result.moduleText, result.moduleFileName).module;
  assert.ok(module);
  return module;
}

describe('question banks: GIFT import', () => {
  it('keeps single and multiple answer, weights, true/false and the missing-word form, with feedback, explanation and sections', () => {
    const module = imported(fixture('mixed.gift'), 'mixed.gift');
    assert.deepEqual(module.questions.map((q) => q.id), ['apple-colour', 'pear-or-quince', 'stone-fruit', 'graft', 'blank', 'html-q']);
    const [colour, pear, stone, graft, blank, html] = module.questions;
    assert.deepEqual(colour!.choices.map((c) => [c.text, c.correct, c.feedback]), [
      ['Green', true, 'Bramleys stay green when ripe.'],
      ['Red', false, 'That is a dessert apple.'],
      ['Blue', false, undefined],
    ]);
    assert.equal(colour!.explanation, 'Cooking apples such as the Bramley keep a green skin.');
    assert.equal(pear!.prompt, 'Which fruit is **gritty** when raw?');
    assert.deepEqual(stone!.choices.map((c) => c.correct), [true, true, false]);
    // −100% on the wrong choice: all or nothing.
    assert.equal(module.partialCredit, false);
    assert.deepEqual(graft!.choices.map((c) => [c.text, c.correct, c.feedback]), [
      ['True', true, 'Right: a graft is a clone.'],
      ['False', false, 'Seeds do not keep the variety.'],
    ]);
    assert.match(blank!.prompt, /is _____ and needs a second variety nearby\.$/);
    assert.deepEqual(html!.prompt, 'Which is a **pome**?');
    assert.equal(html!.choices[0]!.text, '_Apple_');
    assert.equal(colour!.section, 'orchard-fruit');
    assert.equal(html!.section, 'counting');
  });

  it('skips numeric, short answer, matching, essay and broken questions, each with its line and why, and counts them', () => {
    const result = importBank(fixture('mixed.gift'), 'mixed.gift');
    assert.ok(result.ok);
    assert.equal(result.kept, 6);
    assert.equal(result.skipped, 5);
    const said = result.notes.map((n) => `${n.where} ${n.message}`);
    assert.ok(said.some((s) => /^mixed\.gift:28 skipped: a numeric question/.test(s)), said.join('\n'));
    assert.ok(said.some((s) => /^mixed\.gift:30 skipped: a short-answer question/.test(s)));
    assert.ok(said.some((s) => /^mixed\.gift:32 skipped: a matching question/.test(s)));
    assert.ok(said.some((s) => /^mixed\.gift:38 skipped: an essay question/.test(s)));
    assert.ok(said.some((s) => /^mixed\.gift:4\d skipped: this question could not be read as GIFT/.test(s)), said.join('\n'));
  });

  it('turns weights into partial credit where they mean it, and says what it cannot keep', () => {
    const read = readGift('::w::Pick two {~%50%a ~%50%b ~%-50%c}\n\n::s::One {=a ~%50%b ~c}\n', 'w.gift');
    assert.equal(read.questions[0]!.credit, 'partial');
    assert.deepEqual(read.questions[1]!.choices.map((c) => c.correct), [true, false, false]);
    assert.match(read.notes[0]!.message, /partial credit of 50% for the answer "b" is not kept/);
    const result = importBank(bytes('::w::Pick two {~%50%a ~%50%b ~%-50%c}\n'), 'w.gift');
    assert.ok(result.ok);
    assert.equal((JSON.parse(result.moduleText) as { partialCredit?: boolean }).partialCredit, true);
  });
});

describe('question banks: Moodle XML and mdbook-quiz import', () => {
  it('reads multichoice (single and multiple), truefalse and HTML text; skips the other types with their XML path', () => {
    const module = imported(fixture('mixed.xml'), 'mixed.xml');
    assert.deepEqual(module.questions.map((q) => q.id), ['bramley', 'stones', 'graft-tf']);
    assert.equal(module.questions[0]!.prompt, 'Which colour is a ripe **Bramley**?');
    assert.equal(module.questions[0]!.points, 2);
    assert.equal(module.questions[0]!.explanation, 'Cooking apples stay green & sour.');
    assert.deepEqual(module.questions[1]!.choices.map((c) => c.correct), [true, true, false]);
    assert.equal(module.partialCredit, true);
    assert.deepEqual(module.questions[2]!.choices.map((c) => [c.text, c.correct]), [['True', true], ['False', false]]);
    const result = importBank(fixture('mixed.xml'), 'mixed.xml');
    assert.ok(result.ok);
    assert.equal(result.skipped, 3);
    const said = result.notes.map((n) => `${n.where} ${n.message}`).join('\n');
    assert.match(said, /mixed\.xml:\d+ \(quiz\/question\[5\]\) skipped: a numeric question/);
    assert.match(said, /\(quiz\/question\[6\]\) skipped: a cloze/);
    assert.match(said, /\(quiz\/question\[7\]\) skipped: a matching question/);
  });

  it('refuses an XML bomb, a truncated file, UTF-16, bytes that are not UTF-8, a file too big and too many questions', () => {
    const bomb = '<?xml version="1.0"?>\n<!DOCTYPE quiz [\n <!ENTITY a "aaaaaaaaaa">\n <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<quiz>&b;</quiz>';
    const bombRead = readMoodleXml(bomb, 'bomb.xml');
    assert.equal(bombRead.notes[0]!.severity, 'error');
    assert.equal(bombRead.notes[0]!.where, 'bomb.xml:3');
    assert.match(bombRead.notes[0]!.message, /declares XML entities/);
    const truncated = fixture('mixed.xml').toString('utf8').slice(0, 400);
    const cut = importBank(bytes(truncated), 'cut.xml');
    assert.ok(!cut.ok);
    assert.match(cut.errors[0]!.message, /not well-formed XML/);
    const utf16 = importBank(new Uint8Array([0xff, 0xfe, 0x3a, 0]), 'wide.gift');
    assert.ok(!utf16.ok && /UTF-16/.test(utf16.errors[0]!.message));
    const latin1 = importBank(new Uint8Array([0x3a, 0x3a, 0x61, 0xe9, 0x3a, 0x3a]), 'latin.gift');
    assert.ok(!latin1.ok && /not UTF-8/.test(latin1.errors[0]!.message));
    const big = importBank(new Uint8Array(MAX_BANK_BYTES + 1), 'big.gift');
    assert.ok(!big.ok && /at most 10 MB/.test(big.errors[0]!.message));
    const many = Array.from({ length: 10_000 }, (_, i) => `::q${i}::Question ${i}? {=yes ~no}\n`).join('\n');
    const tooMany = importBank(bytes(many), 'many.gift');
    assert.ok(!tooMany.ok && /holds 10000 questions.*at most 1000/.test(tooMany.errors[0]!.message));
    const nothing = importBank(bytes('::e::Essay {}\n'), 'none.gift');
    assert.ok(!nothing.ok && /no question could be kept \(1 skipped\)/.test(nothing.errors[0]!.message));
  });

  it('reads mdbook-quiz TOML: multiple choice kept, the other types skipped at their [[questions]] line', () => {
    const read = readMdbookQuiz(fixture('mixed.toml').toString('utf8'), 'mixed.toml');
    assert.equal(read.questions.length, 2);
    assert.deepEqual(read.questions[0]!.choices.map((c) => [c.text, c.correct]), [['Pyrus', true], ['Malus', false], ['Prunus', false]]);
    assert.equal(read.questions[0]!.explanation, 'Pears are the genus Pyrus.');
    assert.deepEqual(read.questions[1]!.choices.filter((c) => c.correct).length, 2);
    assert.equal(read.skipped, 1);
    assert.match(`${read.notes[0]!.where} ${read.notes[0]!.message}`, /^mixed\.toml:\d+ skipped: a question of type "ShortAnswer"/);
    imported(fixture('mixed.toml'), 'mixed.toml');
  });

  it('makes names into valid, unique ids', () => {
    assert.equal(idFromName('Pear Or Quince!'), 'pear-or-quince');
    assert.equal(idFromName('Crème brûlée'), 'creme-brulee');
    assert.equal(idFromName('***'), undefined);
    const ids = new IdMaker();
    assert.deepEqual([ids.take('a', 'x'), ids.take('a', 'x'), ids.take(undefined, 'x'), ids.take('a', 'x')], ['a', 'a-2', 'x', 'a-3']);
    const long = 'b'.repeat(64);
    assert.equal(ids.take(long, 'x'), long);
    assert.equal(ids.take(long, 'x'), `${'b'.repeat(62)}-2`);
  });
});

describe('question banks: the sample bank (sample-workspace/banks)', () => {
  it('gives the same 40-question module from GIFT and from Moodle XML, in four sections, and a pool of 10 validates', () => {
    const bank = (name: string) => readFileSync(path.join(root, 'sample-workspace', 'banks', name));
    const fromGift = importBank(bank('solar-system.gift'), 'solar-system.gift');
    const fromXml = importBank(bank('solar-system.xml'), 'solar-system.xml');
    assert.ok(fromGift.ok && fromXml.ok);
    const withoutSource = (text: string) => ({ ...(JSON.parse(text) as Record<string, unknown>), description: undefined });
    assert.deepEqual(withoutSource(fromXml.moduleText), withoutSource(fromGift.moduleText));
    assert.deepEqual([fromGift.kept, fromGift.skipped], [40, 0]);
    const module = imported(bank('solar-system.gift'), 'solar-system.gift');
    assert.deepEqual([...new Set(module.questions.map((q) => q.section))], ['planets', 'the-moon', 'the-sun', 'orbits']);
    const pooled = fromGift.moduleText.replace('"version": 1,', '"version": 1,\n  "draw": 10,');
    assert.equal(validateModuleText(pooled, 'solar-system.quiz.json').module?.draw, 10);
  });
});
