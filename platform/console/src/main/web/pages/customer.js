import { api, query } from '../api.js';
import { h, fill, table, panel, loadPanel, fullName, dateTime, number, message, decisionList } from '../dom.js';
import { mayAct, opener } from '../forms.js';
import { customerActions, editForm, withdrawButton, offersPanel, casesPanel } from './customer-actions.js';

/**
 * A customer's whole story on one page: profile, timeline across channels, loyalty with tier
 * history and the decisions behind it, consents and their history, offers, cases, retention;
 * for agents, the actions of their day on the customer (customer-actions.js).
 */
export async function customerPage(container, { args, params }) {
  const id = args[0];
  let contact = await api.get(`/contacts/${id}`);
  const channel = params.get('channel') || '';
  const agent = mayAct();
  const feedback = h('div', { id: 'customer-message', 'aria-live': 'polite' });
  const panels = {
    timeline: panel('Timeline', 'timeline'),
    offers: panel('Offers', 'offers'),
    cases: panel('Cases', 'cases'),
    loyalty: panel('Loyalty', 'loyalty'),
    decisions: panel('Why: decisions taken by the rules', 'decisions'),
    consents: panel('Consents', 'consents'),
    retention: panel('Retention', 'retention')
  };
  const profileBox = h('div', { id: 'profile-box' });
  const load = (key, build) => loadPanel(panels[key], build);
  const loadAll = () => Promise.all([
    load('timeline', () => timeline(id, channel)),
    load('offers', () => offersPanel(id, agent, changed)),
    load('cases', () => casesPanel(id)),
    load('loyalty', () => loyalty(id)),
    load('decisions', () => decisions(id)),
    load('consents', () => consents(id, agent ? changed : null)),
    load('retention', () => retention(id))
  ]);
  // What an action stored is said above the panels, which show it again from the API.
  async function changed(text, close) {
    fill(feedback, message('success', text));
    if (close) close();
    await loadAll();
  }
  function showProfile() {
    fill(profileBox, profile(contact), agent ? opener(h('div', { class: 'action-slot' }), 'Edit details', { id: 'action-edit', 'data-key': 'e' },
      close => editForm(contact, close, saved => {
        contact = saved;
        fill(container.querySelector('#contact-name'), fullName(saved));
        fill(feedback, message('success', 'Details saved.'));
        showProfile();
        container.querySelector('#action-edit').focus();
      })) : null);
  }
  showProfile();
  fill(container,
    h('p', { class: 'crumbs' }, h('a', { href: '#/customers' }, 'Customers'), ' / ', fullName(contact)),
    h('h1', { id: 'contact-name' }, fullName(contact)),
    feedback,
    profileBox,
    agent ? customerActions(contact, changed) : null,
    h('div', { class: 'columns' },
      h('div', null, panels.timeline, panels.cases),
      h('div', null, panels.offers, panels.loyalty, panels.decisions, panels.consents, panels.retention)));
  await loadAll();
}

function profile(c) {
  const address = c.address && !c.address.empty
    ? [c.address.street, c.address.postalCode, c.address.locality, c.address.region, c.address.country].filter(Boolean).join(', ')
    : '';
  const rows = [
    ['Email', c.email], ['Phone', c.phone], ['Address', address], ['Language', c.language],
    ['Preferred channel', c.preferredChannel], ['Owner', c.owner], ['Account', c.accountId],
    ['Tags', (c.tags || []).map(t => h('span', { class: 'tag' }, t))], ['Customer since', dateTime(c.createdAt)],
    ...Object.entries(c.properties || {}).map(([k, v]) => [k, String(v)])
  ].filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  return h('dl', { class: 'profile', id: 'profile' }, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

const CHANNELS = ['', 'email', 'phone', 'in_person', 'social', 'web', 'chat', 'mail', 'other'];

async function timeline(id, channel) {
  const page = await api.get(`/contacts/${id}/timeline${query({ channel, limit: 100 })}`);
  const filter = h('select', { id: 'timeline-channel', onchange: e => {
    location.hash = `#/customers/${id}${query({ channel: e.target.value })}`;
  } }, CHANNELS.map(c => h('option', { value: c, selected: c === channel }, c ? c.replace('_', ' ') : 'every channel')));
  if (page.items.length === 0) return [filter, message('info', 'No interactions yet.')];
  return [filter, h('ol', { class: 'timeline', id: 'timeline-items' }, page.items.map(item =>
    h('li', { class: `touch ch-${item.channel.toLowerCase()}` },
      h('div', { class: 'when' }, dateTime(item.occurredAt)),
      h('div', { class: 'what' },
        h('span', { class: 'badge' }, item.channel.toLowerCase().replace('_', ' ')),
        h('span', { class: 'badge subtle' }, item.direction.toLowerCase()),
        h('strong', null, item.type), ' ', item.summary || ''),
      h('div', { class: 'source' }, item.source ? `by ${item.source}` : ''))))];
}

async function loyalty(id) {
  const [member, tiers] = await Promise.all([api.get(`/loyalty/members/${id}`), api.items(`/loyalty/members/${id}/tiers`)]);
  return [
    h('div', { class: 'figures', id: 'loyalty-figures' },
      figure('Tier', member.tier || 'none', 'loyalty-tier'),
      figure('Balance', `${number(member.balance)} pts`, 'loyalty-balance'),
      figure('Qualifying', `${number(member.qualifyingPoints)} pts`),
      figure('Spend, 12 months', number(member.spendLast12Months))),
    member.tierRule ? h('p', { class: 'why' }, `Tier set by “${member.tierRule}” (${member.tierRelease}) on ${dateTime(member.tierSince)}.`) : null,
    member.expiring && member.expiring.length
      ? h('p', null, 'Expiring: ', member.expiring.map(e => `${number(e.points)} pts on ${e.on}`).join(', ')) : null,
    h('h3', null, 'Tier history'),
    tiers.length === 0 ? message('info', 'No tier changes.') : table([
      ['When', t => dateTime(t.changedAt)],
      ['Change', t => `${t.fromTier || '—'} → ${t.toTier || '—'}`],
      ['Rule', t => t.rule],
      ['Release', t => t.release]
    ], tiers, { id: 'tier-history' })
  ];
}

function figure(label, value, id) {
  return h('div', { class: 'figure', id }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
}

async function decisions(id) {
  const list = await api.items(`/contacts/${id}/decisions${query({ limit: 50 })}`);
  if (list.length === 0) return message('info', 'No decisions recorded.');
  return decisionList(list, 'decision-list');
}

async function consents(id, changed) {
  const c = await api.get(`/contacts/${id}/consents`);
  return [
    c.current.length === 0 ? message('info', 'No consent recorded.') : table([
      ['Purpose', x => x.purpose], ['Channel', x => x.channel ? x.channel.toLowerCase() : 'every channel'],
      ['State', x => h('span', { class: `state ${x.state.toLowerCase()}` }, x.state.toLowerCase())],
      ['Since', x => dateTime(x.recordedAt)], ['Source', x => x.source || ''],
      ...(changed ? [['', x => x.state.toLowerCase() === 'granted' ? withdrawButton(id, x, changed) : null]] : [])
    ], c.current, { id: 'consents-current' }),
    c.history.length > c.current.length ? h('details', null, h('summary', null, `History (${c.history.length})`), table([
      ['When', x => dateTime(x.recordedAt)], ['Purpose', x => x.purpose],
      ['Channel', x => x.channel ? x.channel.toLowerCase() : 'every'], ['State', x => x.state.toLowerCase()],
      ['By', x => x.actor || '']
    ], c.history)) : null
  ];
}

async function retention(id) {
  const r = await api.get(`/retention/contacts/${id}`);
  const a = r.activity || {};
  return [
    h('p', null, `Last purchase ${a.daysSinceLastPurchase ?? '—'} days ago; ${a.purchasesLast3Months ?? 0} purchases in 3 months.`),
    r.episodes.length === 0 ? message('info', 'Not at risk.') : table([
      ['Opened', e => dateTime(e.openedAt)], ['Risk', e => e.risk || ''], ['Reason', e => e.reason || ''],
      ['Rule', e => `${e.rule || ''} (${e.release || ''})`],
      ['Outcome', e => e.closedAt ? `${(e.outcome || '').toLowerCase()} ${dateTime(e.closedAt)}` : 'open']
    ], r.episodes, { id: 'retention-episodes' }),
    r.tasks.length ? h('div', null, h('h3', null, 'Tasks'), table([
      ['Task', t => t.title], ['Queue', t => t.queue || ''], ['Assignee', t => t.assignee || ''],
      ['State', t => h('span', { class: `state ${t.status.toLowerCase()}` }, t.status.toLowerCase())],
      ['Due', t => dateTime(t.dueAt)]
    ], r.tasks, { id: 'retention-tasks' })) : null
  ];
}
