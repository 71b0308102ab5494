/**
 * GIFT (Moodle's plain-text question format) in and out. Reading splits the file into
 * questions at blank lines outside braces and hands each to gift-pegjs, so one broken question
 * is a located warning and the rest are kept.
 */
import { parse as parseGift, type GIFTQuestion, type TextFormat } from 'gift-pegjs';
import type { QuizModule } from '../module/moduleModel';
import { isMultipleAnswer } from '../module/moduleModel';
import { english, type Translate } from '../util/translate';
import { choicesFromWeights, BankGathering, type BankQuestion, type BankRead } from './bankModel';
import { htmlToMarkdown } from './htmlToMarkdown';
import { exportWeights } from './weights';

interface Block {
  readonly line: number;
  readonly text: string;
}

/** Questions are separated by blank lines; a blank line inside `{…}` belongs to its question. */
function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let lines: string[] = [];
  let start = 0;
  let depth = 0;
  const flush = () => {
    if (lines.some((l) => l.trim() !== '' && !l.trimStart().startsWith('//'))) blocks.push({ line: start + 1, text: lines.join('\n') });
    lines = [];
  };
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (line.trim() === '' && depth === 0) {
      flush();
      return;
    }
    if (lines.length === 0) start = index;
    lines.push(line);
    if (line.trimStart().startsWith('//')) return;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (ch === '\\') i++;
      else if (ch === '{') depth++;
      else if (ch === '}') depth = Math.max(0, depth - 1);
    }
  });
  flush();
  return blocks;
}

function markdownOf(text: TextFormat | null | undefined): string | undefined {
  if (!text) return undefined;
  const value = text.format === 'html' ? htmlToMarkdown(text.text) : text.text.trim();
  return value === '' ? undefined : value;
}

/** What a kind of question is called in a skip warning; each message is written out for the l10n bundle. */
function skippedKind(kind: string, t: Translate): string {
  switch (kind) {
    case 'Numerical':
      return t('a numeric question');
    case 'Short':
      return t('a short-answer question');
    case 'Essay':
      return t('an essay question');
    case 'Matching':
      return t('a matching question');
    case 'Description':
      return t('a description, not a question');
    default:
      return t('a question of type "{0}"', kind);
  }
}

export function readGift(text: string, file: string, t: Translate = english): BankRead {
  const gathered = new BankGathering(t);
  const { notes } = gathered;
  let category: string | undefined;
  for (const block of blocksOf(text)) {
    let parsed: GIFTQuestion[];
    try {
      parsed = parseGift(`${block.text}\n`);
    } catch (error) {
      const location = (error as { location?: { start?: { line?: number } } }).location;
      const line = block.line + (location?.start?.line ?? 1) - 1;
      const message = error instanceof Error ? error.message : String(error);
      notes.push({ severity: 'warning', where: `${file}:${line}`, message: t('skipped: this question could not be read as GIFT ({0}).', message) });
      gathered.skipped++;
      continue;
    }
    for (const item of parsed) {
      const where = `${file}:${block.line}`;
      const skip = (why: string) => gathered.skip(where, why);
      if (item.type === 'Category') {
        const parts = item.title.split('/').map((p) => p.trim()).filter((p) => p !== '' && p !== '$course$' && p !== '$system$');
        category = parts.length > 0 ? parts[parts.length - 1] : undefined;
        continue;
      }
      if (item.type !== 'MC' && item.type !== 'TF') {
        skip(t('{0} has no multiple-choice form', skippedKind(item.type, t)));
        continue;
      }
      const prompt = markdownOf(item.stem) ?? '';
      const explanation = markdownOf(item.globalFeedback);
      let question: BankQuestion;
      if (item.type === 'TF') {
        // Moodle shows the first feedback after a wrong answer and the second after a right one.
        const wrongFeedback = markdownOf(item.trueFeedback);
        const rightFeedback = markdownOf(item.falseFeedback);
        const choice = (value: boolean) => {
          const right = value === item.isTrue;
          const feedback = right ? rightFeedback : wrongFeedback;
          return { text: value ? 'True' : 'False', correct: right, ...(feedback ? { feedback } : {}) };
        };
        question = { prompt, choices: [choice(true), choice(false)], where, ...opt(item.title, explanation, category) };
      } else {
        const warnings: string[] = [];
        const weighted = item.choices.map((c) => {
          const feedback = markdownOf(c.feedback);
          return {
            text: (markdownOf(c.text) ?? '').replace(/^\\%/, '%').replace(/-\\>/g, '->'),
            percent: c.weight ?? (c.isCorrect ? 100 : 0),
            ...(feedback ? { feedback } : {}),
          };
        });
        const result = choicesFromWeights(weighted, (m) => warnings.push(m), t);
        if ('problem' in result) {
          skip(result.problem);
          continue;
        }
        for (const w of warnings) notes.push({ severity: 'warning', where, message: w });
        question = { prompt, choices: result.choices, where, ...(result.credit ? { credit: result.credit } : {}), ...opt(item.title, explanation, category) };
      }
      gathered.keep(question, where);
    }
  }
  return gathered.read;
}

function opt(title: string | null, explanation: string | undefined, category: string | undefined) {
  return { ...(title ? { name: title } : {}), ...(explanation ? { explanation } : {}), ...(category !== undefined ? { category } : {}) };
}

/** GIFT's special characters escaped, and line breaks written as `\n` (a blank line would end the question). */
function escapeGift(text: string): string {
  return text
    .trim()
    .replace(/[\\~=#{}:]/g, (ch) => `\\${ch}`)
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * An answer's text: a leading % would read as a weight and `->` as a matching pair, so they are
 * written `\%` and `-\>`, Markdown's escapes, which show the same (and are read back as % and ->).
 */
function giftAnswer(text: string): string {
  return escapeGift(text).replace(/^%/, '\\%').replace(/->/g, '-\\>');
}

/**
 * A module as GIFT, Markdown kept as `[markdown]` text. Sections become categories. Points,
 * hints and the module's settings have no place in GIFT and are left out.
 */
export function writeGift(module: QuizModule): string {
  const out: string[] = [`// ${module.title.replace(/\s+/g, ' ')} (${module.id}), written by Quiz Modules`, ''];
  let category: string | undefined;
  for (const q of module.questions) {
    if (q.section !== undefined && q.section !== category) {
      category = q.section;
      out.push(`$CATEGORY: ${category}`, '');
    }
    const weights = exportWeights(q, isMultipleAnswer(q), module.partialCredit);
    const lines = [`::${escapeGift(q.id)}::[markdown]${escapeGift(q.prompt)} {`];
    q.choices.forEach((c, i) => {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- exportWeights gives one weight per choice
      const w = weights[i]!;
      const mark = w === 100 ? '=' : w === 0 ? '~' : `~%${w}%`;
      lines.push(`${mark}${giftAnswer(c.text)}${c.feedback ? `#${escapeGift(c.feedback)}` : ''}`);
    });
    if (q.explanation) lines.push(`####${escapeGift(q.explanation)}`);
    lines.push('}', '');
    out.push(...lines);
  }
  return out.join('\n');
}
