// A campaign's page: what it is, the moves its status allows (for analysts: launch, pause, resume,
// cancel; the API's refusal shown), and what became of its messages in all and per variant
// (GET /campaigns/{id}/figures) with a chart, refreshed while it is scheduled or sending.
import { api } from '../api.js';
import { h, fill, table, dateTime, number, message } from '../dom.js';
import { Chart, PALETTE } from '../charts.js';
import { mayCompose, statusOf, statusBadge, revenue, delivered, heldBackTotal, refusalText } from './campaigns.js';

const EVERY_MS = 3000;
const LIVE = ['scheduled', 'sending'];

/** The moves each status allows, as the API allows them; a move refused meanwhile is shown with the API's reason. */
const MOVES = {
  draft: [['launch', 'Launch'], ['cancel', 'Cancel']],
  scheduled: [['pause', 'Pause'], ['cancel', 'Cancel']],
  sending: [['pause', 'Pause'], ['cancel', 'Cancel']],
  paused: [['resume', 'Resume'], ['cancel', 'Cancel']]
};

/** The figures' columns: heading, the value of a line, and whether the chart draws it. */
const COLUMNS = [
  ['Targeted', l => l.targeted, true], ['Pending', l => l.pending, false], ['Held back', heldBackTotal, true],
  ['Sent', l => l.sent, true], ['Delivered', delivered, true], ['Bounced', l => l.bounced, true],
  ['Failed', l => l.failed, false], ['Opened', l => l.opened, true], ['Clicked', l => l.clicked, true],
  ['Unsubscribed', l => l.unsubscribed, true], ['Converted', l => l.converted, true]
];

export async function campaignPage(container, { args }) {
  const id = Number(args[0]);
  const head = h('div', { id: 'campaign-head' });
  const controls = h('div', { id: 'campaign-controls', 'aria-live': 'polite' });
  const figuresBox = h('div', { id: 'campaign-figures' });
  const canvas = h('canvas', { role: 'img', 'aria-label': 'What became of the messages, per variant' });
  const updated = h('p', { class: 'hint', id: 'campaign-updated' });
  fill(container,
    h('p', { class: 'crumbs' }, h('a', { href: '#/campaigns' }, 'Campaigns')),
    head, controls,
    h('section', { class: 'chart', id: 'campaign-chart' }, h('h2', null, 'Per variant'), h('div', { class: 'canvas-box' }, canvas)),
    h('h2', null, 'Figures'), figuresBox, updated);

  let chart = null;
  let timer = null;
  let gone = false;
  let shownStatus = null;
  let outcome = null;

  function renderHead(c) {
    fill(head,
      h('h1', { id: 'campaign-name' }, c.name, ' ', statusBadge(c)),
      h('dl', { class: 'profile' },
        h('dt', null, c.condition ? 'Condition' : 'Segment'), h('dd', null, c.condition || c.segment, c.recipients ? ` · ${number(c.recipients)} frozen at launch` : ''),
        h('dt', null, 'Purpose and channel'), h('dd', null, `${c.purpose} by ${c.channel}`),
        h('dt', null, 'Variants'), h('dd', null, c.variants.map(v => `${v.template} (share ${v.share})`).join(', ')),
        h('dt', null, 'Start'), h('dd', null, c.startAt ? dateTime(c.startAt) : 'at launch'),
        h('dt', null, 'Rate'), h('dd', null, `${number(c.ratePerMinute)} a minute`),
        h('dt', null, 'Composed by'), h('dd', null, `${c.createdBy}, ${dateTime(c.createdAt)}`),
        c.launchedAt ? [h('dt', null, 'Launched'), h('dd', null, dateTime(c.launchedAt))] : null,
        c.finishedAt ? [h('dt', null, 'Finished'), h('dd', null, dateTime(c.finishedAt))] : null));
  }

  /** The moves, drawn again only when the status changes, so that the keyboard's focus stays where it is. */
  function renderControls(c) {
    const status = statusOf(c);
    shownStatus = status;
    const moves = mayCompose() ? (MOVES[status] || []) : [];
    fill(controls,
      moves.length || (mayCompose() && status === 'draft') ? h('div', { class: 'actions' },
        status === 'draft' ? h('a', { href: `#/campaigns/${c.id}/compose`, id: 'campaign-compose', class: 'button' }, 'Compose') : null,
        moves.map(([move, label]) => h('button', { type: 'button', id: `campaign-${move}`, class: move === 'launch' ? 'primary' : null,
          onclick: () => act(move, label) }, label))) : null,
      outcome);
  }

  async function act(move, label) {
    if (move === 'cancel' && !window.confirm('Cancel this campaign for good? Recipients not reached yet get nothing.')) return;
    try {
      const c = await api.post(`/campaigns/${id}/${move}`);
      outcome = message('info', `${label}: the campaign is ${statusOf(c)}.`);
      renderControls(c);
      following(await refresh());
    } catch (error) {
      outcome = message('error', refusalText(`${label} refused`, error));
      const c = await api.get(`/campaigns/${id}`).catch(() => null);
      renderControls(c || { id, status: shownStatus });
      if (c) renderHead(c);
    }
  }

  function renderFigures(f) {
    const lines = [f.total, ...f.variants];
    const name = l => l.variant || 'all variants';
    const reasons = [...new Set(lines.flatMap(l => Object.keys(l.heldBack || {})))].sort();
    fill(figuresBox,
      table([['Variant', name], ...COLUMNS.map(([heading, value]) => [heading, l => number(value(l))]),
        ['Revenue', l => revenue(l.revenue)]], lines, { id: 'figures-table' }),
      reasons.length === 0 ? null : [h('h3', null, 'Held back, by reason'),
        table([['Reason', r => r], ...lines.map(l => [name(l), r => number((l.heldBack || {})[r] || 0)])], reasons, { id: 'held-back-table' })]);
    figuresBox.querySelectorAll('#figures-table tbody tr').forEach((tr, i) => {
      const l = lines[i];
      tr.setAttribute('data-variant', l.variant || '');
      for (const key of ['targeted', 'pending', 'sent', 'bounced', 'failed', 'opened', 'clicked', 'unsubscribed', 'converted', 'revenue']) {
        tr.setAttribute(`data-${key}`, String(l[key]));
      }
      tr.setAttribute('data-held-back', String(heldBackTotal(l)));
    });
    const charted = COLUMNS.filter(([, , drawn]) => drawn);
    const data = {
      labels: charted.map(([heading]) => heading),
      datasets: f.variants.map((l, i) => ({ label: l.variant, backgroundColor: PALETTE[i % PALETTE.length], data: charted.map(([, value]) => Number(value(l))) }))
    };
    if (!chart) {
      chart = new Chart(canvas, { type: 'bar', data, options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
      // The chart, for tests that compare what it draws with the API's figures.
      canvas.chart = chart;
    } else {
      chart.data = data;
      chart.update();
    }
  }

  async function refresh() {
    const [c, f] = await Promise.all([api.get(`/campaigns/${id}`), api.get(`/campaigns/${id}/figures`)]);
    if (gone) return null;
    renderHead(c);
    if (statusOf(c) !== shownStatus) renderControls(c);
    renderFigures(f);
    fill(updated, `As of ${new Date().toLocaleTimeString()}`, LIVE.includes(statusOf(c)) ? ', refreshed every few seconds while it sends.' : '.');
    container.dataset.status = statusOf(c);
    return c;
  }

  /**
   * Follows the campaign while it is scheduled or sending, and after it is done until no message is
   * pending (the outcomes settle a little after the last message is queued).
   */
  function following(c) {
    const pending = Number(container.querySelector('#figures-table tbody tr').dataset.pending);
    if (gone || timer || !c || !(LIVE.includes(statusOf(c)) || (statusOf(c) === 'done' && pending > 0))) return;
    timer = setTimeout(async () => {
      timer = null;
      try {
        following(await refresh());
      } catch (error) {
        fill(updated, message('error', refusalText('Not refreshed', error)));
        following(c);
      }
    }, EVERY_MS);
  }

  following(await refresh());
  return {
    leave: () => {
      gone = true;
      if (timer) clearTimeout(timer);
      if (chart) chart.destroy();
    }
  };
}
