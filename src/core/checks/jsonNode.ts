import type { Node } from 'jsonc-parser';
import type { Span } from './problems';

/**
 * A value from `JSON.parse` with the face of a jsonc-parser node (without offsets), so that one
 * set of checks reads both. Made only for the values the checks look at, and dropped right after.
 */
export class PlainNode {
  readonly offset = 0;
  readonly length = 0;
  /** Worked out once: the checks ask it several times of each value. */
  readonly type: Node['type'];
  constructor(readonly value: unknown) {
    this.type = value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as 'object' | 'string' | 'number' | 'boolean');
  }

  get children(): PlainNode[] | undefined {
    if (!Array.isArray(this.value)) return undefined;
    const items = new Array<PlainNode>(this.value.length);
    for (let i = 0; i < items.length; i++) items[i] = new PlainNode(this.value[i]);
    return items;
  }
}

/** What the checks read: a node of jsonc-parser's tree, or a parsed value. */
export type JsonNode = Node | PlainNode;

/** What the quick validator saw, to compare with the text (see validateQuickly in validateModule.ts). */
export class SeenCounts {
  objects = 0;
  properties = 0;
  arrays = 0;
  items = 0;

  /**
   * At least the JSON tokens of what was seen: brackets, keys, colons, commas and values (each
   * property and item counted once as a comma and once as a value, a little too many).
   */
  tokensAtMost(): number {
    return 2 * (this.objects + this.arrays) + 4 * this.properties + 2 * this.items;
  }
}

/** Where a node's value is written. */
export function spanOf(node: JsonNode): Span {
  return { offset: node.offset, length: node.length };
}
