import { ID_PATTERN } from '../module/moduleModel';
import { MAX_EMPHASIS_MARKS, MAX_MARKDOWN_LENGTH, MAX_MARKDOWN_NESTING, MAX_REPORTED_PROBLEMS, markdownNestingProblem } from '../module/limits';
import { LineIndex } from '../util/textLocation';
import type { Translate } from '../util/translate';
import { PlainNode, SeenCounts, type JsonNode } from './jsonNode';
import { makeProblem, type ModuleProblem, type Span } from './problems';
import { DEFAULT_LIMITS, type ValidationLimits } from './validation';
import { clip, closestKey, describeType } from './wording';

/** Where in the module a problem is ("Question 3", "Module"…), worded only when one is reported. */
export type Where = () => string;

/** Thrown by the quick validator at the first problem: the full validator takes over. */
export const SOMETHING_TO_REPORT = new Error('something to report');

/**
 * How one value of a module file is read and what is wrong with it is reported: the typed
 * fields (an id, a text, a boolean, a number), the keys of an object, the problem list with its
 * cap. It reads a node of jsonc-parser's tree (problems located) or a parsed value (the quick
 * path: it gives up at the first problem). The module format's own rules are ModuleValidator's.
 */
export abstract class JsonChecker {
  private lineIndex: LineIndex | undefined;
  protected readonly problems: ModuleProblem[] = [];
  /** Counted by the quick validator only. */
  readonly seen = new SeenCounts();
  /** Problems past {@link MAX_REPORTED_PROBLEMS}: how many, and where the first was. */
  protected left = 0;
  protected firstLeft: Span | undefined;

  constructor(
    protected readonly text: string,
    protected readonly file: string,
    protected readonly t: Translate,
    protected readonly limits: ValidationLimits = DEFAULT_LIMITS,
    /** Gives up at the first problem instead of locating it (validateQuickly in validateModule.ts). */
    protected readonly quick = false,
  ) {}

  /** Line starts, found on the first problem: a file without one never needs them. */
  protected get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  protected report(at: Span, message: string, severity: ModuleProblem['severity'] = 'error'): void {
    if (this.quick) throw SOMETHING_TO_REPORT;
    if (this.problems.length < MAX_REPORTED_PROBLEMS) {
      this.problems.push(makeProblem(this.file, this.text, this.lines, at, message, severity));
    } else {
      this.left++;
      this.firstLeft ??= { offset: at.offset, length: at.length };
    }
  }

  /** The items of an array (counted on the quick path). */
  protected itemsOf(array: JsonNode): JsonNode[] {
    const items: JsonNode[] = array.children ?? [];
    if (array instanceof PlainNode) {
      this.seen.arrays++;
      this.seen.items += items.length;
    }
    return items;
  }

  /** The value node of a property, or undefined; a duplicated key is reported once. */
  protected valueOf(object: JsonNode, key: string): JsonNode | undefined {
    if (object instanceof PlainNode) {
      const value = object.value as Record<string, unknown>;
      return Object.hasOwn(value, key) ? new PlainNode(value[key]) : undefined;
    }
    let found: JsonNode | undefined;
    for (const property of object.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode?.value === key) found = valueNode;
    }
    return found;
  }

  protected reportDuplicateKeys(object: JsonNode, where: Where): void {
    if (this.quick) return; // the quick validator counted the keys already (see countKeyLikeSpots)
    const seen = new Set<string>();
    for (const property of object.children ?? []) {
      const keyNode = property.children?.[0];
      if (!keyNode || typeof keyNode.value !== 'string') continue;
      if (seen.has(keyNode.value)) this.report(keyNode, this.t('{0}: "{1}" is written twice.', where(), clip(keyNode.value)));
      seen.add(keyNode.value);
    }
  }

  /**
   * A key the format does not know is most often a typo ("feedbackTimming"), which would
   * silently turn an exam into a practice quiz: a warning at the key, with the known key it is
   * closest to. The module still loads.
   */
  protected reportUnknownKeys(object: JsonNode, where: Where, known: readonly string[]): void {
    if (object instanceof PlainNode) {
      // Every object of a module passes here: count them and their properties.
      // for…in over a parsed object (own keys only, nothing inherited) without a key array.
      let properties = 0;
      for (const key in object.value as object) {
        if (!known.includes(key)) throw SOMETHING_TO_REPORT;
        properties++;
      }
      this.seen.objects++;
      this.seen.properties += properties;
      return;
    }
    for (const property of object.children ?? []) {
      const keyNode = property.children?.[0];
      if (!keyNode || typeof keyNode.value !== 'string' || known.includes(keyNode.value)) continue;
      const suggestion = closestKey(keyNode.value, known);
      this.report(
        keyNode,
        suggestion
          ? this.t('{0}: "{1}" is not a field of the module format, so it is ignored. Did you mean "{2}"?', where(), clip(keyNode.value), suggestion)
          : this.t('{0}: "{1}" is not a field of the module format, so it is ignored.', where(), clip(keyNode.value)),
        'warning',
      );
    }
  }

  /** Span of the key of a property, to point at when a required value is wrong or missing. */
  protected missing(object: JsonNode, where: Where, key: string, what: string): void {
    // Point at the opening brace of the object that lacks the property.
    this.report({ offset: object.offset, length: 1 }, this.t('{0}: "{1}" is required ({2}).', where(), key, what));
  }

  protected requiredId(object: JsonNode, where: Where, key: string): string {
    const node = this.valueOf(object, key);
    if (!node) {
      this.missing(object, where, key, this.t('lower-case letters, digits and hyphens'));
      return '';
    }
    if (node.type !== 'string') {
      this.report(node, this.t('{0}: "{1}" must be a string, not {2}.', where(), key, describeType(node, this.t)));
      return '';
    }
    const value = node.value as string;
    if (!ID_PATTERN.test(value)) {
      this.report(
        node,
        this.t(
          '{0}: "{1}" "{2}" is not a valid id: use 1 to 64 lower-case letters, digits and hyphens, starting with a letter or digit.',
          where(),
          key,
          clip(value),
        ),
      );
    }
    return value;
  }

  protected requiredText(object: JsonNode, where: Where, key: string, maxLength: number): string {
    const node = this.valueOf(object, key);
    if (!node) {
      this.missing(object, where, key, this.t('non-empty text'));
      return '';
    }
    const value = this.stringValue(node, where, key, maxLength);
    if (value === undefined) return '';
    if (value.trim() === '') this.report(node, this.t('{0}: "{1}" must not be empty.', where(), key));
    return value;
  }

  protected optionalString(object: JsonNode, where: Where, key: string, maxLength: number): string | undefined {
    const node = this.valueOf(object, key);
    return node ? this.stringValue(node, where, key, maxLength) : undefined;
  }

  /** The text of a string value no longer than `maxLength`; anything else is reported. */
  protected stringValue(node: JsonNode, where: Where, key: string, maxLength: number): string | undefined {
    if (node.type !== 'string') {
      this.report(node, this.t('{0}: "{1}" must be a string, not {2}.', where(), key, describeType(node, this.t)));
      return undefined;
    }
    const value = node.value as string;
    if (value.length > maxLength) {
      this.report(node, this.t('{0}: "{1}" is {2} characters long; it may be at most {3}.', where(), key, value.length, maxLength));
      return undefined;
    }
    if (maxLength === MAX_MARKDOWN_LENGTH) {
      const shape = markdownNestingProblem(value);
      if (shape) {
        this.report(
          node,
          shape.kind === 'nesting'
            ? this.t('{0}: "{1}" nests lists or quotes {2} levels deep (its line {3}); Markdown may nest at most {4} levels.', where(), key, shape.count, shape.line, MAX_MARKDOWN_NESTING)
            : this.t('{0}: "{1}" has more than {2} emphasis marks (* or _) in one paragraph (its line {3}).', where(), key, MAX_EMPHASIS_MARKS, shape.line),
        );
        return undefined;
      }
    }
    return value;
  }

  protected optionalBoolean(object: JsonNode, where: Where, key: string, fallback: boolean): boolean {
    const node = this.valueOf(object, key);
    if (!node) return fallback;
    if (node.type !== 'boolean') {
      this.report(node, this.t('{0}: "{1}" must be true or false, not {2}.', where(), key, describeType(node, this.t)));
      return fallback;
    }
    return node.value as boolean;
  }

  protected optionalNumber(
    object: JsonNode,
    where: Where,
    key: string,
    fallback: number,
    check: (value: number) => string | undefined,
  ): number {
    const node = this.valueOf(object, key);
    if (!node) return fallback;
    if (node.type !== 'number') {
      this.report(node, this.t('{0}: "{1}" must be a number, not {2}.', where(), key, describeType(node, this.t)));
      return fallback;
    }
    const value = node.value as number;
    const complaint = check(value);
    if (complaint) {
      this.report(node, complaint);
      return fallback;
    }
    return value;
  }

}
