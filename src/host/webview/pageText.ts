/** Text a page's first document carries, made as small as it can be (host/webview/webviewHtml.ts). */

/**
 * A stylesheet without its comments and indentation, for a smaller first document: no string in
 * these sheets holds a comment marker, and none can hold a line break.
 */
export function trimStylesheet(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\n\s+/g, '\n').trim();
}

/**
 * The data a page script starts from, as a JSON data block (never run: not a script type): the
 * smallest way to carry it (an attribute would escape every quote). `<` is written as its JSON
 * escape, so no text in it can end the element.
 */
export function initialDataBlock(data: unknown): string {
  return `<script type="application/json" id="qm-initial">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;
}
