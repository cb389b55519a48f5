/**
 * A tiny typed element builder. Styles go through classes (styles.css) or the CSSOM (`el.style.x`),
 * never through `style` attributes or injected `<style>` elements, so a `default-src 'self'` CSP holds.
 */
type Child = Node | string | number | null | undefined | false;

export interface Props {
  readonly class?: string;
  readonly id?: string;
  readonly text?: string;
  readonly title?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly on?: Readonly<Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class !== undefined) el.className = props.class;
  if (props.id !== undefined) el.id = props.id;
  if (props.title !== undefined) el.title = props.title;
  if (props.text !== undefined) el.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  for (const [type, listener] of Object.entries(props.on ?? {}))
    el.addEventListener(type, listener);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'number' ? String(child) : child);
  }
  return el;
}

/** A table from headers and rows of cells; numeric cells are right-aligned. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly Child[])[],
  rowClass?: (index: number) => string | undefined,
): HTMLTableElement {
  const head = h('thead', {}, [
    h(
      'tr',
      {},
      headers.map((label) => h('th', { text: label })),
    ),
  ]);
  const body = h(
    'tbody',
    {},
    rows.map((cells, index) => {
      const rowClassName = rowClass?.(index);
      return h(
        'tr',
        rowClassName === undefined ? {} : { class: rowClassName },
        cells.map((cell) => h('td', typeof cell === 'number' ? { class: 'num' } : {}, [cell])),
      );
    }),
  );
  return h('table', { class: 'data' }, [head, body]);
}

/** A titled panel; `note` labels estimates and sources. */
export function panel(title: string, content: readonly Child[], note?: string): HTMLElement {
  return h('section', { class: 'panel' }, [
    h('h2', { text: title }),
    ...content,
    note === undefined ? null : h('p', { class: 'note', text: note }),
  ]);
}

export function message(kind: 'info' | 'error', text: string): HTMLElement {
  return h('p', {
    class: `message ${kind}`,
    text,
    attrs: { role: kind === 'error' ? 'alert' : 'status' },
  });
}

export function clear(el: Element): void {
  el.replaceChildren();
}
