// Campaigns: the list (page by page, newest first, with each campaign's figures at a glance) and
// what the campaign pages share. Agents and analysts read campaigns; only analysts (marketers)
// compose, preview, test and launch them, as /api/v1/campaigns allows. The API checks every call.
import { api, query, session } from '../api.js';
import { h, fill, table, dateTime, number, message } from '../dom.js';

const PAGE = 20;

/** Analysts compose, test and launch campaigns; the API refuses anyone else anyway. */
export const mayCompose = () => session.has('analyst');

/** A campaign's status as the API writes it, lower case: draft, scheduled, sending, paused, cancelled, done. */
export const statusOf = campaign => String(campaign.status).toLowerCase();

export function statusBadge(campaign) {
  const status = statusOf(campaign);
  return h('span', { class: `state campaign-${status}`, 'data-status': status }, status);
}

/** An amount of revenue as people read it (amounts of every currency are added up as booked). */
export function revenue(amount) {
  const n = Number(amount);
  return Number.isFinite(n) ? n.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : String(amount);
}

/** Sent and not bounced: what reached a mailbox, as far as the channel and the bounce reports tell. */
export const delivered = line => Number(line.sent) - Number(line.bounced);

/** Held back, whatever the reason. */
export const heldBackTotal = line => Object.values(line.heldBack || {}).reduce((a, n) => a + Number(n), 0);

/** A refusal as the person reads it: what was refused and the API's reason. */
export function refusalText(what, error) {
  return `${what}: ${error.message || String(error)}`;
}

/**
 * The campaigns, newest first, a page at a time: name, status, audience, schedule and, from each
 * campaign's figures, targeted, sent, opened, clicked, converted and revenue.
 */
export async function campaignsPage(container, { params }) {
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const page = await api.get(`/campaigns${query({ offset, limit: PAGE })}`);
  const figures = new Map(await Promise.all(page.items.map(async c => {
    try {
      return [c.id, (await api.get(`/campaigns/${c.id}/figures`)).total];
    } catch (error) {
      return [c.id, null];
    }
  })));
  const figure = (c, pick) => {
    const line = figures.get(c.id);
    return line ? pick(line) : '';
  };
  const last = Math.min(page.total, offset + page.items.length);
  fill(container,
    h('div', { class: 'toolbar' }, h('h1', null, 'Campaigns'),
      mayCompose() ? h('a', { href: '#/campaigns/new', id: 'new-campaign', class: 'button primary' }, 'New campaign') : null),
    page.total === 0 ? message('info', 'No campaign yet.') : [
      h('p', { class: 'count', id: 'campaigns-count' }, `${offset + 1}–${last} of ${page.total}`),
      table([
        ['Name', c => h('a', { href: `#/campaigns/${c.id}`, class: 'campaign-link' }, c.name)],
        ['Status', statusBadge],
        ['Audience', c => c.segment || `condition: ${c.condition}`],
        ['Channel', c => `${c.channel} · ${c.purpose}`],
        ['Starts', c => c.startAt ? dateTime(c.startAt) : (c.launchedAt ? dateTime(c.launchedAt) : 'at launch')],
        ['Targeted', c => figure(c, l => number(l.targeted))],
        ['Sent', c => figure(c, l => number(l.sent))],
        ['Opened', c => figure(c, l => number(l.opened))],
        ['Clicked', c => figure(c, l => number(l.clicked))],
        ['Converted', c => figure(c, l => number(l.converted))],
        ['Revenue', c => figure(c, l => revenue(l.revenue))]
      ], page.items, { id: 'campaigns-table' }),
      h('nav', { class: 'pager' },
        offset > 0 ? h('a', { href: `#/campaigns${query({ offset: Math.max(0, offset - PAGE) })}`, id: 'campaigns-previous' }, '← Newer') : null,
        last < page.total ? h('a', { href: `#/campaigns${query({ offset: offset + PAGE })}`, id: 'campaigns-next' }, 'Older →') : null)
    ]);
  container.querySelectorAll('#campaigns-table tbody tr').forEach((tr, i) => {
    tr.setAttribute('data-campaign', String(page.items[i].id));
    tr.setAttribute('data-name', page.items[i].name);
  });
  return null;
}
