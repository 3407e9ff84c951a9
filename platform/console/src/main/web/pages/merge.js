import { api, query } from '../api.js';
import { h, fill, table, fullName, dateTime, message } from '../dom.js';
import { mayAct, actionForm } from '../forms.js';

const shown = value => (value === null || value === undefined || value === '' ? '—'
  : typeof value === 'object' ? Object.values(value).filter(v => v !== null && v !== '' && typeof v !== 'boolean').join(', ') || '—'
    : String(value));

/**
 * Two records of one person made one: the survivor (kept, with its id and email address) and the
 * record merged into it. The likely duplicates of the survivor are offered; the preview (`POST
 * /merges/preview`) shows each field where they differ with the value kept, which the agent may
 * turn to the other record's, and what the merge moves; the merge (`POST /merges`) can be undone
 * (`POST /merges/{id}/undo`), here or from the survivor's list of merges.
 */
export async function mergePage(container, { params }) {
  const survivor = params.get('survivor') || '';
  const merged = params.get('merged') || '';
  const feedback = h('div', { id: 'merge-message', 'aria-live': 'polite' });
  const preview = h('div', { id: 'merge-preview' });
  const history = h('div', { id: 'merge-history' });
  const pick = actionForm({
    id: 'merge-pick', submit: 'Preview',
    fields: [{ name: 'survivorId', label: 'Keep contact', type: 'number', value: survivor },
      { name: 'mergedId', label: 'merge contact into it', type: 'number', value: merged }],
    act: async v => {
      location.hash = `#/merge${query({ survivor: v.survivorId, merged: v.mergedId })}`;
    }
  });
  fill(container, h('p', { class: 'crumbs' }, h('a', { href: '#/customers' }, 'Customers'), ' / Merge'),
    h('h1', null, 'Merge two records'), pick, feedback, h('div', { id: 'merge-suggestions' }), preview, history);

  if (survivor) {
    await Promise.all([suggestions(container.querySelector('#merge-suggestions'), survivor), merges(history, survivor, feedback)]);
  }
  if (survivor && merged) {
    await showPreview(preview, Number(survivor), Number(merged), {}, feedback, history);
  } else {
    container.querySelector(survivor ? '#merge-pick-mergedId' : '#merge-pick-survivorId').focus();
  }
}

/** The survivor's likely duplicates, each a link that previews the merge. */
async function suggestions(box, survivor) {
  try {
    const list = await api.items(`/contacts/${survivor}/duplicates`);
    if (list.length === 0) return;
    fill(box, h('h2', null, 'Likely the same person'), h('ul', { class: 'duplicates', id: 'duplicate-list' }, list.map(d => {
      const other = String(d.first.id) === String(survivor) ? d.second : d.first;
      return h('li', null, h('a', { href: `#/merge${query({ survivor, merged: other.id })}`, 'data-merged': other.id },
        `${fullName(other)} <${other.email}>`), ` score ${d.score}: ${d.reasons.join(', ')}`);
    })));
  } catch (error) {
    fill(box, message('error', error.message));
  }
}

async function showPreview(box, survivorId, mergedId, choices, feedback, history) {
  let p;
  try {
    p = await api.post('/merges/preview', { survivorId, mergedId, choices });
  } catch (error) {
    fill(box, message('error', `No preview: ${error.message}`));
    return;
  }
  const choose = (field, side) => showPreview(box, survivorId, mergedId, { ...choices, [field]: side }, feedback, history);
  const radio = (f, side) => h('label', { class: 'check' }, h('input', {
    type: 'radio', name: `choice-${f.name}`, value: side, 'data-field': f.name, checked: f.chosen.toLowerCase() === side,
    onchange: () => choose(f.name, side)
  }), ' ', shown(side === 'survivor' ? f.survivorValue : f.mergedValue));
  fill(box,
    h('h2', null, `Keep ${fullName(p.survivor)} (contact ${p.survivor.id}), merge ${fullName(p.merged)} (contact ${p.merged.id}) into it`),
    p.fields.length === 0 ? message('info', 'The two records hold the same details.') : table([
      ['Field', f => f.name],
      [`Contact ${p.survivor.id}`, f => radio(f, 'survivor')],
      [`Contact ${p.merged.id}`, f => radio(f, 'merged')]
    ], p.fields, { id: 'merge-fields' }),
    h('p', { id: 'merge-moves' }, `${p.interactions} ${p.interactions === 1 ? 'interaction moves' : 'interactions move'} to contact ${p.survivor.id}; `,
      `the result: ${fullName(p.result)} <${p.result.email}>${p.result.phone ? `, ${p.result.phone}` : ''}.`),
    Object.keys(p.participants).length ? h('ul', { class: 'participants' },
      Object.entries(p.participants).map(([who, what]) => h('li', null, `${who}: ${what}`))) : null,
    mayAct() ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'merge-confirm', onclick: async event => {
      try {
        const m = await api.post('/merges', { survivorId, mergedId, choices });
        fill(feedback, message('success', `Merge ${m.id}: contact ${m.mergedId} merged into contact ${m.survivorId}.`),
          undoButton(m, feedback, history, survivorId));
        fill(box);
        await merges(history, survivorId, feedback);
        feedback.querySelector('button').focus();
      } catch (error) {
        fill(feedback, message('error', `Not merged: ${error.message}`));
        event.target.focus();
      }
    } }, 'Merge')) : null);
}

function undoButton(m, feedback, history, survivorId, inTable) {
  return h('button', { type: 'button', 'data-undo': m.id, id: inTable ? null : `undo-${m.id}`, onclick: async () => {
    try {
      const undone = await api.post(`/merges/${m.id}/undo`);
      fill(feedback, message('success', `Merge ${undone.id} undone: contacts ${undone.survivorId} and ${undone.mergedId} are separate again.`),
        h('a', { href: `#/customers/${undone.mergedId}`, id: 'unmerged-contact' }, `Open contact ${undone.mergedId}`));
      await merges(history, survivorId, feedback);
    } catch (error) {
      fill(feedback, message('error', `Not undone: ${error.message}`));
    }
  } }, `Undo merge ${m.id}`);
}

/** The merges the contact took part in, newest first, each to undo while it stands. */
async function merges(box, contactId, feedback) {
  const list = await api.items(`/merges${query({ contactId, limit: 20 })}`);
  if (list.length === 0) {
    fill(box);
    return;
  }
  fill(box, h('h2', null, 'Merges of this contact'), table([
    ['Merge', m => `#${m.id}`],
    ['Kept', m => h('a', { href: `#/customers/${m.survivorId}` }, `contact ${m.survivorId}`)],
    ['Merged', m => `contact ${m.mergedId}`],
    ['When', m => `${dateTime(m.mergedAt)} by ${m.mergedBy}`],
    ['Undone', m => m.undoneAt ? `${dateTime(m.undoneAt)} by ${m.undoneBy}` : (mayAct() ? undoButton(m, feedback, box, contactId, true) : '')]
  ], list, { id: 'merges-table' }));
}
