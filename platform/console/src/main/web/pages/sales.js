// What the sales pages share: their tabs, who may change things, amounts added up exactly, the
// names of the contacts and accounts deals belong to, and the small forms actions are asked in.
import { api, session } from '../api.js';
import { h, fill, fullName } from '../dom.js';

/** Agents work leads and deals; analysts read them (the API refuses them any change anyway). */
export const mayWork = () => session.has('agent');

export function salesTabs(active) {
  return h('nav', { class: 'subnav', id: 'sales-tabs' }, [
    ['pipeline', 'Pipeline', '#/sales'], ['leads', 'Leads', '#/sales/leads'], ['forecast', 'Forecast', '#/sales/forecast']
  ].map(([id, label, href]) => h('a', { href, id: `sales-tab-${id}`, class: id === active ? 'active' : null }, label)));
}

// The API keeps amounts to four decimals; they are added up in ten-thousandths as BigInts, so a
// column's total is the sum the server makes, not a float's approximation of it.
function tenThousandths(amount) {
  const text = String(amount);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const units = BigInt(whole || '0') * 10000n + BigInt((fraction + '0000').slice(0, 4));
  return negative ? -units : units;
}

/** {@code value} in units of 10^-scale, rounded half up (away from zero) to two decimals: "1750.25". */
function twoDecimals(value, scale) {
  const divisor = 10n ** BigInt(scale - 2);
  const negative = value < 0n;
  const cents = ((negative ? -value : value) + divisor / 2n) / divisor;
  const digits = cents.toString().padStart(3, '0');
  return `${negative && cents > 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * The opportunities' amounts and amounts weighted by their stage's probability, by currency, each
 * rounded to two decimals as the forecast rounds them: [{currency, count, amount, weighted}].
 */
export function totalsByCurrency(opportunities) {
  const sums = new Map();
  for (const o of opportunities) {
    const sum = sums.get(o.currency) || { currency: o.currency, count: 0, amount: 0n, weighted: 0n };
    const units = tenThousandths(o.amount);
    sum.count += 1;
    sum.amount += units;
    sum.weighted += units * BigInt(o.probability);
    sums.set(o.currency, sum);
  }
  return [...sums.values()].sort((a, b) => a.currency.localeCompare(b.currency)).map(s => ({
    currency: s.currency, count: s.count, amount: twoDecimals(s.amount, 4), weighted: twoDecimals(s.weighted, 6)
  }));
}

/** An amount as people read it, with its currency: "12,000.00 EUR". */
export function money(amount, currency) {
  const n = Number(amount);
  const text = Number.isFinite(n) ? n.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 4 }) : String(amount);
  return currency ? `${text} ${currency}` : text;
}

/**
 * Names of contacts and accounts, each asked of the API once for the page: a span shows the id
 * until the name arrives (and stays the id if the API will not say).
 */
export function names() {
  const cache = new Map();
  const later = (path, pick, fallback) => {
    if (!cache.has(path)) cache.set(path, api.get(path).then(pick, () => null));
    const span = h('span', null, fallback);
    cache.get(path).then(name => { if (name) fill(span, name); });
    return span;
  };
  return {
    contact: id => later(`/contacts/${id}`, fullName, `contact ${id}`),
    account: id => later(`/accounts/${id}`, a => a.name, `account ${id}`)
  };
}

/** Who a deal is with: its contact (a link to the customer) and the contact's account. */
export function dealWith(o, known) {
  if (o.contactId === null || o.contactId === undefined) return h('span', { class: 'muted' }, 'no contact (erased)');
  return [h('a', { href: `#/customers/${o.contactId}`, class: 'contact-link' }, known.contact(o.contactId)),
    o.accountId ? [' · ', known.account(o.accountId)] : null];
}

// The forms and refusals are the console's own (forms.js); the sales pages name them from here.
export { refusal, actionForm } from '../forms.js';
