/** A panel whose body fills in when its request answers: a loading line, then content or an error. */
import { describeFailure, type ApiResult } from './api.js';
import { clear, h, message, panel } from './dom.js';

export function asyncPanel<T>(
  title: string,
  request: Promise<ApiResult<T>>,
  render: (value: T, body: HTMLElement) => void | Promise<void>,
  note?: string,
): HTMLElement {
  const body = h('div', { class: 'panel-body' }, [message('info', 'Loading…')]);
  const section = panel(title, [body], note);
  section.dataset['state'] = 'loading';
  void request.then(async (result) => {
    clear(body);
    if (!result.ok) {
      body.append(message('error', describeFailure(result)));
      section.dataset['state'] = 'error';
      return;
    }
    await render(result.value, body);
    section.dataset['state'] = 'ready';
  });
  return section;
}
