import { api, ApiError } from '../api.js';
import { h, fill, table, number, message } from '../dom.js';
import { Chart, PALETTE } from '../charts.js';
import { serviceDeskPanel } from './service-kpis.js';

/** Charts of tiers, retention, consent, rules and the service desk, each from its own part of the API. */
export async function dashboardsPage(container) {
  const charts = [];
  const card = (title, id) => h('section', { class: 'chart', id }, h('h2', null, title), h('div', { class: 'chart-body' }, 'Loading…'));
  const cards = {
    tiers: card('Members by tier', 'chart-tiers'),
    moves: card('Tier movements by month', 'chart-moves'),
    risk: card('At risk and churn by month', 'chart-risk'),
    consent: card('Consent rates by purpose and channel', 'chart-consent'),
    rules: card('Decisions per rule and release, last 30 days', 'chart-rules')
  };
  const service = serviceDeskPanel(charts);
  fill(container, h('h1', null, 'Dashboards'), h('div', { class: 'charts' }, Object.values(cards), service.section));

  const draw = async (key, build) => {
    const body = cards[key].querySelector('.chart-body');
    try {
      const content = await build();
      fill(body, content.element);
      if (content.config) charts.push(new Chart(content.canvas, content.config));
    } catch (error) {
      fill(body, message(error instanceof ApiError && error.status === 403 ? 'info' : 'error',
        error instanceof ApiError && error.status === 403 ? 'Not for your role.' : error.message));
    }
  };
  // Both tier charts draw on one answer.
  const tierStatistics = api.get('/loyalty/tier-statistics');
  const canvas = () => h('canvas');
  const box = c => h('div', { class: 'canvas-box' }, c);
  const whole = { ticks: { precision: 0 } };

  await Promise.all([
    service.draw(),
    draw('tiers', async () => {
      const stats = await tierStatistics;
      const tiers = Object.keys(stats.members);
      if (tiers.length === 0) return { element: message('info', 'No members in a tier yet.') };
      const c = canvas();
      return { element: [box(c), h('p', { class: 'count' }, `${number(stats.withoutTier)} members in no tier`)], canvas: c, config: {
        type: 'doughnut',
        data: { labels: tiers, datasets: [{ data: tiers.map(t => stats.members[t]), backgroundColor: PALETTE }] },
        options: { plugins: { legend: { position: 'right' } } }
      } };
    }),
    draw('moves', async () => {
      const stats = await tierStatistics;
      if (stats.movements.length === 0) return { element: message('info', 'No tier changes in the last 12 months.') };
      const months = [...new Set(stats.movements.map(m => m.month))];
      const tiers = [...new Set(stats.movements.map(m => m.toTier))];
      const c = canvas();
      const pairs = {};
      stats.movements.forEach(m => {
        const key = `${m.fromTier || 'none'} → ${m.toTier}`;
        pairs[key] = (pairs[key] || 0) + m.members;
      });
      return { element: [box(c), h('details', null, h('summary', null, 'From which tier to which'),
        table([['Move', ([k]) => k], ['Members', ([, n]) => number(n)]], Object.entries(pairs).sort((a, b) => b[1] - a[1])))],
      canvas: c, config: {
        type: 'bar',
        data: { labels: months, datasets: tiers.map((t, i) => ({
          label: `into ${t}`, backgroundColor: PALETTE[i % PALETTE.length],
          data: months.map(month => stats.movements.filter(m => m.month === month && m.toTier === t)
            .reduce((a, m) => a + m.members, 0))
        })) },
        options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ...whole } } }
      } };
    }),
    draw('risk', async () => {
      const rows = (await api.items('/retention/kpis')).filter(r => r.tier === 'all');
      const c = canvas();
      return { element: box(c), canvas: c, config: {
        type: 'bar',
        data: { labels: rows.map(r => r.period), datasets: [
          { type: 'bar', label: 'at risk', data: rows.map(r => r.atRisk), backgroundColor: '#e8a33d', yAxisID: 'y' },
          { type: 'line', label: 'churn %', data: rows.map(r => r.churnRate === null ? null : r.churnRate * 100),
            borderColor: '#b3261e', backgroundColor: '#b3261e', yAxisID: 'y1', spanGaps: true }
        ] },
        options: { scales: { y: { beginAtZero: true, ...whole, title: { display: true, text: 'customers' } },
          y1: { position: 'right', beginAtZero: true, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: '%' } } } }
      } };
    }),
    draw('consent', async () => {
      const rates = await api.items('/privacy/consent-rates');
      if (rates.length === 0) return { element: message('info', 'No consent recorded yet.') };
      const c = canvas();
      return { element: box(c), canvas: c, config: {
        type: 'bar',
        data: { labels: rates.map(r => `${r.purpose} · ${r.channel || 'every channel'}`), datasets: [
          { label: 'granted %', data: rates.map(r => Math.round(r.rate * 1000) / 10), backgroundColor: '#3c9d5d' }
        ] },
        options: { indexAxis: 'y', scales: { x: { beginAtZero: true, max: 100 } },
          plugins: { tooltip: { callbacks: { afterLabel: ctx => {
            const r = rates[ctx.dataIndex];
            return `${r.granted} granted, ${r.withdrawn} withdrawn, ${r.expired} expired of ${r.contacts}`;
          } } } } }
      } };
    }),
    draw('rules', async () => {
      const activity = await api.get('/decisions/activity');
      if (activity.rules.length === 0) return { element: message('info', 'No decisions applied in the last 30 days.') };
      const releases = [...new Set(activity.rules.map(r => `${r.rulePackage} v${r.release}`))];
      const top = activity.rules.slice().sort((a, b) => b.decisions - a.decisions).slice(0, 15);
      const c = canvas();
      // Rules are labelled by the code their name starts with (EARN-001), or their first words.
      const label = r => (r.rule.match(/^[A-Z]+-\d+/) || [r.rule.length > 24 ? `${r.rule.slice(0, 23)}…` : r.rule])[0];
      return { element: box(c), canvas: c, config: {
        type: 'bar',
        data: { labels: top.map(label), datasets: releases.map((release, i) => ({
          label: release, backgroundColor: PALETTE[i % PALETTE.length],
          data: top.map(r => `${r.rulePackage} v${r.release}` === release ? r.decisions : null)
        })) },
        options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true, ...whole }, y: { stacked: true } },
          plugins: { tooltip: { callbacks: { title: items => top[items[0].dataIndex].rule } } } }
      } };
    })
  ]);
  return { leave: () => charts.forEach(chart => chart.destroy()) };
}
