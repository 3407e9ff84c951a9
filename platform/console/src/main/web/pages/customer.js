import { api, query } from '../api.js';
import { h, fill, table, panel, loadPanel, fullName, dateTime, number, message, decisionList } from '../dom.js';

/**
 * A customer's whole story on one page: profile, timeline across channels, loyalty with tier
 * history and the decisions behind it, consents and their history, retention.
 */
export async function customerPage(container, { args, params }) {
  const id = args[0];
  const contact = await api.get(`/contacts/${id}`);
  const channel = params.get('channel') || '';
  const panels = {
    timeline: panel('Timeline', 'timeline'),
    loyalty: panel('Loyalty', 'loyalty'),
    decisions: panel('Why: decisions taken by the rules', 'decisions'),
    consents: panel('Consents', 'consents'),
    retention: panel('Retention', 'retention')
  };
  fill(container,
    h('p', { class: 'crumbs' }, h('a', { href: '#/customers' }, 'Customers'), ' / ', fullName(contact)),
    h('h1', { id: 'contact-name' }, fullName(contact)),
    profile(contact),
    h('div', { class: 'columns' },
      h('div', null, panels.timeline),
      h('div', null, panels.loyalty, panels.decisions, panels.consents, panels.retention)));

  const load = (key, build) => loadPanel(panels[key], build);
  await Promise.all([
    load('timeline', () => timeline(id, channel)),
    load('loyalty', () => loyalty(id)),
    load('decisions', () => decisions(id)),
    load('consents', () => consents(id)),
    load('retention', () => retention(id))
  ]);
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

const CHANNELS = ['', 'email', 'phone', 'in_person', 'social', 'web', 'other'];

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

async function consents(id) {
  const c = await api.get(`/contacts/${id}/consents`);
  return [
    c.current.length === 0 ? message('info', 'No consent recorded.') : table([
      ['Purpose', x => x.purpose], ['Channel', x => x.channel ? x.channel.toLowerCase() : 'every channel'],
      ['State', x => h('span', { class: `state ${x.state.toLowerCase()}` }, x.state.toLowerCase())],
      ['Since', x => dateTime(x.recordedAt)], ['Source', x => x.source || '']
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
