import { api, query, ApiError } from '../api.js';
import { h, fill, table, message } from '../dom.js';
import { Chart, PALETTE } from '../charts.js';

const none = value => value === null || value === undefined;

/** The figures as the panel writes them: counts whole, minutes to one decimal, the SLA share in per cent, CSAT to two decimals; a dash for none. */
export const figure = {
  count: n => String(n),
  minutes: m => none(m) ? '–' : `${m.toFixed(1)} min`,
  share: s => none(s) ? '–' : `${(s * 100).toFixed(1)} %`,
  csat: c => none(c) ? '–' : c.toFixed(2)
};

const COLUMNS = [
  ['Queue', 'queue', q => q],
  ['Opened', 'opened', figure.count],
  ['Open', 'open', figure.count],
  ['First response', 'firstResponseMinutes', figure.minutes],
  ['Resolution', 'resolutionMinutes', figure.minutes],
  ['SLA met', 'slaMetShare', figure.share],
  ['CSAT', 'csat', figure.csat],
  ['Answers', 'csatAnswers', figure.count]
];

const day = date => date.toISOString().slice(0, 10);

/**
 * The service desk's figures per queue (`GET /cases/kpis`) over a period, the last 30 days
 * (UTC, as the API counts them) unless chosen: a chart of the cases opened and still open with
 * the share that met their targets, and the table of every figure. {@code charts} collects the
 * chart for the page to destroy when it is left.
 */
export function serviceDeskPanel(charts) {
  const today = new Date();
  const inputs = {
    from: h('input', { id: 'service-from', type: 'date', value: day(new Date(today.getTime() - 29 * 86400000)) }),
    to: h('input', { id: 'service-to', type: 'date', value: day(today) })
  };
  const body = h('div', { class: 'chart-body' }, 'Loading…');
  let chart = null;
  const draw = async () => {
    if (chart) {
      chart.destroy();
      charts.splice(charts.indexOf(chart), 1);
      chart = null;
    }
    try {
      const rows = await api.items(`/cases/kpis${query({ from: inputs.from.value, to: inputs.to.value })}`);
      if (rows.length === 0) {
        fill(body, message('info', 'No queue to count.'));
        return;
      }
      const canvas = h('canvas');
      fill(body, h('div', { class: 'canvas-box' }, canvas),
        table(COLUMNS.map(([heading, field, show]) => [heading,
          row => h('span', { 'data-figure': field }, show(row[field]))]), rows, { id: 'service-kpis' }));
      chart = new Chart(canvas, {
        type: 'bar',
        data: { labels: rows.map(r => r.queue), datasets: [
          { label: 'opened', data: rows.map(r => r.opened), backgroundColor: PALETTE[0], yAxisID: 'y' },
          { label: 'still open', data: rows.map(r => r.open), backgroundColor: PALETTE[1], yAxisID: 'y' },
          { type: 'line', label: 'SLA met %', data: rows.map(r => none(r.slaMetShare) ? null : r.slaMetShare * 100),
            borderColor: PALETTE[2], backgroundColor: PALETTE[2], yAxisID: 'y1', spanGaps: true }
        ] },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'cases' } },
          y1: { position: 'right', beginAtZero: true, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: '%' } } } }
      });
      charts.push(chart);
    } catch (error) {
      const forbidden = error instanceof ApiError && error.status === 403;
      fill(body, message(forbidden ? 'info' : 'error', forbidden ? 'Not for your role.' : error.message));
    }
  };
  const period = h('form', { class: 'toolbar', id: 'service-period', onsubmit: e => { e.preventDefault(); draw(); } },
    h('label', null, 'From ', inputs.from), h('label', null, 'to ', inputs.to), h('button', { type: 'submit' }, 'Show'));
  const section = h('section', { class: 'chart wide', id: 'chart-service' }, h('h2', null, 'Service desk'), period, body);
  return { section, draw };
}
