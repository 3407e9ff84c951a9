import { api, query } from '../api.js';
import { h, fill, table, fullName, dateTime, message, pager } from '../dom.js';
import { mayAct, actionForm, opener } from '../forms.js';

const PAGE = 25;

/**
 * Search: names, emails, phones, tags, and the API's filters (owner:, account:, prop:); agents
 * create a contact here (`POST /contacts`) and go on to its page.
 */
export async function customersPage(container, { params }) {
  const q = params.get('q') || '';
  const offset = Number(params.get('offset') || 0);
  const input = h('input', { id: 'search-input', type: 'search', value: q, placeholder: 'Name, email, phone, tag:vip, owner:maria …', autofocus: true });
  const form = h('form', { class: 'search', id: 'search-form' }, input, h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = `#/customers${query({ q: input.value.trim() })}`;
  });
  const results = h('div', { id: 'search-results' });
  const create = mayAct() ? opener(h('div', { class: 'action-slot', id: 'new-contact-slot' }), 'New customer', { id: 'action-new-contact', 'data-key': 'n' },
    close => actionForm({
      id: 'new-contact', submit: 'Create', cancel: close,
      fields: [
        { name: 'email', label: 'Email', type: 'email', value: q.includes('@') ? q : '' },
        { name: 'firstName', label: 'First name' }, { name: 'lastName', label: 'Last name' }, { name: 'phone', label: 'Phone' }
      ],
      act: async v => {
        const created = await api.post('/contacts', { email: v.email, firstName: v.firstName || null,
          lastName: v.lastName || null, phone: v.phone || null });
        location.hash = `#/customers/${created.id}`;
      }
    })) : null;
  fill(container, h('h1', null, 'Customers'), form, create, results);

  const page = await api.get(`/contacts${query({ q, offset, limit: PAGE })}`);
  if (page.items.length === 0) {
    fill(results, message('info', q ? `No customer matches “${q}”.` : 'No customers yet.'));
    return;
  }
  const link = (row, text) => h('a', { href: `#/customers/${row.id}`, class: 'contact-link' }, text);
  fill(results,
    h('p', { class: 'count' }, `${page.total} customer${page.total === 1 ? '' : 's'}`,
      page.total > page.items.length ? `, ${offset + 1}–${offset + page.items.length} shown` : ''),
    table([
      ['Name', row => link(row, fullName(row))],
      ['Email', row => row.email || ''],
      ['Phone', row => row.phone || ''],
      ['Tags', row => (row.tags || []).map(t => h('span', { class: 'tag' }, t))],
      ['Since', row => dateTime(row.createdAt)]
    ], page.items, { id: 'contacts-table' }),
    pager(o => `#/customers${query({ q, offset: o })}`, offset, page, PAGE));
}
