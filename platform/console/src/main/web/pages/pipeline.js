import { api, session, query } from '../api.js';
import { h, fill, message } from '../dom.js';
import { salesTabs, mayWork, totalsByCurrency, money, names, dealWith } from './sales.js';

/** Every open opportunity of a stage (and owner), page by page: the board shows them all. */
async function everyOpportunity(stage, owner) {
  const all = [];
  for (;;) {
    const page = await api.get(`/opportunities${query({ stage, owner, offset: all.length, limit: 500 })}`);
    all.push(...page.items);
    if (page.items.length === 0 || all.length >= page.total) return all;
  }
}

const byClose = (a, b) => String(a.expectedClose).localeCompare(String(b.expectedClose)) || a.id - b.id;

/**
 * The pipeline board: a column per configured stage, a card per open opportunity with its totals
 * and weighted amount per column. Agents move a card by dragging it to another column or with
 * the stage select on the card; a move to a won or lost stage asks for the reason first. Each
 * move is the API's stage change, and a refusal is shown as the API gives it.
 */
export async function pipelinePage(container, { params }) {
  const owner = params.get('owner') || '';
  const stages = await api.items('/pipeline/stages');
  const open = stages.filter(s => s.outcome === 'open');
  const closing = stages.filter(s => s.outcome !== 'open');
  const lists = await Promise.all(open.map(s => everyOpportunity(s.name, owner)));
  const counts = await Promise.all(closing.map(async s =>
    (await api.get(`/opportunities${query({ stage: s.name, owner, limit: 1 })}`)).total));
  const work = mayWork();
  const known = names();
  // The board's state: open deals by stage; closed counts, and deals closed here since the page opened.
  const columns = new Map(open.map((s, i) => [s.name, lists[i]]));
  const closed = new Map(closing.map((s, i) => [s.name, { count: counts[i], here: [] }]));
  let pending = null; // a move to a closing stage waiting for its reason: {id, stage, reason}
  let dragging = null;

  const feedback = h('div', { id: 'board-message', 'aria-live': 'polite' });
  const board = h('div', { class: 'board', id: 'pipeline-board' });
  const owners = new Set([session.current.name, owner, ...lists.flat().map(o => o.owner)].filter(Boolean));
  const ownerSelect = h('select', { id: 'board-owner', 'aria-label': 'Owner', onchange: e => {
    location.hash = `#/sales${query({ owner: e.target.value })}`;
  } }, h('option', { value: '' }, 'every owner'),
  [...owners].sort().map(name => h('option', { value: name, selected: name === owner }, name === session.current.name ? `${name} (me)` : name)));
  fill(container, salesTabs('pipeline'), h('h1', null, 'Pipeline'),
    h('div', { class: 'toolbar' }, h('label', null, 'Owner ', ownerSelect),
      work ? h('span', { class: 'hint' }, 'Drag a card to another stage, or choose its stage on the card.')
        : h('span', { class: 'hint', id: 'board-read-only' }, 'Read only: agents move deals.')),
    feedback, board);

  const find = id => [...columns.values()].flat().find(o => o.id === id);

  async function move(o, stage, reason) {
    fill(feedback);
    try {
      const moved = await api.post(`/opportunities/${o.id}/stage`, { stage: stage.name, reason: reason || null });
      columns.set(o.stage, columns.get(o.stage).filter(x => x.id !== o.id));
      if (columns.has(moved.stage)) columns.set(moved.stage, [...columns.get(moved.stage), moved].sort(byClose));
      else {
        closed.get(moved.stage).count += 1;
        closed.get(moved.stage).here.push(moved);
      }
      pending = null;
      fill(feedback, message('success', `“${o.name}” moved to ${moved.stage}.`));
      render();
      const card = board.querySelector(`[data-id="${o.id}"] select`);
      if (card) card.focus();
    } catch (error) {
      fill(feedback, message('error', `“${o.name}” was not moved to ${stage.name}: ${error.message}`));
      render();
    }
  }

  function ask(o, stage) {
    if (o.stage === stage.name) return;
    if (stage.outcome === 'open') {
      move(o, stage);
      return;
    }
    pending = { id: o.id, stage, reason: '' };
    fill(feedback);
    render();
  }

  function closeForm(o) {
    const input = h('input', { id: `close-reason-${o.id}`, class: 'close-reason', value: pending.reason, placeholder: 'why' });
    const form = h('form', { class: 'close-form' },
      h('label', { for: `close-reason-${o.id}` }, `Reason it is ${pending.stage.outcome}`), input,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, `Close as ${pending.stage.name}`),
        h('button', { type: 'button', onclick: () => { pending = null; render(); } }, 'Cancel')));
    form.addEventListener('submit', event => {
      event.preventDefault();
      pending.reason = input.value.trim();
      move(o, pending.stage, pending.reason);
    });
    queueMicrotask(() => input.focus());
    return form;
  }

  function card(o, movable) {
    const el = h('li', { class: 'deal', 'data-id': o.id, 'data-stage': o.stage, draggable: movable ? 'true' : null },
      h('a', { class: 'deal-name', href: `#/sales/opportunities/${o.id}` }, o.name),
      h('div', { class: 'deal-with' }, dealWith(o, known)),
      h('div', { class: 'deal-amount' }, money(o.amount, o.currency)),
      h('div', { class: 'deal-meta' }, `${o.owner} · closes ${o.expectedClose}`),
      movable ? h('label', { class: 'deal-stage' }, 'Stage ', h('select', { 'aria-label': `Stage of ${o.name}`, onchange: e => {
        ask(o, stages.find(s => s.name === e.target.value));
      } }, stages.map(s => h('option', { value: s.name, selected: s.name === o.stage }, s.name)))) : null,
      pending && pending.id === o.id ? closeForm(o) : null);
    if (movable) {
      el.addEventListener('dragstart', e => {
        dragging = o.id;
        e.dataTransfer.setData('text/plain', String(o.id));
        e.dataTransfer.effectAllowed = 'move';
        el.classList.add('dragging');
      });
      el.addEventListener('dragend', () => {
        dragging = null;
        el.classList.remove('dragging');
        board.querySelectorAll('.drop-target').forEach(c => c.classList.remove('drop-target'));
      });
    }
    return el;
  }

  function column(stage) {
    const deals = columns.get(stage.name);
    const shut = closed.get(stage.name);
    const totals = deals ? totalsByCurrency(deals) : [];
    const el = h('section', { class: `stage ${stage.outcome}`, 'data-stage': stage.name, 'aria-label': `Stage ${stage.name}` },
      h('header', null,
        h('h2', null, stage.name), h('span', { class: 'probability' }, `${stage.probability}%`),
        h('span', { class: 'stage-count' }, deals ? deals.length : shut.count)),
      deals ? h('ul', { class: 'totals' }, totals.length === 0 ? h('li', { class: 'muted' }, 'nothing open')
        : totals.map(t => h('li', { 'data-currency': t.currency, 'data-amount': t.amount, 'data-weighted': t.weighted },
          h('strong', null, money(t.amount, t.currency)), h('span', { class: 'weighted' }, ` weighted ${money(t.weighted)}`))))
        : h('p', { class: 'muted' }, `${shut.count} ${stage.outcome} in all${work ? '; drop a card here to close it' : ''}`),
      h('ol', { class: 'deals' }, (deals || shut.here).map(o => card(o, work && !!deals))));
    if (work) {
      el.addEventListener('dragover', e => {
        if (dragging === null) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        el.classList.add('drop-target');
      });
      el.addEventListener('dragleave', e => {
        if (!el.contains(e.relatedTarget)) el.classList.remove('drop-target');
      });
      el.addEventListener('drop', e => {
        e.preventDefault();
        el.classList.remove('drop-target');
        const o = find(Number(e.dataTransfer.getData('text/plain')) || dragging);
        if (o) ask(o, stage);
      });
    }
    return el;
  }

  function render() {
    fill(board, stages.map(column));
  }
  render();
}
