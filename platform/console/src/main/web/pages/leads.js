import { api, query } from '../api.js';
import { h, fill, table, panel, loadPanel, dateTime, message, decisionList, pager } from '../dom.js';
import { salesTabs, mayWork, actionForm } from './sales.js';

const PAGE = 25;
const STATUSES = ['', 'open', 'qualified', 'disqualified', 'converted'];

const statusOf = lead => String(lead.status).toLowerCase();

/** The code a rule's name starts with (SCORE-010, GRADE-A), or the name itself. */
const code = rule => (rule.match(/^[A-Z]+-[A-Z0-9]+(?= |$)/) || [rule])[0];

/**
 * The rules behind a lead's score, grade and queue: the decisions of its last scoring. The API
 * lists them newest first, so the last scoring's grade and route come first, then its points,
 * then the scorings before it.
 */
function lastScoring(decisions) {
  const routing = [];
  const points = [];
  for (const d of decisions) {
    const routed = d.type === 'sales.grade' || d.type === 'sales.route';
    if (routed && points.length > 0) break;
    if (routed && !routing.some(r => r.type === d.type)) routing.push(d);
    else if (d.type === 'sales.score') points.push(d);
  }
  // Points in the order the rules gave them, as rules:why lists them.
  return { routing, points: points.reverse() };
}

/** Who scored the lead: each rule's code with its points, then the grade's and queue's rules; full names on hover. */
function scoredBy(decisions) {
  const { routing, points } = lastScoring(decisions);
  if (routing.length === 0 && points.length === 0) return h('span', { class: 'muted' }, 'not scored');
  return h('span', { class: 'scored-by' },
    points.map(d => h('span', { class: 'rule-code', title: d.rule }, `${code(d.rule)} ${Number(d.attributes.points) >= 0 ? '+' : ''}${d.attributes.points}`)),
    routing.map(d => h('span', { class: 'rule-code routing', title: d.rule }, code(d.rule))));
}

/**
 * An agent's actions on an open or qualified lead: qualify, disqualify (each with a reason) and
 * convert (amount, currency and expected close optional). {@code done} gets what the API answered.
 */
function leadActions(lead, done) {
  if (!mayWork() || (statusOf(lead) !== 'open' && statusOf(lead) !== 'qualified')) return null;
  const box = h('div', { class: 'lead-actions', 'data-lead': lead.id });
  const reasonForm = qualified => actionForm({
    id: `${qualified ? 'qualify' : 'disqualify'}-${lead.id}`,
    fields: [{ name: 'reason', label: 'Reason', placeholder: qualified ? 'budget confirmed' : 'no budget' }],
    submit: qualified ? 'Qualify' : 'Disqualify',
    act: async ({ reason }) => done(await api.post(`/leads/${lead.id}/qualification`, { qualified, reason }),
      `Lead ${lead.id} ${qualified ? 'qualified' : 'disqualified'}.`),
    cancel: buttons
  });
  const convertForm = () => actionForm({
    id: `convert-${lead.id}`,
    fields: [{ name: 'amount', label: 'Amount', type: 'number', step: 'any', placeholder: '0' },
      { name: 'currency', label: 'Currency', placeholder: 'EUR' },
      { name: 'expectedClose', label: 'Expected close', type: 'date' }],
    submit: 'Convert',
    act: async ({ amount, currency, expectedClose }) => {
      const conversion = await api.post(`/leads/${lead.id}/conversion`, {
        amount: amount === '' ? null : Number(amount), currency: currency || null, expectedClose: expectedClose || null });
      done(conversion.lead, [`Lead ${lead.id} converted: `,
        h('a', { href: `#/customers/${conversion.contactId}` }, `contact ${conversion.contactId}`),
        conversion.contactCreated ? ' (new)' : '', ', ',
        h('a', { href: `#/sales/opportunities/${conversion.opportunity.id}`, id: 'converted-opportunity' },
          `opportunity “${conversion.opportunity.name}”`), ` in ${conversion.opportunity.stage}.`]);
    },
    cancel: buttons
  });
  const show = form => () => { fill(box, form()); box.querySelector('input').focus(); };
  function buttons() {
    fill(box,
      statusOf(lead) === 'open' ? h('button', { type: 'button', 'data-action': 'qualify', onclick: show(() => reasonForm(true)) }, 'Qualify') : null,
      h('button', { type: 'button', 'data-action': 'disqualify', onclick: show(() => reasonForm(false)) }, 'Disqualify'),
      h('button', { type: 'button', 'data-action': 'convert', onclick: show(convertForm) }, 'Convert'));
  }
  buttons();
  return box;
}

const status = lead => h('span', { class: `state ${statusOf(lead)}` }, statusOf(lead));

/** Leads newest first, by status: score, grade, queue and the rules that gave them; agents act on each. */
export async function leadsPage(container, { params }) {
  const filter = params.get('status') || '';
  const offset = Number(params.get('offset') || 0);
  const select = h('select', { id: 'lead-status', 'aria-label': 'Status', onchange: e => {
    location.hash = `#/sales/leads${query({ status: e.target.value })}`;
  } }, STATUSES.map(s => h('option', { value: s, selected: s === filter }, s || 'every status')));
  const feedback = h('div', { id: 'leads-message', 'aria-live': 'polite' });
  const results = h('div', { id: 'lead-results' });
  fill(container, salesTabs('leads'), h('h1', null, 'Leads'), h('div', { class: 'toolbar' }, h('label', null, 'Status ', select)),
    feedback, results);

  async function load() {
    const page = await api.get(`/leads${query({ status: filter, offset, limit: PAGE })}`);
    if (page.items.length === 0) {
      fill(results, message('info', filter ? `No ${filter} leads.` : 'No leads yet.'));
      return;
    }
    const done = (lead, text) => {
      fill(feedback, message('success', text));
      load();
    };
    const why = new Map(page.items.map(l => [l.id, h('span', { class: 'muted' }, '…')]));
    fill(results,
      h('p', { class: 'count' }, `${page.total} lead${page.total === 1 ? '' : 's'}`),
      table([
        ['Lead', l => h('a', { href: `#/sales/leads/${l.id}`, class: 'lead-link', 'data-lead': l.id }, l.name)],
        ['Company', l => l.company || ''],
        ['Source', l => l.source],
        ['Score', l => l.score ?? '—'],
        ['Grade', l => l.grade || '—'],
        ['Queue', l => l.queue || ''],
        ['Owner', l => l.owner || ''],
        ['Status', status],
        ['Scored by', l => why.get(l.id)],
        ...(mayWork() ? [['', l => leadActions(l, done)]] : [])
      ], page.items, { id: 'leads-table' }),
      pager(o => `#/sales/leads${query({ status: filter, offset: o })}`, offset, page, PAGE));
    // The rules behind each score, from each lead's decisions.
    await Promise.all(page.items.map(async l => {
      try {
        fill(why.get(l.id), scoredBy(await api.items(`/leads/${l.id}/decisions`)));
      } catch (error) {
        fill(why.get(l.id), h('span', { class: 'bad' }, error.message));
      }
    }));
  }
  await load();
}

/** A lead: what it said, how the rules scored and routed it and why, and the agent's actions. */
export async function leadPage(container, { args }) {
  const id = args[0];
  const feedback = h('div', { id: 'lead-message', 'aria-live': 'polite' });
  const why = panel('Why: decisions taken by the rules', 'lead-decisions');

  async function render(lead) {
    fill(container, salesTabs('leads'),
      h('p', { class: 'crumbs' }, h('a', { href: '#/sales/leads' }, 'Leads'), ' / ', lead.name),
      h('h1', { id: 'lead-name' }, lead.name),
      feedback,
      h('div', { class: 'columns' },
        h('div', null, profile(lead), leadActions(lead, (updated, text) => {
          fill(feedback, message('success', text));
          render(updated);
        }), h('div', { class: 'actions' }, h('button', { type: 'button', id: 'rescore', onclick: async () => {
          try {
            const rescored = await api.post(`/leads/${id}/scoring`);
            fill(feedback, message('success', `Scored again: ${rescored.score ?? '—'} (${rescored.grade || 'no grade'}).`));
            render(rescored);
          } catch (error) {
            fill(feedback, message('error', error.message));
          }
        } }, 'Score again'))),
        h('div', null, why)));
    await loadPanel(why, async () => {
      const list = await api.items(`/leads/${id}/decisions`);
      return list.length === 0 ? message('info', 'No decisions recorded.') : decisionList(list, 'lead-decision-list');
    });
  }
  await render(await api.get(`/leads/${id}`));
}

function profile(l) {
  const rows = [
    ['Status', status(l)], ['Reason', l.reason], ['Score', l.score ?? 'not scored'], ['Grade', l.grade], ['Queue', l.queue],
    ['Owner', l.owner], ['Email', l.email], ['Phone', l.phone], ['Company', l.company], ['Source', l.source], ['Form', l.form],
    ['Contact', l.contactId ? h('a', { href: `#/customers/${l.contactId}` }, `contact ${l.contactId}`) : null],
    ['Opportunity', l.opportunityId ? h('a', { href: `#/sales/opportunities/${l.opportunityId}` }, `opportunity ${l.opportunityId}`) : null],
    ...Object.entries(l.answers || {}).map(([q, a]) => [q, a]),
    ['Captured', dateTime(l.createdAt)], ['Scored', dateTime(l.scoredAt)]
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return h('dl', { class: 'profile', id: 'lead-profile' }, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}
