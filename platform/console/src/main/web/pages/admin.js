import { api, session } from '../api.js';
import { h, fill, table, panel, loadPanel, dateTime, number, message } from '../dom.js';
import { featuresPanel, pluginsPanel } from './admin-install.js';

/** Features (installed, uninstalled) and plugins (uploaded, approved, uninstalled), people (added, removed) and API keys (issued, revoked), and the jobs running or run lately. */
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

  const load = (key, build) => loadPanel(panels[key], build);
  let timer = null;
  const jobs = async () => {
    const [reevaluations, sweeps, others] = await Promise.all([
      api.items('/loyalty/reevaluations'), api.items('/retention/sweeps'), api.items('/jobs')]);
    const rows = [
      ...reevaluations.map(j => ({ kind: 'tier re-evaluation', id: j.id, state: j.state, by: j.actor, startedAt: j.startedAt,
        done: j.evaluated, total: j.total, result: `${number(j.changed)} changed`, error: j.error })),
      ...sweeps.map(j => ({ kind: 'retention sweep', id: j.id, state: j.status, by: j.requester, startedAt: j.startedAt,
        done: j.evaluated, total: j.total, result: `${number(j.opened)} opened, ${number(j.closed)} closed`, error: j.error })),
      // The runner's other jobs (imports, data-retention runs, campaign sending); the two above come from their capabilities' views.
      ...others.filter(j => j.kind !== 'loyalty.reevaluation' && j.kind !== 'retention.sweep').map(j => ({ kind: j.kind,
        id: j.id, state: j.state, by: j.actor, startedAt: j.startedAt, done: j.done, total: j.total,
        result: Object.keys(j.counts || {}).length ? Object.entries(j.counts).map(([n, c]) => `${number(c)} ${n}`).join(', ')
          : `${number(j.changed)} changed`, error: j.error }))
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

  async function users() {
    const list = await api.items('/users');
    const name = h('input', { id: 'new-user-name', placeholder: 'name', required: true });
    const password = h('input', { id: 'new-user-password', type: 'password', placeholder: 'password (12 or more)', required: true });
    const roles = ['agent', 'analyst', 'admin'].map(role => h('label', { class: 'check' },
      h('input', { type: 'checkbox', value: role, 'data-role': role }), ` ${role}`));
    const feedback = h('div');
    const form = h('form', { class: 'inline', id: 'new-user' }, name, password, roles, h('button', { type: 'submit' }, 'Add user'), feedback);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      try {
        await api.post('/users', { name: name.value.trim(), password: password.value,
          roles: roles.map(l => l.querySelector('input')).filter(i => i.checked).map(i => i.value) });
        load('users', users);
      } catch (error) {
        fill(feedback, message('error', error.message));
      }
    });
    return [table([
      ['User', u => u.name], ['Roles', u => (u.roles || []).join(', ')],
      ['', u => u.name === session.current.name ? '' : h('button', { type: 'button', class: 'link', 'data-remove-user': u.name,
        onclick: async () => {
          await api.del(`/users/${encodeURIComponent(u.name)}`);
          load('users', users);
        } }, 'Remove')]
    ], list, { id: 'users-table' }), form];
  }

  async function keys() {
    const list = await api.items('/keys');
    const name = h('input', { id: 'new-key-name', placeholder: 'name, e.g. shop till', required: true });
    const scopes = h('input', { id: 'new-key-scopes', placeholder: 'scopes, e.g. loyalty:write contacts:read', required: true });
    const feedback = h('div', { id: 'new-key-secret' });
    const form = h('form', { class: 'inline', id: 'new-key' }, name, scopes, h('button', { type: 'submit' }, 'Issue key'), feedback);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      try {
        const issued = await api.post('/keys', { name: name.value.trim(), scopes: scopes.value.split(/[\s,]+/).filter(Boolean) });
        await load('keys', keys);
        fill(panels.keys.querySelector('#new-key-secret'), message('success',
          `Key “${issued.key.name}” issued. Its secret is shown this once: ${issued.secret}`));
      } catch (error) {
        fill(feedback, message('error', error.message));
      }
    });
    return [list.length === 0 ? message('info', 'No API keys.') : table([
      ['Key', k => k.name], ['Scopes', k => (k.scopes || []).join(', ')],
      ['Created', k => `${dateTime(k.createdAt)} by ${k.createdBy}`],
      ['State', k => k.revokedAt ? h('span', { class: 'state revoked' }, `revoked ${dateTime(k.revokedAt)}`) : 'active'],
      ['Last used', k => dateTime(k.lastUsedAt)],
      ['', k => k.revokedAt ? '' : h('button', { type: 'button', class: 'link', onclick: async () => {
        await api.del(`/keys/${encodeURIComponent(k.id)}`);
        load('keys', keys);
      } }, 'Revoke')]
    ], list, { id: 'keys-table' }), form];
  }

  const features = featuresPanel(() => load('features', features.build));
  const plugins = pluginsPanel(() => load('plugins', plugins.build));
  await Promise.all([
    load('features', features.build),
    load('plugins', plugins.build),
    load('users', users),
    load('keys', keys),
    load('jobs', jobs)
  ]);
  return { leave: () => {
    clearTimeout(timer);
    features.stop();
    plugins.stop();
  } };
}
