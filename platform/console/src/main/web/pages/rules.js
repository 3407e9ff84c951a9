import { api } from '../api.js';
import { h, fill, table, dateTime, message } from '../dom.js';

/** Every rule package with the release it runs, the last candidate refused and any shadow. */
export async function rulesPage(container) {
  const packages = await api.items('/rules');
  const differences = impact => Object.values(impact.changes || {}).reduce((a, b) => a + b, 0);
  fill(container,
    h('h1', null, 'Rules'),
    packages.length === 0 ? message('info', 'No rule packages yet.') : table([
      ['Package', p => h('a', { href: `#/rules/${p.name}`, class: 'package-link' }, p.name)],
      ['State', p => h('span', { class: `state ${p.state.toLowerCase()}` }, p.state.toLowerCase())],
      ['Active release', p => p.active ? `v${p.active.version}, ${p.active.ruleCount} rules` : '—'],
      ['Since', p => p.active ? dateTime(p.active.activatedAt) : ''],
      ['By', p => p.active ? p.active.author : ''],
      ['Shadow', p => p.shadow ? `${p.shadow.evaluations} evaluations, ${differences(p.shadow.differences)} differences` : ''],
      ['Last refused', p => p.lastRejection ? `${p.lastRejection.problems.length} problem(s)` : '']
    ], packages, { id: 'packages-table' }));
}
