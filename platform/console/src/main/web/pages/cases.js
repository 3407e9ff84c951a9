import { api, query, session } from '../api.js';
import { h, fill, table, dateTime, message, pager, panel, loadPanel } from '../dom.js';
import { mayAct, actionForm, refusal } from '../forms.js';
import { names } from './sales.js';
import { caseDecisions } from './case-decisions.js';

const PAGE = 25;
const STATUSES = ['', 'new', 'open', 'pending', 'resolved', 'closed'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
export const CASE_CHANNELS = ['email', 'phone', 'chat', 'web', 'in-person', 'social', 'mail', 'other'];

const lower = value => String(value || '').toLowerCase();

/**
 * A target's state as of now: met (answered or resolved by its due time), missed (answered
 * late), breached (past due and not yet done), or due in so long. The SLA check raises the
 * breaches in the thread; this shows the same due times before it runs.
 */
export function sla(due, doneAt, now = Date.now()) {
  if (!due) return { state: 'none', text: 'no target' };
  const dueAt = new Date(due).getTime();
  if (doneAt) {
    const met = new Date(doneAt).getTime() <= dueAt;
    return { state: met ? 'met' : 'missed', text: `${met ? 'met' : 'missed'} (due ${dateTime(due)})` };
  }
  const minutes = Math.round((dueAt - now) / 60000);
  if (minutes < 0) return { state: 'breached', text: `breached ${span(-minutes)} ago (due ${dateTime(due)})` };
  return { state: minutes < 60 ? 'near' : 'due', text: `due in ${span(minutes)} (${dateTime(due)})` };
}

function span(minutes) {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.floor(minutes / 1440)} days`;
}

export function slaCell(due, doneAt, kind) {
  const s = sla(due, doneAt);
  return h('span', { class: `sla ${s.state}`, 'data-sla': kind, 'data-state': s.state }, s.text);
}

const status = c => h('span', { class: `state ${lower(c.status)}` }, lower(c.status));
const priority = c => h('span', { class: `priority ${lower(c.priority)}` }, lower(c.priority));

/** Cases a page at a time, newest first: mine, by queue, status and priority; each with its priority and both SLA targets. */
export async function casesPage(container, { params }) {
  const filters = {
    status: params.get('status') || '', queue: params.get('queue') || '', priority: params.get('priority') || '',
    assignee: params.get('assignee') || ''
  };
  const offset = Number(params.get('offset') || 0);
  const go = change => { location.hash = `#/cases${query({ ...filters, ...change })}`; };
  // The queues to filter by are those the service desk counts figures for: every configured queue the
  // agent sees, and any other that cases are still in (a queue no longer configured).
  let queues = [];
  try {
    queues = (await api.items('/cases/kpis')).map(f => f.queue);
  } catch (error) {
    queues = [];
  }
  if (filters.queue && !queues.includes(filters.queue)) queues.push(filters.queue);
  const me = session.current.name;
  const toolbar = h('form', { class: 'toolbar', id: 'case-filters' },
    h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'case-mine', checked: filters.assignee === me,
      onchange: e => go({ assignee: e.target.checked ? me : '', offset: '' }) }), ' My cases'),
    h('label', null, 'Queue ', h('select', { id: 'case-queue', onchange: e => go({ queue: e.target.value, offset: '' }) },
      ['', ...queues].map(q => h('option', { value: q, selected: q === filters.queue }, q || 'every queue')))),
    h('label', null, 'Status ', h('select', { id: 'case-status', onchange: e => go({ status: e.target.value, offset: '' }) },
      STATUSES.map(s => h('option', { value: s, selected: s === filters.status }, s || 'every status')))),
    h('label', null, 'Priority ', h('select', { id: 'case-priority', onchange: e => go({ priority: e.target.value, offset: '' }) },
      ['', ...PRIORITIES].map(p => h('option', { value: p, selected: p === filters.priority }, p || 'every priority')))),
    filters.assignee && filters.assignee !== me ? h('span', { class: 'tag' }, `assigned to ${filters.assignee}`) : null);
  const results = h('div', { id: 'case-results' });
  const unmatched = mayAct() ? h('section', { class: 'panel', id: 'inbound-unmatched' }) : null;
  fill(container, h('h1', null, 'Cases'), toolbar, results, unmatched);
  if (unmatched) inboundPanel(unmatched);

  const page = await api.get(`/cases${query({ ...filters, offset, limit: PAGE })}`);
  if (page.items.length === 0) {
    fill(results, message('info', 'No cases match.'));
    return;
  }
  const known = names();
  fill(results,
    h('p', { class: 'count' }, `${page.total} case${page.total === 1 ? '' : 's'}`),
    table([
      ['Case', c => h('a', { href: `#/cases/${c.id}`, class: 'case-link', 'data-case': c.id }, `#${c.id} ${c.subject}`)],
      ['Customer', c => c.contactId ? h('a', { href: `#/customers/${c.contactId}` }, known.contact(c.contactId)) : h('span', { class: 'muted' }, 'erased')],
      ['Priority', priority],
      ['Queue', c => c.queue],
      ['Assignee', c => c.assignee || h('span', { class: 'muted' }, 'nobody')],
      ['Status', status],
      ['First reply', c => slaCell(c.firstResponseDue, c.firstResponseAt, 'first-response')],
      ['Resolution', c => slaCell(c.resolutionDue, c.resolvedAt || c.closedAt, 'resolution')],
      ['Opened', c => dateTime(c.createdAt)]
    ], page.items, { id: 'cases-table' }),
    pager(o => `#/cases${query({ ...filters, offset: o })}`, offset, page, PAGE));
}

/**
 * The latest messages of the inbound log whose sender matched no contact, each with *Open case*:
 * one call creates (or picks) the contact and opens the case with the message first, or answers
 * the case it is on already; the case's page follows. A refusal is shown with the API's reasons.
 */
async function inboundPanel(box) {
  const title = h('h2', null, 'Messages from unknown senders');
  let items;
  try {
    items = (await api.items(`/inbound${query({ limit: 50 })}`)).filter(m => m.contactId == null && m.kind === 'MESSAGE');
  } catch (error) {
    fill(box, title, refusal('The inbound log could not be read', error));
    return;
  }
  const note = h('div', { id: 'inbound-message' });
  const openCase = async m => {
    try {
      const opened = await api.post(`/cases/from-inbound/${m.id}`, {});
      location.hash = `#/cases/${opened.details.id}`;
    } catch (error) {
      const fields = (error.fields || []).map(f => `${f.field}: ${f.message}`).join('; ');
      fill(note, refusal(`Message ${m.id} was not opened as a case`, error), fields ? message('error', fields) : null);
    }
  };
  fill(box, title, note, items.length === 0 ? message('info', 'No message from an unknown sender.') : table([
    ['Received', m => dateTime(m.receivedAt)],
    ['Channel', m => m.channel],
    ['From', m => m.from],
    ['Message', m => `${m.subject ? m.subject + ': ' : ''}${String(m.text || '').slice(0, 120)}`],
    ['Sender', m => m.unauthenticated ? h('span', { class: 'tag' }, `failed authentication (${m.unauthenticated})`) : ''],
    ['', m => h('button', { type: 'button', class: 'inbound-open', id: `inbound-open-${m.id}`, 'data-inbound': m.id,
      onclick: () => openCase(m) }, 'Open case')]
  ], items, { id: 'inbound-table' }));
}

const NEXT = { new: ['open', 'pending', 'resolved', 'closed'], open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'], resolved: ['open', 'closed'], closed: [] };

/** A case: its details and targets, the decisions behind them, its thread, and for agents reply, note, reassign, change status, move to another queue and close. */
export async function casePage(container, { args }) {
  const id = args[0];
  const feedback = h('div', { id: 'case-message', 'aria-live': 'polite' });
  const said = text => fill(feedback, message('success', text));

  async function render(focus) {
    const { details: c, thread } = await api.get(`/cases/${id}`);
    // A case moves only to a configured queue the agent sees; the figures also name queues no longer configured.
    const queues = mayAct() ? await api.items('/cases/queues').catch(() => []) : [];
    const decisions = panel('Why: the SLA decisions', 'case-decisions');
    fill(container,
      h('p', { class: 'crumbs' }, h('a', { href: '#/cases' }, 'Cases'), ' / ', `#${c.id}`),
      h('h1', { id: 'case-subject' }, c.subject),
      feedback,
      h('div', { class: 'columns' },
        h('div', null, h('section', { class: 'panel', id: 'case-thread' }, h('h2', null, 'Thread'), threadList(thread)),
          mayAct() ? work(c, queues.filter(q => q !== c.queue)) : null),
        h('div', null, detailsOf(c), decisions)));
    loadPanel(decisions, () => caseDecisions(id, thread));
    const target = focus && container.querySelector(focus);
    if (target) target.focus();
  }

  function work(c, otherQueues) {
    const closed = lower(c.status) === 'closed';
    const textForm = (kind, path, label, done) => actionForm({
      id: `case-${kind}`, stacked: true, submit: label,
      fields: [{ name: 'text', label: kind === 'reply' ? 'Reply to the customer (Ctrl+Enter sends)' : 'Internal note for colleagues (Ctrl+Enter adds)',
        type: 'textarea', rows: 4 }],
      act: async ({ text }) => {
        const entry = await api.post(`/cases/${id}/${path}`, { text });
        said(done(entry));
        await render(`#case-${kind}-text`);
      }
    });
    return h('section', { class: 'panel', id: 'case-work' }, h('h2', null, 'Work the case'),
      closed ? message('info', 'A closed case takes notes only.') : textForm('reply', 'replies', 'Send reply', e =>
        `Reply ${e.id} added${e.delivery ? `: ${lower(e.delivery)}${e.deliveryReason ? ` (${e.deliveryReason})` : ''}` : ''}.`),
      textForm('note', 'notes', 'Add note', e => `Note ${e.id} added.`),
      closed ? null : h('div', { class: 'case-controls' },
        c.assignee === session.current.name ? null : h('button', { type: 'button', id: 'case-take', onclick: async event => {
          try {
            await api.post(`/cases/${id}/assignment`, { assignee: session.current.name });
            said(`Case ${id} is yours.`);
            await render('#case-reply-text');
          } catch (error) {
            fill(feedback, message('error', `Not assigned: ${error.message}`));
            event.target.focus();
          }
        } }, 'Assign to me'),
        actionForm({
          id: 'case-assign', submit: 'Reassign',
          fields: [{ name: 'assignee', label: 'Assignee (empty for nobody)', value: c.assignee || '', placeholder: session.current.name }],
          act: async ({ assignee }) => {
            const changed = await api.post(`/cases/${id}/assignment`, { assignee: assignee || null });
            said(changed.assignee ? `Case ${id} assigned to ${changed.assignee}.` : `Case ${id} unassigned.`);
            await render('#case-assign-assignee');
          }
        }),
        actionForm({
          id: 'case-move', submit: 'Change status',
          fields: [{ name: 'status', label: 'Status', type: 'select', options: NEXT[lower(c.status)] || [] }],
          act: async ({ status: to }) => {
            const moved = await api.post(`/cases/${id}/transition`, { status: to });
            said(`Case ${id} is ${lower(moved.status)}.`);
            await render('#case-move-status');
          }
        }),
        otherQueues.length === 0 ? null : actionForm({
          id: 'case-requeue', submit: 'Move to queue',
          fields: [{ name: 'queue', label: 'Queue', type: 'select', options: otherQueues }],
          act: async ({ queue }) => {
            const moved = await api.post(`/cases/${id}/queue`, { queue });
            said(`Case ${id} moved to queue ${moved.queue}.`);
            await render('#case-requeue-queue');
          }
        }),
        h('button', { type: 'button', id: 'case-close', onclick: async event => {
          try {
            await api.post(`/cases/${id}/transition`, { status: 'closed' });
            said(`Case ${id} closed.`);
            await render('#case-note-text');
          } catch (error) {
            fill(feedback, message('error', `Not closed: ${error.message}`));
            event.target.focus();
          }
        } }, 'Close case')));
  }

  await render();
}

function detailsOf(c) {
  const rows = [
    ['Status', status(c)], ['Priority', priority(c)], ['Queue', c.queue], ['Assignee', c.assignee || 'nobody'],
    ['Channel', c.channel],
    ['Customer', c.contactId ? h('a', { href: `#/customers/${c.contactId}`, id: 'case-contact' }, names().contact(c.contactId)) : 'erased'],
    ['Loyalty tier', c.tier],
    ['First reply', [slaCell(c.firstResponseDue, c.firstResponseAt, 'first-response'), c.firstResponseRule ? h('div', { class: 'rule' }, `by “${c.firstResponseRule}”`) : null]],
    ['Resolution', [slaCell(c.resolutionDue, c.resolvedAt || c.closedAt, 'resolution'), c.resolutionRule ? h('div', { class: 'rule' }, `by “${c.resolutionRule}”`) : null]],
    ['Opened', `${dateTime(c.createdAt)} by ${c.createdBy}`], ['Resolved', dateTime(c.resolvedAt)], ['Closed', dateTime(c.closedAt)]
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return h('dl', { class: 'profile', id: 'case-details' }, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

function threadList(thread) {
  return h('ol', { class: 'thread', id: 'case-thread-items' }, thread.map(e => h('li', { class: `entry ${lower(e.kind)}`, 'data-kind': lower(e.kind), 'data-entry': e.id },
    h('div', { class: 'when' }, h('span', { class: 'badge' }, lower(e.kind)), ` ${e.author} · ${dateTime(e.createdAt)}`,
      e.delivery ? h('span', { class: `delivery ${lower(e.delivery)}` }, ` ${lower(e.delivery)}${e.deliveryReason ? `: ${e.deliveryReason}` : ''}`) : null),
    h('div', { class: 'text' }, e.text))));
}
