/**
 * Moodle XML in and out. Parsed by fast-xml-parser with entity expansion off: a file that
 * declares entities (the "billion laughs" bomb needs them) is refused before parsing, and the
 * five XML entities and character references are decoded here.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isMultipleAnswer, type QuizModule } from '../module/moduleModel';
import { LineIndex } from '../util/textLocation';
import { english, type Translate } from '../util/translate';
import { choicesFromWeights, BankGathering, type BankQuestion, type BankRead } from './bankModel';
import { htmlToMarkdown } from './htmlToMarkdown';
import { exportWeights } from './weights';

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

type XmlNode = Record<string, unknown>;

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a leaf: its character data decoded, its CDATA as written. */
function leafText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return decodeEntities(value);
  if (Array.isArray(value)) return value.map(leafText).join('');
  if (isNode(value)) return `${leafText(value['#text'])}${leafText(value.__cdata)}`;
  return String(value);
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  const value = node[name];
  const first = Array.isArray(value) ? value[0] : value;
  return isNode(first) ? first : typeof first === 'string' ? { '#text': first } : undefined;
}

/** `<x format="…"><text>…</text></x>` as Markdown; HTML (Moodle's default) is converted. */
function formatted(node: XmlNode | undefined, inherited = 'html'): string | undefined {
  if (!node) return undefined;
  const format = typeof node['@_format'] === 'string' ? node['@_format'] : inherited;
  const raw = leafText(node.text).trim();
  if (raw === '') return undefined;
  const text = format === 'html' ? htmlToMarkdown(raw) : raw;
  return text === '' ? undefined : text;
}

/** What a kind of question is called in a skip warning; each message is written out for the l10n bundle. */
function skippedKind(kind: string, t: Translate): string {
  switch (kind) {
    case 'numerical':
      return t('a numeric question');
    case 'calculated':
      return t('a calculated question');
    case 'calculatedsimple':
      return t('a calculated question');
    case 'calculatedmulti':
      return t('a calculated question');
    case 'matching':
      return t('a matching question');
    case 'randomsamatch':
      return t('a matching question');
    case 'shortanswer':
      return t('a short-answer question');
    case 'essay':
      return t('an essay question');
    case 'multianswer':
      return t('a cloze (embedded answers) question');
    case 'ddwtos':
      return t('a drag-and-drop question');
    case 'gapselect':
      return t('a select-missing-words question');
    case 'description':
      return t('a description, not a question');
    case 'random':
      return t('a random question (it names no question of its own)');
    default:
      return t('a question of type "{0}"', kind);
  }
}

export function readMoodleXml(text: string, file: string, t: Translate = english): BankRead {
  const fail = (where: string, message: string): BankRead => ({ questions: [], notes: [{ severity: 'error', where, message }], skipped: 0 });
  const entity = /<!ENTITY/i.exec(text);
  if (entity) {
    const line = new LineIndex(text).position(entity.index).line;
    return fail(`${file}:${line}`, t('the file declares XML entities (<!ENTITY>), which a question bank does not need and which can make a small file expand without end; remove the DOCTYPE.'));
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) return fail(`${file}:${valid.err.line}`, t('not well-formed XML ({0}); is the file cut short?', valid.err.msg));
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    processEntities: false,
    htmlEntities: false,
    cdataPropName: '__cdata',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    captureMetaData: true,
    maxNestedTags: 64,
    isArray: (name) => name === 'question' || name === 'answer' || name === 'text',
  });
  let root: XmlNode;
  try {
    root = parser.parse(text) as XmlNode;
  } catch (error) {
    return fail(file, t('not readable as Moodle XML ({0}).', error instanceof Error ? error.message : String(error)));
  }
  const quiz = child(root, 'quiz');
  if (!quiz) return fail(file, t('not a Moodle XML question bank: it has no <quiz> element.'));
  const lines = new LineIndex(text);
  const meta = XMLParser.getMetaDataSymbol() as unknown as symbol;
  const gathered = new BankGathering(t);
  const { notes } = gathered;
  let category: string | undefined;
  const items = Array.isArray(quiz.question) ? (quiz.question as unknown[]) : [];
  items.forEach((raw, index) => {
    const node = isNode(raw) ? raw : {};
    const start = (node as Record<symbol, { startIndex?: number } | undefined>)[meta]?.startIndex;
    const line = start !== undefined ? `:${lines.position(start).line}` : '';
    const where = `${file}${line} (quiz/question[${index + 1}])`;
    const skip = (why: string) => gathered.skip(where, why);
    const type = typeof node['@_type'] === 'string' ? node['@_type'] : '';
    if (type === 'category') {
      const path = leafText(child(node, 'category')?.text).trim();
      const parts = path.split('/').map((p) => p.trim()).filter((p) => p !== '' && !/^\$\w+\$$/.test(p));
      category = parts.length > 0 ? parts[parts.length - 1] : undefined;
      return;
    }
    if (type !== 'multichoice' && type !== 'truefalse') {
      skip(t('{0} has no multiple-choice form', skippedKind(type, t)));
      return;
    }
    const name = leafText(child(node, 'name')?.text).trim();
    const questionText = child(node, 'questiontext');
    const format = typeof questionText?.['@_format'] === 'string' ? questionText['@_format'] : 'html';
    const prompt = formatted(questionText) ?? '';
    const explanation = formatted(child(node, 'generalfeedback'), format);
    const hint = formatted(child(node, 'hint'), format);
    const grade = Number(leafText(node.defaultgrade));
    const answers = (Array.isArray(node.answer) ? node.answer : []).filter(isNode);
    const weighted = answers.map((a) => {
      const feedback = formatted(child(a, 'feedback'), format);
      let textValue = formatted(a, format) ?? '';
      if (type === 'truefalse') textValue = /^true$/i.test(textValue) ? 'True' : /^false$/i.test(textValue) ? 'False' : textValue;
      return { text: textValue, percent: Number(a['@_fraction'] ?? 0) || 0, ...(feedback ? { feedback } : {}) };
    });
    const warnings: string[] = [];
    const result = choicesFromWeights(weighted, (m) => warnings.push(m), t);
    if ('problem' in result) {
      skip(result.problem);
      return;
    }
    for (const w of warnings) notes.push({ severity: 'warning', where, message: w });
    const question: BankQuestion = {
      prompt,
      choices: result.choices,
      where,
      ...(name ? { name } : {}),
      ...(explanation ? { explanation } : {}),
      ...(hint ? { hint } : {}),
      ...(Number.isFinite(grade) && grade > 0 ? { points: grade } : {}),
      ...(category !== undefined ? { category } : {}),
      ...(result.credit ? { credit: result.credit } : {}),
    };
    gathered.keep(question, where);
  });
  return gathered.read;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function textElement(tag: string, text: string, indent: string, attributes = ''): string {
  return `${indent}<${tag} format="markdown"${attributes}><text>${escapeXml(text)}</text></${tag}>`;
}

/**
 * A module as Moodle XML: multichoice questions in Markdown, sections as categories, points as
 * the default grade, hints as Moodle hints. The module's own settings have no place there.
 */
export function writeMoodleXml(module: QuizModule): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<!-- ${escapeXml(module.title).replace(/--/g, '- -')} (${module.id}), written by Quiz Modules -->`, '<quiz>'];
  let category: string | undefined;
  for (const q of module.questions) {
    if (q.section !== undefined && q.section !== category) {
      category = q.section;
      out.push('  <question type="category">', `    <category><text>$course$/${escapeXml(category)}</text></category>`, '  </question>');
    }
    const multiple = isMultipleAnswer(q);
    const weights = exportWeights(q, multiple, module.partialCredit);
    out.push('  <question type="multichoice">', `    <name><text>${escapeXml(q.id)}</text></name>`, textElement('questiontext', q.prompt, '    '));
    if (q.explanation) out.push(textElement('generalfeedback', q.explanation, '    '));
    out.push(`    <defaultgrade>${q.points}</defaultgrade>`, `    <single>${multiple ? 'false' : 'true'}</single>`, '    <shuffleanswers>0</shuffleanswers>', '    <answernumbering>abc</answernumbering>');
    q.choices.forEach((c, i) => {
      out.push(`    <answer fraction="${weights[i]}" format="markdown">`, `      <text>${escapeXml(c.text)}</text>`);
      if (c.feedback) out.push(textElement('feedback', c.feedback, '      '));
      out.push('    </answer>');
    });
    if (q.hint) out.push(textElement('hint', q.hint, '    '));
    out.push('  </question>');
  }
  out.push('</quiz>', '');
  return out.join('\n');
}
