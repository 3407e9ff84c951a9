import { api, query, session } from '../api.js';
import { h, fill, table, dateTime, message, pager } from '../dom.js';
import { mayAct, actionForm, opener } from '../forms.js';
import { names } from './sales.js';

const PAGE = 25;
const STATUSES = [['open', 'open'], ['done', 'done'], ['cancelled', 'cancelled'], ['all', 'every status']];

const lower = value => String(value || '').toLowerCase();

/**
 * The retention tasks the rules raise for customers at risk, by due date: by status and queue.
 * Agents take a task, note on it, and close it done or cancelled with a note (`PUT /retention/tasks/{id}`).
 */
export async function tasksPage(container, { params }) {
  const filters = { status: params.get('status') || 'open', queue: params.get('queue') || '' };
  const offset = Number(params.get('offset') || 0);
  const go = change => { location.hash = `#/tasks${query({ ...filters, ...change })}`; };
  const queue = h('input', { id: 'task-queue', type: 'search', value: filters.queue, placeholder: 'customer-care' });
  const toolbar = h('form', { class: 'toolbar', id: 'task-filters' },
    h('label', null, 'Status ', h('select', { id: 'task-status', onchange: e => go({ status: e.target.value, offset: '' }) },
      STATUSES.map(([v, label]) => h('option', { value: v, selected: v === filters.status }, label)))),
    h('label', null, 'Queue ', queue), h('button', { type: 'submit' }, 'Show'));
  toolbar.addEventListener('submit', event => {
    event.preventDefault();
    go({ queue: queue.value.trim(), offset: '' });
  });
  const feedback = h('div', { id: 'tasks-message', 'aria-live': 'polite' });
  const results = h('div', { id: 'task-results' });
  fill(container, h('h1', null, 'Retention tasks'), toolbar, feedback, results);

  async function load(focusTask) {
    const page = await api.get(`/retention/tasks${query({ ...filters, offset, limit: PAGE })}`);
    if (page.items.length === 0) {
      fill(results, message('info', 'No tasks match.'));
      return;
    }
    const done = async (task, text) => {
      fill(feedback, message('success', text));
      await load(task.id);
    };
    const known = names();
    fill(results,
      h('p', { class: 'count' }, `${page.total} task${page.total === 1 ? '' : 's'}`),
      table([
        ['Task', t => [h('strong', null, t.title), h('div', { class: 'rule' }, `by “${t.rule}”`)]],
        ['Customer', t => h('a', { href: `#/customers/${t.contactId}`, class: 'contact-link' }, known.contact(t.contactId))],
        ['Queue', t => t.queue || ''],
        ['Assignee', t => t.assignee || h('span', { class: 'muted' }, 'nobody')],
        ['Due', t => h('span', { class: lower(t.status) === 'open' && t.dueAt && new Date(t.dueAt) < new Date() ? 'bad' : null }, dateTime(t.dueAt))],
        ['State', t => h('span', { class: `state ${lower(t.status)}` }, lower(t.status))],
        ['Note', t => t.note || ''],
        ...(mayAct() ? [['', t => taskActions(t, done)]] : [])
      ], page.items, { id: 'tasks-table' }),
      pager(o => `#/tasks${query({ ...filters, offset: o })}`, offset, page, PAGE));
    const again = focusTask && results.querySelector(`.task-actions[data-task='${focusTask}'] button`);
    if (again) again.focus();
  }
  await load();
}

/** Take, note and close an open task; each change is the API's to accept. */
function taskActions(t, done) {
  const box = h('div', { class: 'task-actions', 'data-task': t.id });
  if (lower(t.status) !== 'open') return box;
  const put = change => api.put(`/retention/tasks/${t.id}`, change);
  const buttons = () => {
    const me = session.current.name;
    fill(box,
      t.assignee === me ? null : h('button', { type: 'button', 'data-action': 'take', onclick: async () => {
        try {
          await done(await put({ assignee: me }), `Task ${t.id} is yours.`);
        } catch (error) {
          fill(box, message('error', `Not taken: ${error.message}`), h('button', { type: 'button', onclick: buttons }, 'Back'));
        }
      } }, 'Take'),
      opener(h('span'), 'Note…', { 'data-action': 'note' }, close => actionForm({
        id: `task-${t.id}-annotate`, submit: 'Save note', cancel: close,
        fields: [{ name: 'note', label: 'Note', value: t.note || '' }],
        act: async ({ note }) => done(await put({ note }), `Task ${t.id}: note saved.`)
      })),
      opener(h('span'), 'Close…', { 'data-action': 'close' }, close => actionForm({
        id: `task-${t.id}`, submit: 'Close task', cancel: close,
        fields: [{ name: 'status', label: 'Outcome', type: 'select', options: [['done', 'done'], ['cancelled', 'cancelled']] },
          { name: 'note', label: 'Note', placeholder: 'called back, offered a voucher' }],
        act: async ({ status, note }) => done(await put({ status, note: note || null }), `Task ${t.id} ${status}.`)
      })));
  };
  buttons();
  return box;
}
