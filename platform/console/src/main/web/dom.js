// Building the page: elements are made with h(), and text always goes in as text, never as
// markup, so nothing a customer or a rule file contains can run in the console.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'value') {
      el.value = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything in {@code el} with {@code children}. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'
  });
}

export function number(n) {
  return n === null || n === undefined ? '' : Number(n).toLocaleString();
}

export function fullName(contact) {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email || `#${contact.id}`;
}

/** A table of rows; {@code columns} are [heading, (row) => cell] pairs. */
export function table(columns, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', null, h('tr', null, columns.map(([heading]) => h('th', null, heading)))),
    h('tbody', null, rows.map(row => h('tr', null, columns.map(([, cell]) => h('td', null, cell(row)))))));
}

/** A titled panel whose body is filled later (or at once with {@code body}). */
export function panel(title, id, ...body) {
  return h('section', { class: 'panel', id }, h('h2', null, title), h('div', { class: 'panel-body' }, ...body));
}

/** The rules' decisions as the ledger keeps them: what, by which rule of which release, when, on what facts. */
export function decisionList(list, id) {
  return h('ul', { class: 'decisions', id }, list.map(d => h('li', null,
    h('div', null, h('strong', null, d.type), ' ', Object.entries(d.attributes || {}).map(([k, v]) => `${k}=${v}`).join(', ')),
    h('div', { class: 'rule' }, `by rule “${d.rule}” of ${d.rulePackage} v${d.release}, ${dateTime(d.recordedAt)}`),
    h('details', null, h('summary', null, 'on these facts'), h('code', null, d.facts)))));
}

export function message(kind, text) {
  return h('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/**
 * Fills a panel's body with what {@code build} makes of the API's answers ("Loading…" meanwhile,
 * the first time); an answer the API refused is shown in its place: nothing there, not for the
 * person's role, or the API's message.
 */
export async function loadPanel(panel, build) {
  const body = panel.querySelector('.panel-body');
  if (!body.hasChildNodes()) fill(body, h('p', { class: 'loading' }, 'Loading…'));
  try {
    fill(body, await build());
  } catch (error) {
    fill(body, error.status === 404 ? message('info', 'Nothing recorded.')
      : error.status === 403 ? message('info', 'Not for your role.')
        : message('error', error.message || String(error)));
  }
}

/** Previous and next links for one page of a list; {@code link(offset)} is the address of the page at {@code offset}. */
export function pager(link, offset, page, size) {
  return h('nav', { class: 'pager' },
    offset > 0 ? h('a', { href: link(Math.max(0, offset - size)) }, '← Previous') : null,
    offset + page.items.length < page.total ? h('a', { href: link(offset + size) }, 'Next →') : null);
}
