/** Small helpers that build the webview's elements. They use the global `document` when called. */
import { sanitizeToFragment } from './sanitize';

interface ElementProps {
  readonly className?: string;
  readonly text?: string;
  readonly id?: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

/** A new element with the given class, id, text, attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.id) node.id = props.id;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** A codicon, hidden from screen readers (the text next to it says the same). */
export function icon(name: string): HTMLElement {
  return el('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

interface ButtonOptions {
  readonly primary?: boolean;
  readonly icon?: string;
  readonly id?: string;
  /** Disable the button on its first click: for actions the host answers with a new state. */
  readonly once?: boolean;
}

export function button(label: string, onClick: () => void, options: ButtonOptions = {}): HTMLButtonElement {
  const node = el('button', { className: options.primary ? 'button primary' : 'button secondary', attrs: { type: 'button' } });
  if (options.id) node.id = options.id;
  if (options.icon) node.append(icon(options.icon), ' ');
  node.append(label);
  node.addEventListener('click', () => {
    if (options.once) node.disabled = true;
    onClick();
  });
  return node;
}

/** The data the host built the page with: a JSON data block (host/webview/webviewHtml.ts). */
export function readInitialData<T>(): T {
  return JSON.parse(document.getElementById('qm-initial')?.textContent ?? '') as T;
}

/** Host HTML is built safe; it is sanitized again here before it touches the page. */
export function setHtml(element: Element, html: string): void {
  element.replaceChildren(sanitizeToFragment(html));
}
