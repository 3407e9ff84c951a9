// The decisions about a case, in the order they were made: the SLA targets the `service` rules set
// when it opened (from the ledger, GET /cases/{id}/decisions) and the warnings and breaches the
// SLA check raised against them (the thread's escalation entries), each with the rule and release
// behind it and when.
import { api } from '../api.js';
import { h, dateTime, message } from '../dom.js';

const TARGETS = { 'service.first-response': 'first-response', 'service.resolution': 'resolution' };
const TARGET_NAMES = { 'first-response': 'First reply target', resolution: 'Resolution target' };
// The SLA check writes "<target>-<warning|breach>: the ... target is near|missed, due <instant> (by "<rule>")".
const ESCALATION = /^(first-response|resolution)-(warning|breach): .*?, due (\S+) \(by "(.*)"\)$/s;

/** An escalation entry of the thread read as the check wrote it, or null for one that does not read so. */
export function escalationOf(entry) {
  const m = ESCALATION.exec(String(entry.text || ''));
  return m ? { target: m[1], kind: m[2], due: m[3], rule: m[4], at: entry.createdAt, entry: entry.id } : null;
}

/** The decisions' rows, oldest first: each target as the ledger recorded it, then each escalation raised against one. */
export function decisionRows(decisions, thread) {
  const byTarget = {};
  const rows = decisions.filter(d => TARGETS[d.type]).map(d => {
    const target = TARGETS[d.type];
    byTarget[target] = d;
    const a = d.attributes || {};
    return { kind: 'target', target, at: d.recordedAt, rule: d.rule, rulePackage: d.rulePackage, release: d.release,
      what: `${a.hours} ${a.clock === 'calendar' ? 'calendar' : 'business'} hour${a.hours === '1' ? '' : 's'}`, facts: d.facts };
  });
  for (const e of thread.filter(t => String(t.kind).toLowerCase() === 'escalation').map(escalationOf).filter(Boolean)) {
    const set = byTarget[e.target];
    rows.push({ kind: e.kind, target: e.target, at: e.at, rule: e.rule, rulePackage: set ? set.rulePackage : null,
      release: set ? set.release : null, what: `${e.kind === 'breach' ? 'missed' : 'near'}, due ${dateTime(e.due)}`, entry: e.entry });
  }
  return rows.sort((x, y) => new Date(x.at) - new Date(y.at));
}

/** The panel's table: a caption, column headers for screen readers, the facts of a target behind a disclosure. */
export function decisionTable(rows) {
  if (rows.length === 0) return message('info', 'No decisions recorded: the case opened while the service rules had no active release, or its customer was erased.');
  const label = r => r.kind === 'target' ? TARGET_NAMES[r.target] : `${TARGET_NAMES[r.target]} ${r.kind === 'breach' ? 'breached' : 'near'}`;
  return h('table', { id: 'case-decision-table', class: 'decision-table' },
    h('caption', null, 'SLA targets set by the rules, and the warnings and breaches the SLA check raised, oldest first'),
    h('thead', null, h('tr', null, ['When', 'Decision', 'What', 'Rule', 'Release'].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', null, rows.map(r => h('tr', { 'data-decision': r.kind, 'data-target': r.target, 'data-entry': r.entry },
      h('td', null, h('time', { datetime: r.at }, dateTime(r.at))),
      h('th', { scope: 'row' }, r.kind === 'target' ? label(r) : h('span', { class: `sla ${r.kind === 'breach' ? 'breached' : 'near'}` }, label(r))),
      h('td', null, r.what, r.facts ? h('details', null, h('summary', null, 'on these facts'), h('code', null, r.facts)) : null),
      h('td', { class: 'rule' }, `“${r.rule}”`),
      h('td', { class: 'release' }, r.release === null || r.release === undefined ? 'unknown' : `${r.rulePackage} v${r.release}`)))));
}

/** The case's decisions, read from the API with the signed-in person's credentials. */
export async function caseDecisions(id, thread) {
  return decisionTable(decisionRows(await api.items(`/cases/${id}/decisions`), thread));
}
