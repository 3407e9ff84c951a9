import { api } from '../api.js';
import { h, fill, table, message, dateTime, number } from '../dom.js';

// The administration's Features and Plugins panels: Rapport's features installed and uninstalled,
// plugin KARs uploaded, their declarations read before anything of them runs, approved or
// rejected, and uninstalled. The server does the work in the background; the panels poll while
// something runs and show how it ended.

const RUNNING = ['queued', 'installing', 'uninstalling'];
const POLL_MS = 1500;

function running(operation) {
  return !!operation && RUNNING.includes(operation.state);
}

/** An operation's progress, or how it ended: when, by whom, or the error. */
function outcome(operation) {
  if (!operation) return '';
  if (operation.state === 'failed') return h('span', { class: 'bad' }, `${operation.action} failed: ${operation.error}`);
  if (running(operation)) return h('span', { class: 'operation' }, h('progress'), ` ${operation.state}…`);
  return h('span', { class: 'ok' }, `${operation.state} ${dateTime(operation.finishedAt)} by ${operation.actor}`);
}

/** What a plugin declares it needs: personal data, channels, rule packages, REST paths. */
export function needs(plugin) {
  return h('ul', { class: 'needs' },
    h('li', null, plugin.personalData ? `personal data: ${plugin.personalData}` : 'no personal data'),
    plugin.channels && plugin.channels.length ? h('li', null, `channels: ${plugin.channels.join(', ')}`) : null,
    plugin.rulePackages && plugin.rulePackages.length ? h('li', null, `rule packages: ${plugin.rulePackages.join(', ')}`) : null,
    plugin.restPaths && plugin.restPaths.length ? h('li', null, `REST paths: ${plugin.restPaths.join(', ')}`) : null);
}

/**
 * Reloads a panel every POLL_MS while something runs. A reload that fails (the API answers with a
 * page of its own while an install rebuilds it) leaves the polling as it was, so it goes on.
 */
function poller(reload) {
  let timer = null;
  let active = false;
  let left = false;
  const schedule = () => {
    clearTimeout(timer);
    if (active && !left) timer = setTimeout(reload, POLL_MS);
  };
  return {
    starting: schedule,
    set(on) {
      active = on;
      schedule();
    },
    /** The page is left: a reload still under way does not start polling again. */
    stop() {
      left = true;
      clearTimeout(timer);
    }
  };
}

/** Calls the API for a button; a refusal is shown in {@code feedback}, and the panel is reloaded either way. */
function action(feedback, reload, call) {
  return async event => {
    event.target.disabled = true;
    try {
      await call();
      reload();
    } catch (error) {
      fill(feedback, message('error', error.message));
      event.target.disabled = false;
    }
  };
}

/** The Features panel's content: Rapport's features, each with Install or Uninstall, and the latest operation. */
export function featuresPanel(reload) {
  const polling = poller(reload);
  async function build() {
    polling.starting();
    const features = (await api.items('/features')).filter(f => f.rapport);
    polling.set(features.some(f => running(f.operation)));
    const feedback = h('div', { id: 'features-feedback' });
    const post = (f, verb) => action(feedback, reload, () => api.post(`/features/${encodeURIComponent(f.name)}/${verb}`));
    return [table([
      ['Feature', f => [h('strong', null, f.name), h('div', { class: 'why' }, f.description || '')]], ['Version', f => f.version],
      ['State', f => h('span', { class: `state ${f.installed ? 'active' : ''}` }, f.installed ? 'installed' : 'not installed')],
      ['Last change', f => outcome(f.operation)],
      ['', f => running(f.operation) ? '' : h('button', { type: 'button', class: 'link', 'data-feature': f.name,
        'data-verb': f.installed ? 'uninstall' : 'install', onclick: post(f, f.installed ? 'uninstall' : 'install') },
      f.installed ? 'Uninstall' : 'Install')]
    ], features, { id: 'features-table' }), feedback];
  }
  return { build, stop: polling.stop };
}

/** An upload: what its KAR would install and what it declares, with Approve and Reject while undecided. */
function declaration(upload, feedback, reload) {
  const undecided = upload.state === 'pending' || upload.state === 'failed';
  const blocked = upload.unsatisfied.length > 0;
  return h('div', { class: 'upload', id: `upload-${upload.id}` },
    h('h3', null, `${upload.name}.kar `, h('span', { class: `state ${upload.state}` }, upload.state)),
    h('p', { class: 'why' }, `Uploaded by ${upload.uploadedBy} ${dateTime(upload.uploadedAt)}; ${number(upload.bytes)} bytes, `
      + `SHA-256 ${upload.sha256}; features: ${upload.features.join(', ')}`),
    upload.bundles.map(b => h('div', { class: 'bundle' },
      h('p', null, b.declares ? h('strong', null, `Plugin ${b.declares.name} ${b.declares.version || ''}`) : h('strong', null, b.symbolicName),
        ` (bundle ${b.symbolicName} ${b.version || ''})`, b.declares && b.declares.description ? h('div', { class: 'why' }, b.declares.description) : null),
      b.declares ? needs(b.declares) : message('info', 'It declares no plugin capability.'),
      b.apiVersions.length === 0 ? null : table([
        ['Rapport API', n => n.packageName], ['Needs', n => `${n.range}${n.optional ? ' (optional)' : ''}`],
        ['This server', n => n.exported.join(', ') || 'none'],
        ['', n => n.satisfied ? h('span', { class: 'ok' }, 'available') : h('span', { class: n.optional ? 'why' : 'bad' },
          n.optional ? 'missing, optional' : 'missing')]
      ], b.apiVersions, { class: 'api-versions' }))),
    blocked ? message('warning', `It cannot be installed here: ${upload.unsatisfied.join('; ')}`) : null,
    upload.operation ? h('p', null, outcome(upload.operation)) : null,
    undecided ? h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', 'data-approve': upload.id, disabled: blocked,
        onclick: action(feedback, reload, () => api.post(`/plugins/uploads/${upload.id}/approve`)) }, 'Approve and install'),
      h('button', { type: 'button', 'data-reject': upload.id,
        onclick: action(feedback, reload, () => api.post(`/plugins/uploads/${upload.id}/reject`)) }, 'Reject')) : null);
}

/** The Plugins panel's content: installed plugins, installed KARs (Uninstall), uploads and the upload form. */
export function pluginsPanel(reload) {
  const polling = poller(reload);
  async function build() {
    polling.starting();
    const [plugins, archives, uploads] = await Promise.all([
      api.items('/plugins'), api.items('/plugins/archives'), api.items('/plugins/uploads')]);
    polling.set(uploads.some(u => running(u.operation)) || archives.some(a => running(a.operation)));
    const feedback = h('div', { id: 'plugins-feedback' });
    const file = h('input', { type: 'file', id: 'plugin-file', accept: '.kar', required: true });
    const form = h('form', { class: 'inline', id: 'plugin-upload' }, file, h('button', { type: 'submit' }, 'Upload KAR'),
      h('div', { class: 'why' }, 'Nothing of an uploaded plugin is installed or started until it is approved.'));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const chosen = file.files[0];
      try {
        await api.upload(`/plugins/uploads?name=${encodeURIComponent(chosen.name)}`, chosen);
        reload();
      } catch (error) {
        fill(feedback, message('error', [error.message, ...error.fields.map(f => f.message)].filter((m, i, all) => all.indexOf(m) === i).join('\n')));
      }
    });
    const shown = uploads.filter(u => u.state !== 'installed' || running(u.operation));
    return [
      plugins.length === 0 ? message('info', 'No plugins installed.') : table([
        ['Plugin', p => [h('strong', null, p.name), ' ', p.version, h('div', { class: 'why' }, p.description || '')]],
        ['Bundle', p => `${p.symbolicName} (#${p.bundleId})`],
        ['Needs', p => needs(p)],
        // What it registered without declaring it: ignored by Rapport, and shown so the administrator can act.
        ['Refused', p => p.refused && p.refused.length ? h('ul', { class: 'refused' },
          ...p.refused.map(r => h('li', { class: 'state failed' }, `${r.kind} ${r.name}: ${r.reason}`))) : 'nothing']
      ], plugins, { id: 'plugins-table' }),
      h('h3', null, 'Installed KARs'),
      archives.length === 0 ? message('info', 'No KARs installed.') : table([
        ['KAR', a => a.name], ['Last change', a => outcome(a.operation)],
        ['', a => running(a.operation) ? '' : h('button', { type: 'button', class: 'link', 'data-uninstall-kar': a.name,
          onclick: action(feedback, reload, () => api.del(`/plugins/archives/${encodeURIComponent(a.name)}`)) }, 'Uninstall')]
      ], archives, { id: 'kars-table' }),
      h('h3', null, 'Upload a plugin'),
      shown.map(u => declaration(u, feedback, reload)),
      form, feedback
    ];
  }
  return { build, stop: polling.stop };
}
