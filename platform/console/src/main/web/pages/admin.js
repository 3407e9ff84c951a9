import { api, ApiError } from '../api.js';
import { h, fill, table, panel, dateTime, number, message } from '../dom.js';

/** Features and plugins, people and API keys, and the jobs running or run lately. */
export async function adminPage(container) {
  const panels = {
    features: panel('Features', 'admin-features'),
    plugins: panel('Plugins', 'admin-plugins'),
    users: panel('Users', 'admin-users'),
    keys: panel('API keys', 'admin-keys'),
    jobs: panel('Jobs', 'admin-jobs')
  };
  fill(container, h('h1', null, 'Administration'), h('div', { class: 'columns' },
    h('div', null, panels.jobs, panels.plugins, panels.features), h('div', null, panels.users, panels.keys)));

  const load = async (key, fn) => {
    const body = panels[key].querySelector('.panel-body');
    try {
      fill(body, await fn());
    } catch (error) {
      fill(body, message('error', error instanceof ApiError ? error.message : String(error)));
    }
  };
  let timer = null;
  const jobs = async () => {
    const [reevaluations, sweeps, imports] = await Promise.all([
      api.get('/loyalty/reevaluations'), api.get('/retention/sweeps'), api.get('/jobs')]);
    const rows = [
      ...reevaluations.map(j => ({ kind: 'tier re-evaluation', id: j.id, state: j.state, by: j.actor, startedAt: j.startedAt,
        done: j.evaluated, total: j.total, result: `${number(j.changed)} changed`, error: j.error })),
      ...sweeps.map(j => ({ kind: 'retention sweep', id: j.id, state: j.status, by: j.requester, startedAt: j.startedAt,
        done: j.evaluated, total: j.total, result: `${number(j.opened)} opened, ${number(j.closed)} closed`, error: j.error })),
      ...imports.map(j => ({ kind: `import ${j.file}${j.dryRun ? ' (dry run)' : ''}`, id: j.id, state: j.state, by: '',
        startedAt: j.startedAt, done: j.rows, total: null,
        result: `${number(j.created)} created, ${number(j.updated)} updated, ${number(j.failed)} refused`, error: j.problem }))
    ].sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt)));
    const running = rows.some(r => r.state === 'RUNNING' || r.state === 'QUEUED');
    clearTimeout(timer);
    if (running) timer = setTimeout(() => load('jobs', jobs), 2000);
    return rows.length === 0 ? message('info', 'No jobs yet.') : table([
      ['Job', r => r.kind], ['State', r => h('span', { class: `state ${String(r.state).toLowerCase()}` }, String(r.state).toLowerCase())],
      ['Progress', r => r.total ? [h('progress', { max: r.total, value: r.done }), ` ${number(r.done)} of ${number(r.total)}`] : number(r.done)],
      ['Result', r => r.error ? h('span', { class: 'bad' }, r.error) : r.result],
      ['Started', r => dateTime(r.startedAt)], ['By', r => r.by]
    ], rows, { id: 'jobs-table' });
  };

  await Promise.all([
    load('features', async () => table([
      ['Feature', f => f.name], ['Version', f => f.version],
      ['State', f => h('span', { class: `state ${f.installed ? 'active' : ''}` }, f.installed ? 'installed' : 'not installed')],
      ['Description', f => f.description || '']
    ], (await api.get('/features')).filter(f => f.rapport), { id: 'features-table' })),
    load('plugins', async () => {
      const plugins = await api.get('/plugins');
      return plugins.length === 0 ? message('info', 'No plugins installed.') : table([
        ['Plugin', p => [h('strong', null, p.name), ' ', p.version, h('div', { class: 'why' }, p.description || '')]],
        ['Bundle', p => `${p.symbolicName} (#${p.bundleId})`],
        ['Needs', p => h('ul', { class: 'needs' },
          p.personalData ? h('li', null, `personal data: ${p.personalData}`) : null,
          p.channels && p.channels.length ? h('li', null, `channels: ${p.channels.join(', ')}`) : null,
          p.rulePackages && p.rulePackages.length ? h('li', null, `rule packages: ${p.rulePackages.join(', ')}`) : null,
          p.restPaths && p.restPaths.length ? h('li', null, `REST paths: ${p.restPaths.join(', ')}`) : null)]
      ], plugins, { id: 'plugins-table' });
    }),
    load('users', async () => table([
      ['User', u => u.name], ['Roles', u => (u.roles || []).join(', ')]
    ], await api.get('/users'), { id: 'users-table' })),
    load('keys', async () => {
      const keys = await api.get('/keys');
      return keys.length === 0 ? message('info', 'No API keys.') : table([
        ['Key', k => k.name], ['Scopes', k => (k.scopes || []).join(', ')],
        ['Created', k => `${dateTime(k.createdAt)} by ${k.createdBy}`],
        ['State', k => k.revokedAt ? h('span', { class: 'state revoked' }, `revoked ${dateTime(k.revokedAt)}`) : 'active'],
        ['Last used', k => dateTime(k.lastUsedAt)]
      ], keys, { id: 'keys-table' });
    }),
    load('jobs', jobs)
  ]);
  return { leave: () => clearTimeout(timer) };
}
