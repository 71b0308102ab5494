import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { exportModule, importBank, type ExportFormat } from '../../src/core/banks/convertBank';
import { isMultipleAnswer, type Choice, type Question, type QuizModule } from '../../src/core/module/moduleModel';
import { validateModuleText } from '../../src/core/checks/validateModule';
import { quizModule } from './testModules';

// Text the formats can carry: words with GIFT's and Markdown's special characters, inner line
// breaks, no leading or trailing space (both formats trim).
const word = fc.stringMatching(/^[A-Za-z0-9~=#{}:\\*_`<>&"'[\]().,!?%/-]{1,8}$/);
const text = fc
  .array(fc.tuple(word, fc.constantFrom(' ', ' ', ' ', '\n')), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map(([w, sep]) => w + sep).join('').trim())
  .filter((s) => s !== '');
const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);

const questionArb = (withSection: boolean, forXml: boolean) =>
  fc
    .record({
      id,
      prompt: text,
      texts: fc.uniqueArray(text, { minLength: 2, maxLength: 10 }),
      correct: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
      feedback: fc.array(fc.option(text, { nil: undefined }), { minLength: 10, maxLength: 10 }),
      explanation: fc.option(text, { nil: undefined }),
      hint: fc.option(text, { nil: undefined }),
      section: fc.constantFrom('orchards', 'pruning', 'pests'),
      points: fc.constantFrom(1, 2, 0.5, 3),
    })
    .map((r): Question => {
      const choices: Choice[] = r.texts.map((t, i) => ({ text: t, correct: r.correct[i]!, fixed: false, ...(r.feedback[i] ? { feedback: r.feedback[i] } : {}) }));
      if (!choices.some((c) => c.correct)) choices[0] = { ...choices[0]!, correct: true };
      return {
        id: r.id,
        prompt: r.prompt,
        choices,
        ...(r.explanation ? { explanation: r.explanation } : {}),
        ...(forXml && r.hint ? { hint: r.hint } : {}),
        ...(withSection ? { section: r.section } : {}),
        points: forXml ? r.points : 1,
      };
    });

const moduleArb = (forXml: boolean) =>
  fc.boolean().chain((withSection) =>
    fc
      .record({
        questions: fc.uniqueArray(questionArb(withSection, forXml), { minLength: 1, maxLength: 6, selector: (q) => q.id }),
        partialCredit: fc.boolean(),
      })
      .map(({ questions, partialCredit }) => quizModule(questions, { id: 'round-trip', partialCredit })),
  );

/** What the formats carry of a module: its questions, and partial credit where a question can show it. */
function expressible(module: QuizModule, forXml: boolean) {
  const showsCredit = module.questions.some((q) => isMultipleAnswer(q) && q.choices.some((c) => !c.correct));
  return {
    partialCredit: showsCredit ? module.partialCredit : false,
    questions: module.questions.map((q) => ({
      id: q.id,
      prompt: q.prompt,
      // GIFT reads a leading % as a weight and -> as a matching pair, so they are written as
      // Markdown's `\%` and `-\>`, which show the same; reading cannot tell the two apart.
      choices: q.choices.map((c) => ({ text: c.text.replace(/^\\%/, '%').replace(/-\\>/g, '->'), correct: c.correct, feedback: c.feedback })),
      explanation: q.explanation,
      section: q.section,
      ...(forXml ? { hint: q.hint, points: q.points } : {}),
    })),
  };
}

function roundTrip(module: QuizModule, format: ExportFormat): QuizModule {
  const written = exportModule(module, format);
  const file = format === 'gift' ? 'round-trip.gift' : 'round-trip.xml';
  const result = importBank(new TextEncoder().encode(written), file);
  assert.ok(result.ok, `${JSON.stringify(!result.ok && result.errors)}\n${written}`);
  assert.equal(result.skipped, 0, JSON.stringify(result.notes));
  const back = validateModuleText(result.moduleText, result.moduleFileName).module;
  assert.ok(back, result.moduleText);
  return back;
}

describe('question banks: round trips (fast-check)', () => {
  for (const format of ['gift', 'moodle-xml'] as const) {
    const forXml = format === 'moodle-xml';
    it(`module → ${format} → module keeps ids, texts, correct flags, feedback, explanation, sections and partial credit`, () => {
      fc.assert(
        fc.property(moduleArb(forXml), (module) => {
          const back = roundTrip(module, format);
          assert.deepEqual(expressible(back, forXml), expressible(module, forXml));
        }),
        { numRuns: 150 },
      );
    });
  }
});
