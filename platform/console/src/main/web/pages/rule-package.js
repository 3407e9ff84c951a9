import { EditorView, basicSetup } from 'codemirror';
import { EditorState } from '@codemirror/state';
import { StreamLanguage } from '@codemirror/language';
import { yaml } from '@codemirror/legacy-modes/mode/yaml';
import { linter, lintGutter, forceLinting } from '@codemirror/lint';
import { api, ApiError } from '../api.js';
import { h, fill, table, dateTime, number, message } from '../dom.js';
import { drl } from '../drl.js';

/**
 * An analyst's workspace for one rule package: the active release's files in an editor that
 * checks them with the server as they are typed (problems that refuse them as errors, the static
 * checks' warnings, such as two rules deciding a tier differently, in the margin), the package's
 * scenarios, an impact preview on every stored customer, deploy, shadow, history with each
 * release's notes and diffs, and rollback.
 */
export async function rulePackagePage(container, { args }) {
  const name = args[0];
  const pkg = await api.get(`/rules/${name}`);
  const releases = await api.items(`/rules/${name}/releases`);
  const active = pkg.active;
  const files = active ? (await api.get(`/rules/${name}/releases/${active.version}`)).files : {};
  const work = { ...files };
  let open = Object.keys(work).sort().find(f => f.endsWith('.drl')) || Object.keys(work).sort()[0];
  let problems = [];
  let warnings = [];
  let checkSeq = 0;

  const tabs = h('div', { class: 'tabs', id: 'file-tabs' });
  const editorHost = h('div', { class: 'editor', id: 'editor' });
  const status = h('div', { class: 'check-status', id: 'check-status' });
  const problemList = h('ul', { class: 'problems', id: 'problems' });
  const warningList = h('ul', { class: 'warnings', id: 'warnings' });
  const output = h('div', { class: 'output', id: 'rules-output' });
  const history = h('div', { id: 'history' });
  const shadowBox = h('div', { id: 'shadow' });

  const button = (id, label, action, cls) => h('button', { type: 'button', id, class: cls, onclick: action }, label);
  const actions = h('div', { class: 'actions' },
    button('check-button', 'Check', () => view && forceLinting(view)),
    button('test-button', 'Run scenarios', runScenarios),
    button('preview-button', 'Preview impact', preview),
    button('shadow-button', 'Run in shadow', startShadow),
    button('deploy-button', 'Deploy', deploy, 'primary'),
    button('revert-button', 'Discard changes', () => {
      Object.keys(work).forEach(k => delete work[k]);
      Object.assign(work, files);
      openFile(open in work ? open : Object.keys(work)[0]);
    }));

  fill(container,
    h('p', { class: 'crumbs' }, h('a', { href: '#/rules' }, 'Rules'), ' / ', name),
    h('h1', null, `Rule package ${name}`),
    h('p', { id: 'active-release' }, active
      ? `Active: v${active.version} (${active.ruleCount} rules) since ${dateTime(active.activatedAt)}, by ${active.author} from ${active.origin}`
      : 'No active release.'),
    pkg.lastRejection ? message('warning', `The last candidate (${pkg.lastRejection.origin}) was refused: `
      + pkg.lastRejection.problems.map(p => `${p.file}:${p.line}${p.column ? ':' + p.column : ''}: ${p.message}`).join('; ')) : null,
    tabs, editorHost, status, problemList, warningList, actions, output,
    h('h2', null, 'Shadow'), shadowBox,
    h('h2', null, 'History'), history);

  // ---- the editor ----------------------------------------------------------------------

  const languageOf = file => file.endsWith('.drl') ? drl : file.endsWith('.yaml') || file.endsWith('.yml')
    ? StreamLanguage.define(yaml) : [];

  const check = linter(async editor => {
    const seq = ++checkSeq;
    work[open] = editor.state.doc.toString();
    fill(status, 'Checking…');
    try {
      const result = await api.post(`/rules/${name}/checks`, { files: work });
      if (seq !== checkSeq) return [];
      problems = result.problems;
      // A finding that refuses is among the problems already.
      warnings = (result.findings || []).filter(f => !f.refusing);
      showProblems();
      return problems.filter(p => p.file === open).map(p => diagnostic(editor.state.doc, p))
        .concat(warnings.filter(w => w.file === open).map(w => diagnostic(editor.state.doc, {
          line: w.line, column: 0, message: `${checkName(w.check)}: ${w.message}`
        }, 'warning')));
    } catch (error) {
      fill(status, message('error', error.message));
      return [];
    }
  }, { delay: 700 });

  let view = null;
  function openFile(file) {
    if (view) {
      work[open] = view.state.doc.toString();
      view.destroy();
    }
    open = file;
    fill(tabs, Object.keys(work).sort().map(f => h('button', {
      type: 'button', class: `tab${f === open ? ' active' : ''}${work[f] !== files[f] ? ' changed' : ''}`,
      'data-file': f, onclick: () => openFile(f)
    }, f)));
    if (!file) {
      fill(editorHost, message('info', 'This package has no files.'));
      return;
    }
    view = new EditorView({
      parent: editorHost,
      state: EditorState.create({
        doc: work[file],
        extensions: [basicSetup, languageOf(file), lintGutter(), check,
          EditorView.updateListener.of(update => {
            if (update.docChanged) {
              work[open] = update.state.doc.toString();
              const tab = tabs.querySelector(`[data-file="${CSS.escape(open)}"]`);
              if (tab) tab.classList.toggle('changed', work[open] !== files[open]);
            }
          })]
      })
    });
    editorHost.editor = view; // for tests and the browser's console
  }

  function showProblems() {
    fill(status, problems.length === 0
      ? h('span', { class: 'ok', id: 'check-ok' }, '✓ Compiles, respects the rule policy and passes its scenarios'
        + (warnings.length ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'})` : ''))
      : h('span', { class: 'bad' }, `${problems.length} problem${problems.length === 1 ? '' : 's'}`));
    fill(problemList, problems.map(p => h('li', null, h('a', {
      href: 'javascript:void 0', class: 'problem', onclick: () => goTo(p)
    }, `${p.file}:${p.line}${p.column ? ':' + p.column : ''}`), ' ', p.message)));
    fill(warningList, warnings.map(w => h('li', null, h('a', {
      href: 'javascript:void 0', class: 'warning', onclick: () => goTo(w)
    }, `${w.file}:${w.line}`), ' ', h('strong', null, checkName(w.check)), ' ', w.message)));
  }

  function goTo(p) {
    if (p.file !== open && p.file in work) openFile(p.file);
    if (!view || p.line < 1 || p.line > view.state.doc.lines) return;
    const line = view.state.doc.line(p.line);
    view.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
    view.focus();
  }

  // ---- actions ---------------------------------------------------------------------------

  function current() {
    if (view) work[open] = view.state.doc.toString();
    return { files: { ...work } };
  }

  function refused(error) {
    if (error instanceof ApiError && error.status === 422) {
      problems = located(error.fields);
      showProblems();
      return message('error', `Refused: ${problems.length} problem(s); v${active ? active.version : '—'} keeps serving.`);
    }
    return message('error', error.message);
  }

  async function deploy() {
    fill(output, 'Deploying…');
    try {
      const release = await api.put(`/rules/${name}`, current());
      fill(output, message('success', `v${release.version} is active.`));
      location.hash = `#/rules/${name}`;
      rulePackagePage(container, { args });
    } catch (error) {
      fill(output, refused(error));
    }
  }

  async function runScenarios() {
    fill(output, 'Running the scenarios of the active release…');
    try {
      const report = await api.post(`/rules/${name}/tests`);
      fill(output, h('div', { id: 'test-report' },
        h('p', { class: report.failed ? 'bad' : 'ok' }, `${report.passed} passed, ${report.failed} failed`),
        table([['', r => r.passed ? '✓' : '✗'], ['Scenario', r => r.scenario], ['Where', r => `${r.file}:${r.line}`],
          ['Failure', r => r.failure || '']], report.results)));
    } catch (error) {
      fill(output, message('error', error.message));
    }
  }

  async function preview() {
    fill(output, 'Checking the candidate…');
    try {
      let job = await api.post(`/rules/${name}/previews`, current());
      const bar = h('progress', { max: 1, value: 0, id: 'preview-progress' });
      const label = h('span');
      fill(output, h('p', null, 'Evaluating every stored customer: ', bar, ' ', label));
      while (job.state === 'QUEUED' || job.state === 'RUNNING') {
        await new Promise(resolve => setTimeout(resolve, 500));
        job = await api.get(`/rules/${name}/previews/${job.id}`);
        if (job.total > 0) {
          bar.max = job.total;
          bar.value = job.evaluated;
        }
        fill(label, `${number(job.evaluated)} of ${job.total >= 0 ? number(job.total) : '?'}`);
      }
      if (job.state !== 'DONE') {
        if (job.problems && job.problems.length) {
          problems = located(job.problems);
          showProblems();
        }
        fill(output, message('error', job.error || 'The preview failed.'));
        return;
      }
      fill(output, impactView(job.impact, 'preview-impact'));
    } catch (error) {
      fill(output, refused(error));
    }
  }

  async function startShadow() {
    try {
      await api.put(`/rules/${name}/shadow`, current());
      showShadow();
    } catch (error) {
      fill(output, refused(error));
    }
  }

  async function showShadow() {
    let shadow = null;
    try {
      shadow = await api.get(`/rules/${name}/shadow`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
    if (!shadow) {
      fill(shadowBox, h('p', null, 'No candidate runs in shadow. “Run in shadow” evaluates the edited files beside the active release on live events, applying nothing.'));
      return;
    }
    fill(shadowBox, h('div', { id: 'shadow-running' },
      h('p', null, `Since ${dateTime(shadow.since)} (${shadow.origin}): ${number(shadow.evaluations)} evaluations, ${number(shadow.failures)} failures.`),
      impactView(shadow.differences, 'shadow-differences'),
      h('div', { class: 'actions' },
        button('shadow-promote', 'Promote to release', async () => {
          try {
            await api.post(`/rules/${name}/shadow/promote`);
            rulePackagePage(container, { args });
          } catch (error) {
            fill(output, refused(error));
          }
        }, 'primary'),
        button('shadow-drop', 'Drop', async () => {
          await api.del(`/rules/${name}/shadow`);
          showShadow();
        }))));
  }

  function showHistory() {
    fill(history, releases.length === 0 ? message('info', 'No releases yet.') : table([
      ['Version', r => `v${r.version}`],
      ['Activated', r => dateTime(r.activatedAt)],
      ['By', r => r.author],
      ['From', r => r.origin],
      ['Rules', r => r.ruleCount],
      ['Notes', r => (r.notes || []).length === 0 ? '' : h('ul', { class: 'notes' }, r.notes.map(n => h('li', null, n)))],
      ['', r => active && r.version !== active.version ? [
        button(`diff-${r.version}`, `Diff with v${active.version}`, () => showDiff(r.version, active.version), 'link'),
        ' ',
        button(`rollback-${r.version}`, `Roll back to v${r.version}`, () => rollback(r.version), 'link')
      ] : active && r.version === active.version ? h('strong', null, 'active') : '']
    ], releases, { id: 'history-table' }));
  }

  async function showDiff(from, to) {
    const diff = await api.get(`/rules/${name}/diff?from=${from}&to=${to}`);
    fill(output, h('div', { id: 'diff' }, h('h3', null, `v${from} → v${to}`),
      diff.lines.length === 0 ? message('info', 'The same files.')
        : h('pre', { class: 'diff' }, diff.lines.map(line => h('span', {
          class: line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : 'ctx'
        }, line + '\n')))));
  }

  async function rollback(version) {
    fill(output, `Rolling back to v${version}…`);
    try {
      const release = await api.post(`/rules/${name}/rollback`, { version });
      fill(output, message('success', `v${release.version} is active, with the files of v${version}.`));
      rulePackagePage(container, { args });
    } catch (error) {
      fill(output, refused(error));
    }
  }

  openFile(open);
  showHistory();
  await showShadow();
}

/** The API's field errors named {@code file:line:column} as problems an editor can point at. */
function located(fields) {
  return fields.map(f => {
    const [file, line, column] = f.field.split(':');
    return { file, line: Number(line || 0), column: Number(column || 0), message: f.message };
  });
}

function diagnostic(doc, p, severity = 'error') {
  const line = doc.line(Math.min(Math.max(p.line, 1), doc.lines));
  const from = p.column > 0 ? Math.min(line.from + p.column - 1, line.to) : line.from;
  return { from, to: Math.max(line.to, from), severity, message: p.message };
}

/** A static check as analysts read it: {@code CONFLICT} as "conflict", {@code TABLE_GAP} as "table gap". */
function checkName(check) {
  return String(check).toLowerCase().replace('_', ' ');
}

function impactView(impact, id) {
  const changes = Object.entries(impact.changes || {});
  const leftOut = Object.entries(impact.leftOut || {});
  return h('div', { id, class: 'impact' },
    h('p', null, `${number(impact.facts)} facts evaluated against v${impact.activeRelease}: `,
      h('strong', null, changes.length === 0 ? 'nothing would change' : `${number(changes.reduce((a, [, n]) => a + n, 0))} changes`)),
    ...leftOut.map(([reason, n]) => h('p', { class: 'left-out' }, `${number(n)} left out, not evaluated: ${reason}`)),
    changes.length ? table([
      ['Change', ([change]) => change],
      ['How many', ([, n]) => number(n)],
      ['For example', ([change]) => (impact.samples[change] || []).join(', ')]
    ], changes) : null);
}
