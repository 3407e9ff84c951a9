import { api, query } from '../api.js';
import { h, fill, table, message } from '../dom.js';
import { Chart, PALETTE } from '../charts.js';
import { salesTabs, money } from './sales.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function plusMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Every month from {@code from} to {@code to}, both included (at most 36, as the API allows). */
function months(from, to) {
  const all = [];
  for (let m = from; m <= to && all.length < 36; m = plusMonths(m, 1)) all.push(m);
  return all;
}

/**
 * The weighted forecast: the open opportunities expected to close in each month, by owner and
 * currency, their amounts and the amounts weighted by stage probability, as the API adds them up;
 * a chart of one currency at a time (weighted by owner, stacked, and the unweighted amount).
 */
export async function forecastPage(container, { params }) {
  const now = new Date();
  const thisMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const from = params.get('from') || thisMonth;
  const to = params.get('to') || (MONTH.test(from) ? plusMonths(from, 5) : from);
  const owner = params.get('owner') || '';
  const inputs = {
    from: h('input', { id: 'forecast-from', type: 'month', value: from }),
    to: h('input', { id: 'forecast-to', type: 'month', value: to }),
    owner: h('input', { id: 'forecast-owner', value: owner, placeholder: 'every owner' })
  };
  const form = h('form', { class: 'toolbar', id: 'forecast-form' },
    h('label', null, 'From ', inputs.from), h('label', null, 'to ', inputs.to), h('label', null, 'Owner ', inputs.owner),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = `#/sales/forecast${query({ from: inputs.from.value, to: inputs.to.value, owner: inputs.owner.value.trim() })}`;
  });
  const results = h('div', { id: 'forecast-results' });
  fill(container, salesTabs('forecast'), h('h1', null, 'Forecast'), form, results);

  let lines;
  try {
    lines = await api.items(`/pipeline/forecast${query({ from, to, owner })}`);
  } catch (error) {
    fill(results, message('error', error.message));
    return null;
  }
  if (lines.length === 0) {
    fill(results, message('info', `No open opportunity is expected to close from ${from} to ${to}.`));
    return null;
  }
  const currencies = [...new Set(lines.map(l => l.currency))].sort();
  const currency = currencies.includes(params.get('currency')) ? params.get('currency') : currencies[0];
  const shown = lines.filter(l => l.currency === currency);
  const labels = months(from, to);
  const owners = [...new Set(shown.map(l => l.owner))].sort();
  const sum = (rows, key) => rows.reduce((a, l) => a + Number(l[key]), 0);
  const canvas = h('canvas', { 'aria-label': `Weighted forecast by month in ${currency}`, role: 'img' });
  const chooser = currencies.length < 2 ? null : h('label', null, 'Currency ', h('select', { id: 'forecast-currency', onchange: e => {
    location.hash = `#/sales/forecast${query({ from, to, owner, currency: e.target.value })}`;
  } }, currencies.map(c => h('option', { value: c, selected: c === currency }, c))));

  fill(results,
    h('section', { class: 'chart', id: 'forecast-chart' },
      h('h2', null, `Weighted forecast by month, ${currency}`), chooser, h('div', { class: 'canvas-box' }, canvas)),
    h('h2', null, 'By month, owner and currency'),
    table([
      ['Month', l => l.month], ['Owner', l => l.owner], ['Currency', l => l.currency],
      ['Opportunities', l => l.opportunities], ['Amount', l => money(l.amount)], ['Weighted', l => money(l.weighted)]
    ], lines, { id: 'forecast-table' }),
    h('ul', { class: 'totals', id: 'forecast-totals' }, currencies.map(c => {
      const rows = lines.filter(l => l.currency === c);
      return h('li', null, h('strong', null, `${c}: `), `${money(sum(rows, 'amount'))} in ${sum(rows, 'opportunities')} ${sum(rows, 'opportunities') === 1 ? 'opportunity' : 'opportunities'}, `,
        `weighted ${money(sum(rows, 'weighted'))}`);
    })));
  // Exact figures for whoever reads the table's rows programmatically.
  results.querySelectorAll('#forecast-table tbody tr').forEach((tr, i) => {
    Object.entries({ month: lines[i].month, owner: lines[i].owner, currency: lines[i].currency,
      amount: lines[i].amount, weighted: lines[i].weighted }).forEach(([k, v]) => tr.setAttribute(`data-${k}`, String(v)));
  });

  const inMonth = (rows, month) => rows.filter(l => l.month === month);
  const chart = new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: [
      ...owners.map((o, i) => ({ label: `weighted, ${o}`, backgroundColor: PALETTE[i % PALETTE.length], stack: 'weighted',
        data: labels.map(m => sum(inMonth(shown, m).filter(l => l.owner === o), 'weighted')) })),
      { type: 'line', label: 'amount, unweighted', borderColor: '#5b6b7c', backgroundColor: '#5b6b7c',
        data: labels.map(m => sum(inMonth(shown, m), 'amount')) }
    ] },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: currency } } },
      plugins: { tooltip: { callbacks: { label: ctx => `${ctx.dataset.label}: ${money(ctx.parsed.y, currency)}` } } } }
  });
  // The chart, for tests that compare what it draws with the API's figures.
  canvas.chart = chart;
  return { leave: () => chart.destroy() };
}
