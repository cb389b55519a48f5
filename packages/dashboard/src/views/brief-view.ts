/**
 * Brief: the generated article with its charts, from /api/brief?format=html. The server forbids
 * framing (frame-ancestors 'none'), so the article's body is parsed and adopted into the page,
 * without scripts, event handlers, inline styles or external resources (the page's CSP holds).
 * 501 → the brief is not in this build.
 */
import { apiUrl } from '../api.js';
import { h, message, panel } from '../dom.js';
import type { Dispose, ViewContext } from './event-view.js';

const DROPPED = 'script, style, link, iframe, frame, object, embed, base, meta, form';

/** The article's body without active content; images only from this origin or data: URLs. */
export function adoptArticle(html: string): DocumentFragment {
  // Inline <style>/<script> blocks are cut before parsing: the parser would report them as CSP
  // violations even though a parsed-only document never applies or runs them.
  const inert = html.replace(/<(style|script)\b[\s\S]*?<\/\1\s*>/gi, '');
  const doc = new DOMParser().parseFromString(inert, 'text/html');
  for (const el of doc.querySelectorAll(DROPPED)) el.remove();
  for (const el of doc.body.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      const external =
        (name === 'src' || name === 'href' || name === 'xlink:href') &&
        /^\s*(javascript:|https?:\/\/)/i.test(attr.value);
      const isLink = el.tagName === 'A' && name === 'href' && !/^\s*javascript:/i.test(attr.value);
      if (name.startsWith('on') || name === 'style' || (external && !isLink))
        el.removeAttribute(attr.name);
    }
    if (el.tagName === 'A') {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener');
    }
  }
  const fragment = document.createDocumentFragment();
  fragment.append(...[...doc.body.childNodes].map((node) => document.adoptNode(node)));
  return fragment;
}

async function errorText(response: Response): Promise<string> {
  const text = await response.text();
  try {
    return (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    return text;
  }
}

export function renderBriefView(root: HTMLElement, ctx: ViewContext): Dispose {
  const url = apiUrl('/api/brief', {
    date: ctx.date,
    symbol: ctx.symbol.split('/')[0],
    format: 'html',
  });
  const body = h('div', { class: 'panel-body' }, [message('info', 'Writing the brief…')]);
  const section = panel(
    `Market brief — ${ctx.date}`,
    [body],
    'Every number in the brief comes from its facts table (cascade brief --check).',
  );
  root.append(section);
  const controller = new AbortController();
  void fetch(url, { signal: controller.signal })
    .then(async (response) => {
      if (response.status === 501) {
        section.dataset['state'] = 'unavailable';
        body.replaceChildren(
          message(
            'info',
            'The brief is not available in this build (the server answered 501 Not Implemented).',
          ),
        );
        return;
      }
      if (!response.ok) {
        section.dataset['state'] = 'error';
        body.replaceChildren(message('error', `${response.status}: ${await errorText(response)}`));
        return;
      }
      const article = h('article', { class: 'brief' }, [adoptArticle(await response.text())]);
      body.replaceChildren(
        article,
        h('p', { class: 'note' }, [
          h('a', {
            text: 'Open the brief in its own tab',
            attrs: { href: url, target: '_blank', rel: 'noopener' },
          }),
        ]),
      );
      section.dataset['state'] = 'ready';
    })
    .catch((error: unknown) => {
      if (!controller.signal.aborted)
        body.replaceChildren(message('error', `network: ${(error as Error).message}`));
    });
  return () => {
    controller.abort();
  };
}
