import { api } from '../api.js';
import { h, fill, table, panel, loadPanel, dateTime, message } from '../dom.js';
import { salesTabs, mayWork, money, names, dealWith, refusal } from './sales.js';

/** An opportunity: its terms, where it stands, every stage it went through, and (for agents) a move. */
export async function opportunityPage(container, { args }) {
  const id = args[0];
  const [stages, first] = await Promise.all([api.items('/pipeline/stages'), api.get(`/opportunities/${id}`)]);
  const known = names();
  const feedback = h('div', { id: 'opportunity-message', 'aria-live': 'polite' });
  const history = panel('Stage history', 'stage-history');

  async function render(o) {
    fill(container, salesTabs('pipeline'),
      h('p', { class: 'crumbs' }, h('a', { href: '#/sales' }, 'Pipeline'), ' / ', o.name),
      h('h1', { id: 'opportunity-name' }, o.name),
      feedback,
      h('div', { class: 'columns' }, h('div', null, terms(o, known), o.closedAt ? null : moveForm(o)), h('div', null, history)));
    await loadPanel(history, async () => {
      const changes = await api.items(`/opportunities/${id}/history`);
      return table([
        ['When', c => dateTime(c.at)],
        ['Stage', c => c.from ? `${c.from} → ${c.to}` : `opened in ${c.to}`],
        ['By', c => c.actor || ''],
        ['Reason', c => c.reason || '']
      ], changes, { id: 'stage-history-table' });
    });
  }

  function moveForm(o) {
    if (!mayWork()) return null;
    const stage = h('select', { id: 'move-stage', 'aria-label': 'Stage' },
      stages.filter(s => s.name !== o.stage).map(s => h('option', { value: s.name }, `${s.name} (${s.probability}%)`)));
    const reason = h('input', { id: 'move-reason', placeholder: 'needed to close it won or lost' });
    const nextStep = h('input', { id: 'move-next-step', value: o.nextStep || '' });
    const form = h('form', { class: 'inline', id: 'move-form' },
      h('label', null, 'Move to ', stage), h('label', null, 'Reason ', reason), h('label', null, 'Next step ', nextStep),
      h('button', { type: 'submit', class: 'primary' }, 'Move'));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      fill(feedback);
      try {
        const moved = await api.post(`/opportunities/${o.id}/stage`, {
          stage: stage.value, reason: reason.value.trim() || null, nextStep: nextStep.value.trim() || null });
        fill(feedback, message('success', `Moved to ${moved.stage}.`));
        await render(moved);
      } catch (error) {
        fill(feedback, refusal(`Not moved to ${stage.value}`, error));
      }
    });
    return h('section', { class: 'panel' }, h('h2', null, 'Move'), form);
  }

  await render(first);
}

function terms(o, known) {
  const rows = [
    ['With', dealWith(o, known)],
    ['Amount', h('span', { id: 'opportunity-amount' }, money(o.amount, o.currency))],
    ['Stage', h('span', { id: 'opportunity-stage' }, `${o.stage} (${o.probability}%)`)],
    ['Expected close', o.expectedClose], ['Owner', o.owner], ['Next step', o.nextStep],
    ['From lead', o.leadId ? h('a', { href: `#/sales/leads/${o.leadId}` }, `lead ${o.leadId}`) : null],
    ['Opened', dateTime(o.createdAt)], ['Closed', o.closedAt ? `${dateTime(o.closedAt)}: ${o.closeReason || ''}` : null]
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return h('dl', { class: 'profile', id: 'opportunity-terms' }, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}
