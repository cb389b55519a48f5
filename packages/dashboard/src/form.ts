/** Labelled form fields and reading them back as numbers (with the field's name in errors). */
import { h } from './dom.js';

export function numberField(
  name: string,
  label: string,
  value: number,
  step = 'any',
): HTMLLabelElement {
  return h('label', { class: 'field' }, [
    h('span', { text: label }),
    h('input', { attrs: { name, type: 'number', step, value: String(value), required: '' } }),
  ]);
}

export function textField(name: string, label: string, value: string): HTMLLabelElement {
  return h('label', { class: 'field' }, [
    h('span', { text: label }),
    h('input', { attrs: { name, type: 'text', value } }),
  ]);
}

export function checkboxField(name: string, label: string, checked: boolean): HTMLLabelElement {
  const input = h('input', { attrs: { name, type: 'checkbox' } });
  input.checked = checked;
  return h('label', { class: 'field' }, [h('span', { text: label }), input]);
}

/** Whether a checkbox of the form is ticked. */
export function readChecked(form: HTMLFormElement, name: string): boolean {
  return new FormData(form).get(name) !== null;
}

export function selectField(
  name: string,
  label: string,
  options: readonly string[],
  value: string,
): HTMLLabelElement {
  const select = h(
    'select',
    { attrs: { name } },
    options.map((option) => h('option', { text: option, attrs: { value: option } })),
  );
  select.value = value;
  return h('label', { class: 'field' }, [h('span', { text: label }), select]);
}

export type Read<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function readNumber(form: HTMLFormElement, name: string): Read<number> {
  const raw = new FormData(form).get(name);
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  return Number.isFinite(value)
    ? { ok: true, value }
    : { ok: false, error: `${name}: expected a number` };
}

export function readText(form: HTMLFormElement, name: string): string {
  const raw = new FormData(form).get(name);
  return typeof raw === 'string' ? raw.trim() : '';
}

/** "2:2.77, 5:3.7, 10:0.7" → { "2": 2.77, "5": 3.7, "10": 0.7 }. */
export function parseLeverageMix(text: string): Read<Record<string, number>> {
  const mix: Record<string, number> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [leverage, weight] = part.split(':').map((x) => Number(x.trim()));
    if (leverage === undefined || weight === undefined || !(leverage >= 1) || !(weight >= 0)) {
      return { ok: false, error: `leverage mix: "${part}" is not leverage:weight (e.g. 10:0.3)` };
    }
    mix[String(leverage)] = weight;
  }
  return Object.keys(mix).length > 0
    ? { ok: true, value: mix }
    : { ok: false, error: 'leverage mix: empty' };
}
