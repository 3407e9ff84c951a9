// The campaign composer (analysts): a draft's name, segment (or a one-off condition), purpose, channel, template variants
// with their shares, start and send rate, saved with POST /campaigns, which checks every field
// (each refusal is shown at its field); then the preview (GET …/preview: whom it would reach, whom
// the consent gate and the frequency caps hold back and why), a test to yourself (POST …/tests) and
// the launch. The page checks nothing itself that the API does not check again.
import { api, ApiError } from '../api.js';
import { h, fill, table, number, message } from '../dom.js';
import { statusOf, refusalText } from './campaigns.js';

const PURPOSES = ['marketing', 'service'];

/** An ISO instant as a datetime-local input's value, in the browser's time zone. */
function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A labelled field with the place the API's refusal of it is shown. */
function field(name, label, input, hint) {
  const error = h('span', { class: 'field-error', id: `compose-error-${name}`, role: 'alert' });
  input.setAttribute('aria-describedby', error.id);
  return h('div', { class: 'field', 'data-field': name }, h('label', null, label, ' ', input), hint ? h('span', { class: 'hint' }, hint) : null, error);
}

/**
 * The composer of a new campaign ({@code #/campaigns/new}) or of a draft ({@code
 * #/campaigns/{id}/compose}, its name fixed: defining the name again changes the draft).
 */
export async function campaignComposePage(container, { args }) {
  const id = args[0] ? Number(args[0]) : null;
  const [segments, templates, channels, existing] = await Promise.all([
    api.items('/segments'), api.items('/messages/templates'), api.items('/channels'),
    id ? api.get(`/campaigns/${id}`) : Promise.resolve(null)]);
  if (existing && statusOf(existing) !== 'draft') {
    location.hash = `#/campaigns/${existing.id}`;
    return null;
  }
  let campaign = existing;
  let dirty = false;

  const byCode = new Map();
  for (const t of templates) byCode.set(t.code, [...(byCode.get(t.code) || []), t]);
  const codes = [...byCode.keys()].sort();

  const inputs = {
    name: h('input', { id: 'compose-name', value: existing ? existing.name : '', readonly: existing ? true : null,
      autocomplete: 'off', placeholder: 'spring-sale' }),
    segment: h('select', { id: 'compose-segment' }, h('option', { value: '' }, 'choose a segment'),
      segments.map(s => h('option', { value: s.name, selected: existing && existing.segment === s.name },
        `${s.name}${s.members !== undefined ? ` (${number(s.members)} now)` : ''}`))),
    condition: h('input', { id: 'compose-condition', value: existing && existing.condition ? existing.condition : '',
      autocomplete: 'off', placeholder: 'tag:vip -tag:staff' }),
    purpose: h('input', { id: 'compose-purpose', list: 'compose-purposes', value: existing ? existing.purpose : 'marketing' }),
    channel: h('select', { id: 'compose-channel' }, channels.filter(c => c.registered).map(c =>
      h('option', { value: c.name, selected: existing ? existing.channel === c.name : c.name === 'email' }, c.name))),
    startAt: h('input', { id: 'compose-start', type: 'datetime-local', value: localInput(existing && existing.startAt) }),
    ratePerMinute: h('input', { id: 'compose-rate', type: 'number', inputmode: 'numeric',
      value: existing ? existing.ratePerMinute : 60 })
  };
  const variantRows = h('ol', { class: 'variants', id: 'compose-variants' });
  const variantsError = h('span', { class: 'field-error', id: 'compose-error-variants', role: 'alert' });
  const feedback = h('div', { class: 'feedback', id: 'compose-feedback', 'aria-live': 'polite' });
  const previewBox = h('div', { id: 'compose-preview' });
  const testBox = h('div', { id: 'compose-test' });
  const launchBox = h('div', { id: 'compose-launch' });

  function languagesOf(code) {
    const list = byCode.get(code) || [];
    return list.length === 0 ? 'no such template'
      : list.map(t => `${t.language}: “${t.subject}”`).join(' · ');
  }

  function addVariant(variant) {
    const index = variantRows.children.length;
    const select = h('select', { class: 'variant-template', 'aria-label': `Variant ${index + 1} template` },
      h('option', { value: '' }, 'choose a template'),
      codes.map(c => h('option', { value: c, selected: variant && variant.template === c }, c)));
    const share = h('input', { class: 'variant-share', type: 'number', inputmode: 'numeric', value: variant ? variant.share : 50,
      'aria-label': `Variant ${index + 1} share` });
    const languages = h('span', { class: 'hint variant-languages' }, variant ? languagesOf(variant.template) : '');
    const percent = h('span', { class: 'variant-percent hint' });
    const row = h('li', { class: 'variant' },
      h('label', null, 'Template ', select), h('label', null, 'Share ', share), percent,
      h('button', { type: 'button', class: 'variant-remove', onclick: () => { row.remove(); changed(); } }, 'Remove'),
      languages,
      h('span', { class: 'field-error variant-template-error', role: 'alert' }),
      h('span', { class: 'field-error variant-share-error', role: 'alert' }));
    select.addEventListener('change', () => fill(languages, select.value ? languagesOf(select.value) : ''));
    variantRows.append(row);
    return select;
  }

  /** Each variant's share of the split as the API applies it: share / sum of shares. */
  function shares() {
    const rows = [...variantRows.children];
    const values = rows.map(r => Number(r.querySelector('.variant-share').value));
    const sum = values.filter(v => Number.isFinite(v) && v > 0).reduce((a, v) => a + v, 0);
    rows.forEach((r, i) => fill(r.querySelector('.variant-percent'),
      sum > 0 && values[i] > 0 ? `${Math.round(values[i] * 1000 / sum) / 10}% of the audience` : ''));
  }

  function changed() {
    shares();
    if (campaign && !dirty) {
      dirty = true;
      renderLaunch();
      fill(feedback, message('info', 'Changed since the draft was saved: save it to see the preview of what you composed.'));
    }
  }

  function body() {
    const start = inputs.startAt.value;
    const rate = inputs.ratePerMinute.value.trim();
    return {
      name: inputs.name.value.trim(),
      segment: inputs.segment.value || null,
      condition: inputs.condition.value.trim() || null,
      purpose: inputs.purpose.value.trim(),
      channel: inputs.channel.value,
      variants: [...variantRows.children].map(r => {
        const share = r.querySelector('.variant-share').value.trim();
        return { template: r.querySelector('.variant-template').value, share: share === '' ? 0 : Number(share) };
      }),
      startAt: start ? new Date(start).toISOString() : null,
      ratePerMinute: rate === '' ? null : Number(rate)
    };
  }

  function clearErrors() {
    container.querySelectorAll('.field-error').forEach(e => fill(e));
    container.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
  }

  /** The API's refusal of each field, at the field; whatever names no field, above the form. */
  function showErrors(error) {
    const rest = [];
    let first = null;
    for (const f of error.fields) {
      const variant = f.field.match(/^variants\[(\d+)\]\.(template|share)$/);
      let place = null;
      let input = null;
      if (variant) {
        const row = variantRows.children[Number(variant[1])];
        place = row && row.querySelector(`.variant-${variant[2]}-error`);
        input = row && row.querySelector(`.variant-${variant[2]}`);
      } else if (f.field === 'variants') {
        place = variantsError;
        input = variantRows.querySelector('select');
      } else {
        place = container.querySelector(`#compose-error-${f.field}`);
        input = inputs[f.field];
      }
      if (!place) {
        rest.push(`${f.field}: ${f.message}`);
        continue;
      }
      fill(place, f.message);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        first = first || input;
      }
    }
    fill(feedback, message('error', rest.length ? `Not saved. ${rest.join('; ')}` : 'Not saved: see the fields marked.'));
    if (first) first.focus();
  }

  async function save(event) {
    event.preventDefault();
    clearErrors();
    fill(feedback, h('p', { class: 'loading' }, 'Saving…'));
    try {
      campaign = await api.post('/campaigns', body());
      dirty = false;
      fill(feedback, message('info', `Draft ${campaign.name} saved.`));
      if (!existing && location.hash !== `#/campaigns/${campaign.id}/compose`) {
        history.replaceState(null, '', `#/campaigns/${campaign.id}/compose`);
        inputs.name.readOnly = true;
      }
      renderTest();
      renderLaunch();
      await refreshPreview();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fields.length) showErrors(error);
      else fill(feedback, message('error', refusalText('Not saved', error)));
    }
  }

  async function refreshPreview() {
    if (!campaign) {
      fill(previewBox, h('p', { class: 'hint' }, 'Save the draft to see whom it would reach.'));
      return;
    }
    fill(previewBox, h('p', { class: 'loading' }, 'Asking the consent gate and the frequency caps…'));
    try {
      const p = await api.get(`/campaigns/${campaign.id}/preview`);
      const reasons = Object.entries(p.heldBack || {}).sort((a, b) => b[1] - a[1]);
      const held = reasons.reduce((a, [, n]) => a + Number(n), 0);
      fill(previewBox,
        h('div', { class: 'figures' },
          h('div', { class: 'figure' }, h('div', { class: 'label' }, 'In the audience now'), h('div', { class: 'value', id: 'preview-audience' }, number(p.audience))),
          h('div', { class: 'figure' }, h('div', { class: 'label' }, 'Would receive it'), h('div', { class: 'value', id: 'preview-reachable' }, number(p.reachable))),
          h('div', { class: 'figure' }, h('div', { class: 'label' }, 'Held back'), h('div', { class: 'value', id: 'preview-held' }, number(held)))),
        reasons.length === 0 ? h('p', { class: 'hint' }, 'Nobody is held back.') :
          table([['Held back because', ([reason]) => reason], ['Contacts', ([, n]) => number(n)]], reasons, { id: 'preview-reasons' }),
        table([['Variant', ([v]) => v], ['Would receive it', ([, n]) => number(n)]], Object.entries(p.byVariant || {}), { id: 'preview-variants' }),
        p.offered || p.fallback ? h('p', { class: 'hint', id: 'preview-offers' },
          `Best offers: ${number(p.offered)} would be shown an offer, ${number(p.fallback)} the fallback.`) : null,
        h('button', { type: 'button', id: 'preview-refresh', onclick: refreshPreview }, 'Refresh the preview'));
      previewBox.querySelectorAll('#preview-reasons tbody tr').forEach((tr, i) => tr.setAttribute('data-reason', reasons[i][0]));
      previewBox.dataset.audience = p.audience;
      previewBox.dataset.reachable = p.reachable;
    } catch (error) {
      fill(previewBox, message('error', refusalText('No preview', error)));
    }
  }

  function renderTest() {
    if (!campaign) {
      fill(testBox, h('p', { class: 'hint' }, 'Save the draft to send a test of it to yourself.'));
      return;
    }
    const variant = h('select', { id: 'test-variant' }, campaign.variants.map(v => h('option', { value: v.template }, v.template)));
    const outcome = h('div', { id: 'test-outcome', 'aria-live': 'polite' });
    const form = h('form', { class: 'inline', id: 'test-form' },
      h('label', null, 'Variant ', variant),
      h('button', { type: 'submit', id: 'test-send' }, 'Send a test to yourself'), outcome);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      fill(outcome);
      try {
        const sent = await api.post(`/campaigns/${campaign.id}/tests`, { variant: variant.value });
        fill(outcome, message('info', `Test of ${sent.variant} queued as message ${sent.messageId}.`));
        outcome.dataset.message = sent.messageId;
        followTest(sent, outcome);
      } catch (error) {
        fill(outcome, message('error', refusalText('No test sent', error)));
      }
    });
    fill(testBox, h('p', { class: 'hint' }, 'A test goes to your own address through the outbox; it counts in none of the figures.'), form);
  }

  /** What became of the test message, asked of the message log a few times. */
  async function followTest(sent, outcome) {
    for (let i = 0; i < 10 && outcome.isConnected; i++) {
      await new Promise(resolve => setTimeout(resolve, 1500));
      try {
        const m = await api.get(`/messages/${sent.messageId}`);
        const status = String(m.status).toLowerCase();
        fill(outcome, message(status === 'failed' || status === 'blocked' ? 'error' : 'info',
          `Test of ${sent.variant} (message ${sent.messageId}) to ${m.address || 'you'}: ${status}${m.lastError ? ` (${m.lastError})` : ''}.`));
        outcome.dataset.status = status;
        if (status !== 'queued') return;
      } catch (error) {
        return;
      }
    }
  }

  function renderLaunch() {
    if (!campaign) {
      fill(launchBox);
      return;
    }
    const button = h('button', { type: 'button', class: 'primary', id: 'compose-launch-button', disabled: dirty ? true : null },
      campaign.startAt ? 'Launch (sends from its start)' : 'Launch now');
    const outcome = h('div', { id: 'launch-outcome' });
    button.addEventListener('click', async () => {
      fill(outcome);
      try {
        const launched = await api.post(`/campaigns/${campaign.id}/launch`);
        location.hash = `#/campaigns/${launched.id}`;
      } catch (error) {
        fill(outcome, message('error', refusalText('Not launched', error)));
      }
    });
    fill(launchBox, dirty ? h('p', { class: 'hint' }, 'Save the draft before launching it.') : null,
      h('div', { class: 'actions' }, button,
        h('a', { href: `#/campaigns/${campaign.id}`, id: 'compose-follow' }, 'The campaign’s page')), outcome);
  }

  const form = h('form', { id: 'compose-form', class: 'compose', novalidate: true },
    field('name', 'Name', inputs.name, existing ? 'A draft keeps its name.' : 'lower-case letters, digits and -'),
    field('segment', 'Segment', inputs.segment, 'Its members are frozen into the recipients at launch.'),
    field('condition', 'Or a one-off condition', inputs.condition, 'Instead of a segment, in the segments’ language: '
      + 'the contacts it selects at launch are frozen into the recipients.'),
    field('purpose', 'Purpose', inputs.purpose, 'The consent the gate asks each recipient about.'),
    h('datalist', { id: 'compose-purposes' }, PURPOSES.map(p => h('option', { value: p }))),
    field('channel', 'Channel', inputs.channel),
    h('fieldset', { class: 'field', 'data-field': 'variants' }, h('legend', null, 'Template variants (A/B split)'),
      h('p', { class: 'hint' }, 'Each template’s languages are listed: every recipient gets their language’s text.'),
      variantRows, variantsError,
      h('button', { type: 'button', id: 'compose-add-variant', onclick: () => { addVariant(null).focus(); changed(); } }, 'Add a variant')),
    field('startAt', 'Start', inputs.startAt, 'Empty: at launch. Your local time.'),
    field('ratePerMinute', 'Messages a minute', inputs.ratePerMinute),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'compose-save' }, 'Save the draft')),
    feedback);
  form.addEventListener('submit', save);
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  (existing ? existing.variants : [null]).forEach(addVariant);
  shares();

  fill(container,
    h('p', { class: 'crumbs' }, h('a', { href: '#/campaigns' }, 'Campaigns'), ' / ', existing ? existing.name : 'new'),
    h('h1', null, existing ? `Compose ${existing.name}` : 'New campaign'),
    h('div', { class: 'columns' },
      h('section', { class: 'panel' }, h('h2', null, 'The campaign'), form),
      h('div', null,
        h('section', { class: 'panel', id: 'preview-panel' }, h('h2', null, 'Preview'), previewBox),
        h('section', { class: 'panel', id: 'test-panel' }, h('h2', null, 'Test'), testBox),
        h('section', { class: 'panel', id: 'launch-panel' }, h('h2', null, 'Launch'), launchBox))));
  renderTest();
  renderLaunch();
  await refreshPreview();
  inputs[existing ? 'segment' : 'name'].focus();
  return null;
}
