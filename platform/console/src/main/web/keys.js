// The console's keyboard shortcuts, outside text fields: "g" then a letter goes to a page (g u
// customers, g c cases, g t tasks, g s sales), "/" focuses the page's search or first filter, a
// letter shown on an action's button ([data-key]) presses it, and "?" lists them all. In forms,
// Enter sends (Ctrl+Enter in a text area) and Escape cancels.
import { h } from './dom.js';

const PAGES = { u: '#/customers', c: '#/cases', t: '#/tasks', s: '#/sales' };

const HELP = [
  ['g u', 'Customers'], ['g c', 'Cases'], ['g t', 'Retention tasks'], ['g s', 'Sales'],
  ['/', 'the page\u2019s search or first filter'],
  ['e, l, c, p, r, o', 'on a customer: edit details, log a call or meeting, record consent, book a purchase, redeem a reward, open a case'],
  ['n', 'on Customers: a new customer'],
  ['Enter', 'send a form (Ctrl+Enter in a text area)'], ['Escape', 'cancel a form'], ['?', 'this list']
];

function typing(target) {
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

function help() {
  const existing = document.getElementById('shortcuts-help');
  if (existing) {
    existing.remove();
    return;
  }
  const box = h('div', { id: 'shortcuts-help', class: 'shortcuts', role: 'dialog', 'aria-label': 'Keyboard shortcuts', tabindex: '-1' },
    h('h2', null, 'Keyboard shortcuts'),
    h('dl', null, HELP.map(([k, what]) => [h('dt', null, h('kbd', null, k)), h('dd', null, what)])),
    h('button', { type: 'button', onclick: () => box.remove() }, 'Close'));
  document.body.append(box);
  box.focus();
}

/** Listens for the shortcuts while {@code signedIn()} says someone is signed in. */
export function shortcuts(signedIn) {
  let pending = false;
  document.addEventListener('keydown', event => {
    if (event.key === 'Escape') {
      const open = document.getElementById('shortcuts-help');
      if (open) open.remove();
    }
    if (!signedIn() || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (pending) {
      pending = false;
      if (PAGES[event.key]) {
        event.preventDefault();
        location.hash = PAGES[event.key];
      }
      return;
    }
    if (event.key === 'g') {
      pending = true;
      return;
    }
    if (event.key === '?') {
      event.preventDefault();
      help();
      return;
    }
    if (event.key === '/') {
      const search = document.querySelector('#main input[type=search], #main .toolbar select, #main .toolbar input');
      if (search) {
        event.preventDefault();
        search.focus();
      }
      return;
    }
    const button = document.querySelector(`#main button[data-key="${CSS.escape(event.key)}"]`);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
}
