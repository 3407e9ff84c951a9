// What an agent does on a customer's page, each through the REST API with the agent's rights:
// edit the details, log a call or meeting, record or withdraw consent, book a purchase, redeem a
// reward, open a case, accept an offer. Every form is the API's to accept or refuse.
import { api, query } from '../api.js';
import { h, fill, table, dateTime, message } from '../dom.js';
import { actionForm, opener, requestKey } from '../forms.js';
import { slaCell, PRIORITIES, CASE_CHANNELS } from './cases.js';

export const CHANNELS = ['email', 'phone', 'in-person', 'social', 'web', 'chat', 'mail', 'other'];

/** A number as typed when it is one, else the text as typed, for the API to name. */
const numeric = text => (text === '' ? null : Number.isFinite(Number(text)) ? Number(text) : text);
const orNull = text => (text === '' ? null : text);
const lower = value => String(value || '').toLowerCase();

/** The contact's details as {@code PUT /contacts/{id}} takes them (it clears what is left out). */
function details(c) {
  const a = c.address || {};
  return {
    email: c.email, firstName: c.firstName, lastName: c.lastName, phone: c.phone, language: c.language,
    preferredChannel: c.preferredChannel ? lower(c.preferredChannel).replace('_', '-') : null, tags: c.tags || [],
    address: { street: a.street, locality: a.locality, region: a.region, postalCode: a.postalCode, country: a.country },
    owner: c.owner, accountId: c.accountId, properties: c.properties || {}
  };
}

/** The edit form for a contact's details; {@code saved} gets the stored contact. */
export function editForm(contact, close, saved) {
  const d = details(contact);
  return actionForm({
    id: 'edit-contact', submit: 'Save details', cancel: close, stacked: true,
    fields: [
      { name: 'email', label: 'Email', type: 'email', value: d.email },
      { name: 'firstName', label: 'First name', value: d.firstName },
      { name: 'lastName', label: 'Last name', value: d.lastName },
      { name: 'phone', label: 'Phone', value: d.phone },
      { name: 'language', label: 'Language', value: d.language, placeholder: 'en-GB' },
      { name: 'preferredChannel', label: 'Preferred channel', type: 'select', options: [['', 'none'], ...CHANNELS], value: d.preferredChannel || '' },
      { name: 'tags', label: 'Tags (comma between)', value: d.tags.join(', ') },
      { name: 'street', label: 'Street', value: d.address.street, api: 'address.street' },
      { name: 'postalCode', label: 'Postal code', value: d.address.postalCode, api: 'address.postalCode' },
      { name: 'locality', label: 'Town', value: d.address.locality, api: 'address.locality' },
      { name: 'region', label: 'Region', value: d.address.region, api: 'address.region' },
      { name: 'country', label: 'Country (ISO)', value: d.address.country, api: 'address.country' },
      { name: 'owner', label: 'Owner', value: d.owner }
    ],
    act: async v => saved(await api.put(`/contacts/${contact.id}`, {
      ...d, email: v.email, firstName: orNull(v.firstName), lastName: orNull(v.lastName), phone: orNull(v.phone),
      language: orNull(v.language), preferredChannel: orNull(v.preferredChannel), owner: orNull(v.owner),
      tags: v.tags.split(',').map(t => t.trim()).filter(Boolean),
      address: { street: orNull(v.street), postalCode: orNull(v.postalCode), locality: orNull(v.locality),
        region: orNull(v.region), country: orNull(v.country) }
    }))
  });
}

/**
 * The agent's actions on the customer, each a button opening its form in place. {@code changed}
 * gets what to say once the API stored it, and reloads the panels.
 */
export function customerActions(contact, changed) {
  const id = contact.id;
  const slot = () => h('div', { class: 'action-slot' });
  return h('div', { class: 'customer-actions', id: 'customer-actions' },
    opener(slot(), 'Log a call or meeting', { id: 'action-interaction', 'data-key': 'l' }, close => actionForm({
      id: 'log-interaction', submit: 'Log', cancel: close,
      fields: [
        { name: 'kind', label: 'What', type: 'select', options: [['call', 'call'], ['meeting', 'meeting']] },
        { name: 'direction', label: 'Who started it', type: 'select', options: [['inbound', 'the customer'], ['outbound', 'we did']] },
        { name: 'summary', label: 'Summary', placeholder: 'Asked about delivery times' },
        { name: 'occurredAt', label: 'When (empty: now)', type: 'datetime-local' }
      ],
      act: async v => {
        const recorded = await api.post(`/contacts/${id}/interactions`, {
          type: v.kind, channel: v.kind === 'meeting' ? 'in-person' : 'phone', direction: v.direction,
          summary: orNull(v.summary), occurredAt: v.occurredAt ? new Date(v.occurredAt).toISOString() : null
        });
        changed(`${recorded.type} logged on the timeline.`, close);
      }
    })),
    opener(slot(), 'Record consent', { id: 'action-consent', 'data-key': 'c' }, close => consentForm(id, close, changed)),
    opener(slot(), 'Book a purchase', { id: 'action-purchase', 'data-key': 'p' }, close => actionForm({
      id: 'book-purchase', submit: 'Book purchase', cancel: close,
      fields: [
        { name: 'eventId', label: 'Order reference', placeholder: 'ORDER-1001' },
        { name: 'amount', label: 'Amount', type: 'number', step: 'any' },
        { name: 'currency', label: 'Currency', placeholder: 'EUR' },
        { name: 'channel', label: 'Channel', placeholder: 'store' },
        { name: 'sku', label: 'Line: SKU', api: 'lines[0].sku' },
        { name: 'category', label: 'category', api: 'lines[0].category' },
        { name: 'quantity', label: 'quantity', type: 'number', value: '1', api: 'lines[0].quantity' },
        { name: 'unitPrice', label: 'unit price', type: 'number', step: 'any', api: 'lines[0].unitPrice' }
      ],
      act: async v => {
        const lines = v.sku || v.category || v.unitPrice
          ? [{ sku: orNull(v.sku), category: orNull(v.category), quantity: numeric(v.quantity), unitPrice: numeric(v.unitPrice) }] : null;
        const result = await api.post('/loyalty/purchases', {
          contactId: id, eventId: orNull(v.eventId), amount: numeric(v.amount), currency: orNull(v.currency),
          channel: orNull(v.channel), lines
        });
        changed(result.replayed ? `Purchase ${v.eventId} was booked before; nothing booked again.`
          : `Purchase ${v.eventId} booked: ${result.entry.points} points.`, close);
      }
    })),
    opener(slot(), 'Redeem a reward', { id: 'action-redeem', 'data-key': 'r' }, close => redeemForm(id, close, changed)),
    opener(slot(), 'Open a case', { id: 'action-case', 'data-key': 'o' }, close => caseForm(id, close)),
    h('a', { class: 'button', id: 'action-merge', href: `#/merge${query({ survivor: id })}` }, 'Merge with another record…'));
}

/**
 * A case opened for the contact, in a queue chosen from the configured queues the agent sees
 * ({@code GET /cases/queues}), the first chosen; busy until they are there. Should they not come,
 * the queue is left to the API (its first).
 */
function caseForm(id, close) {
  const form = actionForm({
    id: 'open-case', submit: 'Open case', cancel: close, stacked: true,
    fields: [
      { name: 'subject', label: 'Subject' },
      { name: 'message', label: 'What the customer asks', type: 'textarea' },
      { name: 'channel', label: 'Channel', type: 'select', options: CASE_CHANNELS, value: 'phone' },
      { name: 'priority', label: 'Priority', type: 'select', options: PRIORITIES, value: 'normal' },
      { name: 'queue', label: 'Queue', type: 'select', options: [['', 'the first queue']] }
    ],
    act: async v => {
      const opened = await api.post('/cases', { contactId: id, subject: v.subject, message: v.message,
        channel: v.channel, priority: v.priority, queue: orNull(v.queue) });
      location.hash = `#/cases/${opened.id}`;
    }
  });
  const queue = form.querySelector('[name=queue]');
  queue.setAttribute('aria-busy', 'true');
  api.items('/cases/queues').then(queues => {
    if (queues.length > 0) fill(queue, queues.map(q => h('option', { value: q }, q)));
  }, () => {}).finally(() => queue.removeAttribute('aria-busy'));
  return form;
}

function consentForm(id, close, changed) {
  const form = actionForm({
    id: 'record-consent', submit: 'Record', cancel: close,
    fields: [
      { name: 'purpose', label: 'Purpose', type: 'select', options: ['marketing'] },
      { name: 'channel', label: 'Channel', type: 'select', options: [['', 'every channel'], ...CHANNELS] },
      { name: 'state', label: 'Choice', type: 'select', options: [['granted', 'granted'], ['withdrawn', 'withdrawn']] },
      { name: 'source', label: 'Source', placeholder: 'phone call' }
    ],
    act: async v => {
      const c = await api.post(`/contacts/${id}/consents`, { purpose: v.purpose, channel: orNull(v.channel), state: v.state, source: orNull(v.source) });
      changed(`Consent to ${c.purpose} ${lower(c.state)}${c.channel ? ` on ${lower(c.channel)}` : ''}.`, close);
    }
  });
  // The purposes the API knows; busy until they are there, and a purpose already chosen stays chosen.
  const purpose = form.querySelector('[name=purpose]');
  purpose.setAttribute('aria-busy', 'true');
  api.get(`/contacts/${id}/consents`).then(c => {
    const chosen = purpose.value;
    fill(purpose, c.purposes.map(p => h('option', { value: p }, p)));
    if (c.purposes.includes(chosen)) purpose.value = chosen;
  }, () => {}).finally(() => purpose.removeAttribute('aria-busy'));
  return form;
}

function redeemForm(id, close, changed) {
  const key = requestKey();
  const form = actionForm({
    id: 'redeem-reward', submit: 'Redeem', cancel: close,
    fields: [{ name: 'reward', label: 'Reward', type: 'select', options: [] }],
    act: async v => {
      const entry = await api.post('/loyalty/redemptions', { contactId: id, reward: v.reward, requestId: key });
      changed(`${entry.reward || v.reward} redeemed for ${Math.abs(entry.points)} points.`, close);
    }
  });
  api.items('/loyalty/rewards').then(rewards => fill(form.querySelector('[name=reward]'),
    rewards.filter(r => r.active).map(r => h('option', { value: r.code },
      `${r.name} (${r.points} pts${r.stock === null || r.stock === undefined ? '' : `, ${r.stock} left`})`))), () => {});
  return form;
}

/** A withdrawal of a granted consent, in one click. */
export function withdrawButton(id, consent, changed) {
  return h('button', { type: 'button', class: 'small', 'data-withdraw': `${consent.purpose}:${consent.channel ? lower(consent.channel) : ''}`,
    onclick: async event => {
      try {
        await api.post(`/contacts/${id}/consents`, { purpose: consent.purpose, channel: consent.channel ? lower(consent.channel) : null,
          state: 'withdrawn', source: 'agent' });
        changed(`Consent to ${consent.purpose} withdrawn.`);
      } catch (error) {
        event.target.after(h('span', { class: 'field-error' }, error.message));
      }
    } }, 'Withdraw');
}

/** The customer's offers as the offers rules rank them, each to accept. */
export async function offersPanel(id, mayAct, changed) {
  const o = await api.get(`/contacts/${id}/offers`);
  if (!o.personalised) return message('info', `No personalised offers: ${o.reason || 'the consent gate blocks profiling'}.`);
  if (o.offers.length === 0) return message('info', 'No offers for this customer now.');
  return h('ol', { class: 'offers', id: 'offer-list' }, o.offers.map(offer => h('li', { 'data-offer': offer.code },
    h('div', null, h('strong', null, offer.title), ' ', h('span', { class: 'badge' }, lower(offer.kind)), ' ',
      h('span', { class: 'muted' }, offer.code)),
    offer.description ? h('div', null, offer.description) : null,
    h('div', { class: 'rule' }, `by “${offer.rule}” (${offer.release})`),
    mayAct ? h('button', { type: 'button', class: 'small', 'data-accept': offer.code, onclick: async event => {
      try {
        await api.post(`/contacts/${id}/offers/${encodeURIComponent(offer.code)}/accept`);
        changed(`Offer ${offer.code} accepted.`);
      } catch (error) {
        event.target.after(h('span', { class: 'field-error' }, error.message));
      }
    } }, 'Accept') : null)));
}

/** The customer's cases, newest first, with their targets. */
export async function casesPanel(id) {
  const page = await api.get(`/cases${query({ contactId: id, limit: 10 })}`);
  if (page.items.length === 0) return message('info', 'No cases.');
  return table([
    ['Case', c => h('a', { href: `#/cases/${c.id}` }, `#${c.id} ${c.subject}`)],
    ['Status', c => lower(c.status)],
    ['First reply', c => slaCell(c.firstResponseDue, c.firstResponseAt, 'first-response')],
    ['Opened', c => dateTime(c.createdAt)]
  ], page.items, { id: 'customer-cases' });
}
