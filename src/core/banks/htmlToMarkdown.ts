/**
 * Question text written as HTML (Moodle's default) to Markdown, with node-html-markdown: it
 * parses with node-html-parser, plain JavaScript, so it runs in the Node and the web worker
 * extension hosts, which have no DOM. Scripts and styles are dropped; what Markdown is left is
 * rendered and sanitized like any module text.
 */
import { NodeHtmlMarkdown } from 'node-html-markdown';

let converter: NodeHtmlMarkdown | undefined;

export function htmlToMarkdown(html: string): string {
  converter ??= new NodeHtmlMarkdown({ ignore: ['script', 'style', 'iframe', 'object', 'embed', 'form'] });
  return converter.translate(html).trim();
}
