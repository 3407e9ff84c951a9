// The forms every action is asked in. A form is sent with Enter (Ctrl+Enter in a text area, where
// Enter starts a new line), Escape cancels it, and an answer the API refused is shown in the form
// itself: the API's message, and beside each field it named, that field's reason, the first of them
// focused. The form checks nothing itself (not even the browser's checks of an email field): the
// API decides what is acceptable.
import { session } from './api.js';
import { h, fill, message } from './dom.js';

/** An API refusal as the person reads it: what was refused, and the API's own reason. */
export function refusal(what, error) {
  return message('error', `${what}: ${error.message || String(error)}`);
}

/** Agents act; analysts read the same pages without the controls (the API refuses them anyway). */
export const mayAct = () => session.has('agent');

/** A key for a request that must not be booked twice when it is sent again (a redemption). */
export function requestKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map(b => b.toString(16).padStart(2, '0')).join('');
}

function control(id, f) {
  const attrs = { id: `${id}-${f.name}`, name: f.name, placeholder: f.placeholder, 'data-field': f.api || f.name };
  if (f.type === 'select') {
    return h('select', attrs, f.options.map(o => {
      const [value, label] = Array.isArray(o) ? o : [o, o];
      return h('option', { value, selected: String(value) === String(f.value ?? '') }, label);
    }));
  }
  if (f.type === 'textarea') return h('textarea', { ...attrs, rows: f.rows || 3 }, f.value ?? '');
  if (f.type === 'checkbox') return h('input', { ...attrs, type: 'checkbox', checked: !!f.value });
  return h('input', { ...attrs, type: f.type || 'text', value: f.value ?? '', step: f.step, autocomplete: f.autocomplete || 'off' });
}

/** Whether the API's field name ({@code address.country}, {@code lines[0].sku}) is about the form's {@code field}. */
function names(apiField, field) {
  return apiField === field || apiField.startsWith(`${field}.`) || apiField.startsWith(`${field}[`);
}

/**
 * A form for one action: labelled fields, a submit button and, with {@code cancel}, Cancel.
 * {@code act} gets the fields' values (text trimmed, checkboxes true or false) and makes the
 * calls; whatever it throws is shown in the form, which stays as it was typed.
 *
 * @param fields [{name, label, type (text, number, date, email, select, textarea, checkbox),
 *        options (for a select: values or [value, label]), value, placeholder, step, api (the
 *        API's name for the field when it differs)}]
 */
export function actionForm({ id, fields, submit, act, cancel, stacked }) {
  const controls = fields.map(f => control(id, f));
  const feedback = h('div', { class: 'feedback', id: `${id}-feedback`, 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary' }, submit);
  const form = h('form', { class: `${stacked ? 'stacked' : 'inline'} action-form`, id, novalidate: true },
    fields.map((f, i) => h('label', { class: f.type === 'checkbox' ? 'check' : null }, f.label, ' ', controls[i])),
    h('div', { class: 'buttons' }, button, cancel ? h('button', { type: 'button', class: 'cancel', onclick: cancel }, 'Cancel') : null),
    feedback);
  form.addEventListener('keydown', event => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && event.target.tagName === 'TEXTAREA') {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === 'Escape' && cancel) {
      event.preventDefault();
      cancel();
    }
  });
  form.addEventListener('submit', async event => {
    event.preventDefault();
    fill(feedback);
    form.querySelectorAll('.field-error').forEach(e => e.remove());
    controls.forEach(c => c.removeAttribute('aria-invalid'));
    const values = Object.fromEntries(fields.map((f, i) => [f.name,
      f.type === 'checkbox' ? controls[i].checked : controls[i].value.trim()]));
    button.disabled = true;
    try {
      await act(values);
    } catch (error) {
      fill(feedback, refusal('Refused', error));
      let first = null;
      for (const e of error.fields || []) {
        const at = controls.find(c => names(e.field, c.dataset.field));
        if (!at) continue;
        at.setAttribute('aria-invalid', 'true');
        at.closest('label').append(h('span', { class: 'field-error', 'data-field': e.field }, e.message));
        first = first || at;
      }
      (first || button).focus();
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/**
 * A button that opens {@code makeForm(close)} in {@code box} in its place, its first field
 * focused; Cancel or Escape puts the button back and gives it the focus again.
 */
export function opener(box, label, attrs, makeForm) {
  const show = () => {
    const close = () => {
      fill(box, button);
      button.focus();
    };
    fill(box, makeForm(close));
    const first = box.querySelector('input, select, textarea');
    if (first) first.focus();
  };
  const key = attrs && attrs['data-key'];
  const button = h('button', { type: 'button', ...attrs, title: key ? `Shortcut: ${key}` : null, onclick: show },
    label, key ? [' ', h('kbd', null, key)] : null);
  fill(box, button);
  return box;
}
