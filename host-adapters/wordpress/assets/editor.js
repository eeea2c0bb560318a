/*
 * copydesk in the block editor (plain JavaScript over the wp.* globals, no build step).
 *
 * The post's blocks go to the plugin's REST route as segments, one per rich-text attribute of
 * each block (the block's clientId as the segment id), the title as the headline. The findings
 * come back with offsets in each block's visible text in UTF-16 units, which is what
 * core/annotations takes: a highlight lands on the flagged words however the block's HTML is
 * marked up. A sidebar and a pre-publish panel list the findings by severity; publishing is
 * locked while the pre-publish panel shows an open finding that blocks (the server refuses
 * the publish too: Plugin::enforceOnRest).
 */
(function (wp, settings) {
  'use strict';
  const el = wp.element.createElement;
  const { Fragment, useState } = wp.element;
  const { PanelBody, Button, CheckboxControl, TextareaControl, Notice, Spinner } = wp.components;
  const data = wp.data;
  const STORE = 'copydesk';
  const SEVERITIES = ['error', 'warning', 'info'];
  const SOURCES = ['copydesk-error', 'copydesk-warning', 'copydesk-info', 'copydesk-dismissed', 'copydesk-acknowledged'];
  const LOCK = 'copydesk';

  // ------------------------------------------------------------------ store

  const initial = { result: null, segments: [], checking: false, key: '', error: null };
  data.register(data.createReduxStore(STORE, {
    reducer(state = initial, action) {
      switch (action.type) {
        case 'START': return { ...state, checking: true, key: action.key };
        case 'DONE': return action.key === state.key
          ? { ...state, checking: false, result: action.result, segments: action.segments, error: null } : state;
        case 'FAIL': return action.key === state.key ? { ...state, checking: false, error: action.error } : state;
        default: return state;
      }
    },
    actions: {
      start: (key) => ({ type: 'START', key }),
      done: (key, result, segments) => ({ type: 'DONE', key, result, segments }),
      fail: (key, error) => ({ type: 'FAIL', key, error }),
    },
    selectors: {
      getResult: (state) => state.result,
      getSegments: (state) => state.segments,
      isChecking: (state) => state.checking,
      getError: (state) => state.error,
      getKey: (state) => state.key,
    },
  }));

  // ------------------------------------------------------------------ segments

  function isRichText(attribute) {
    return attribute && (attribute.source === 'html' || attribute.source === 'rich-text');
  }

  function visibleText(html) {
    const d = document.createElement('div');
    d.innerHTML = html;
    return d.textContent || '';
  }

  /** One segment per rich-text attribute of each block, in document order. */
  function collectSegments() {
    const out = [];
    const walk = (blocks) => {
      for (const block of blocks) {
        const type = wp.blocks.getBlockType(block.name);
        if (type) {
          for (const [name, attribute] of Object.entries(type.attributes || {})) {
            if (!isRichText(attribute)) continue;
            const value = block.attributes[name];
            const text = typeof value === 'string' ? value : (value ? String(value) : '');
            if (visibleText(text).trim() === '') continue;
            out.push({ id: block.clientId, kind: settings.kinds[block.name] || 'body', text, attribute: name });
          }
        }
        walk(block.innerBlocks || []);
      }
    };
    walk(data.select('core/block-editor').getBlocks());
    return out;
  }

  function currentRequest() {
    const editor = data.select('core/editor');
    const segments = collectSegments();
    const title = editor.getEditedPostAttribute('title') || '';
    const body = { post_id: editor.getCurrentPostId(), title,
      segments: segments.map(({ id, kind, text }) => ({ id, kind, text })) };
    return { body, segments, key: JSON.stringify(body) };
  }

  // ------------------------------------------------------------------ checking

  async function check(force) {
    const { body, segments, key } = currentRequest();
    if (!body.post_id || (!force && key === data.select(STORE).getKey())) return;
    data.dispatch(STORE).start(key);
    try {
      const result = await wp.apiFetch({ path: '/' + settings.namespace + '/check', method: 'POST', data: body });
      data.dispatch(STORE).done(key, result, segments);
      annotate(result, segments);
    } catch (e) {
      data.dispatch(STORE).fail(key, (e && e.message) || String(e));
    }
  }

  async function decide(finding, decision, reason) {
    const { body } = currentRequest();
    await wp.apiFetch({ path: '/' + settings.namespace + '/decisions', method: 'POST',
      data: { ...body, fingerprint: finding.fingerprint, decision, reason: reason || '' } });
    await check(true);
  }

  /** The block and rich-text attribute of a finding ({} for the title). */
  function placeOf(finding, result, segments) {
    return segments[finding.segment - (result.offset || 0)] || {};
  }

  function annotate(result, segments) {
    const annotations = data.dispatch('core/annotations');
    for (const source of SOURCES) annotations.__experimentalRemoveAnnotationsBySource(source);
    result.findings.forEach((f, i) => {
      const place = placeOf(f, result, segments);
      if (!place.id) return;  // the title: listed, not highlighted
      annotations.__experimentalAddAnnotation({
        id: 'copydesk-' + i,
        source: 'copydesk-' + (f.state === 'open' ? f.severity : f.state),
        blockClientId: place.id,
        richTextIdentifier: place.attribute,
        range: { start: f.visible_start_utf16, end: f.visible_end_utf16 },
      });
    });
  }

  function jump(finding, index) {
    const result = data.select(STORE).getResult();
    const place = placeOf(finding, result, data.select(STORE).getSegments());
    if (!place.id) return;
    data.dispatch('core/block-editor').selectBlock(place.id);
    setTimeout(() => {
      const mark = document.getElementById('annotation-text-copydesk-' + index);
      if (mark) mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }, 50);
  }

  // Check after each pause in typing, and at once when the publish panel opens.
  let timer = null;
  let lastKey = '';
  let wasOpen = false;
  let locked = false;  // our lock (other plugins may hold their own)
  data.subscribe(() => {
    const editor = data.select('core/editor');
    if (!editor || !editor.getCurrentPostId()) return;
    const open = data.select('core/edit-post').isPublishSidebarOpened();
    const { key } = currentRequest();
    if (open && !wasOpen) {
      clearTimeout(timer);
      check(false);
    } else if (key !== lastKey) {
      clearTimeout(timer);
      timer = setTimeout(() => check(false), 700);
    }
    lastKey = key;
    wasOpen = open;
    // Publishing is locked while the publish panel is open and a check is due, running,
    // failed, or found something that stops publishing.
    const store = data.select(STORE);
    const result = store.getResult();
    const stale = store.getKey() !== key || store.isChecking();
    const stops = !result || result.error || result.blocking > 0 || store.getError() || stale;
    if (open && stops && !locked) {
      locked = true;
      data.dispatch('core/editor').lockPostSaving(LOCK);
    } else if (!(open && stops) && locked) {
      locked = false;
      data.dispatch('core/editor').unlockPostSaving(LOCK);
    }
  });

  // Some rich texts have no identifier of their own (WordPress 6.1's image caption), so
  // core/annotations cannot find their annotations (it matches the identifier with the
  // annotation's richTextIdentifier). For those, this format renders the block's copydesk
  // annotations as core/annotations does: the same <mark class="annotation-text ..."
  // id="annotation-text-ID">, on the same range.
  const ownAnnotations = new WeakMap();
  wp.richText.registerFormatType('copydesk/annotation', {
    title: 'copydesk highlight',
    tagName: 'mark',
    className: 'copydesk-annotation',
    attributes: { className: 'class', id: 'id' },
    edit: () => null,
    __experimentalGetPropsForEditableTreePreparation(select, { richTextIdentifier, blockClientId }) {
      const block = select('core/block-editor').getBlock(blockClientId);
      const type = block && wp.blocks.getBlockType(block.name);
      const attributes = type ? Object.entries(type.attributes || {}).filter(([, a]) => isRichText(a)).map(([n]) => n) : [];
      if (attributes.includes(richTextIdentifier) || attributes.length !== 1) return { copydeskAnnotations: [] };
      const all = select('core/annotations').__experimentalGetAllAnnotationsForBlock(blockClientId);
      if (!ownAnnotations.has(all)) {
        ownAnnotations.set(all, all.filter((a) => a.selector === 'range' && SOURCES.includes(a.source) && a.richTextIdentifier === attributes[0]));
      }
      return { copydeskAnnotations: ownAnnotations.get(all) };
    },
    __experimentalCreatePrepareEditableTree({ copydeskAnnotations }) {
      return (formats, text) => {
        if (!copydeskAnnotations || copydeskAnnotations.length === 0) return formats;
        let record = { formats, text };
        for (const a of copydeskAnnotations) {
          record = wp.richText.applyFormat(record, { type: 'copydesk/annotation',
            attributes: { className: 'annotation-text annotation-text-' + a.source, id: 'annotation-text-' + a.id } },
          Math.min(a.range.start, text.length), Math.min(a.range.end, text.length));
        }
        return record.formats;
      };
    },
  });

  // ------------------------------------------------------------------ UI

  const ACTION_LABEL = { block: 'Blocks publishing', acknowledge: 'Needs acknowledging', advise: 'Advice' };

  function DismissForm({ finding }) {
    const [open, setOpen] = useState(false);
    const [reason, setReason] = useState('');
    const [busy, setBusy] = useState(false);
    if (!open) {
      return el(Button, { variant: 'secondary', isSmall: true, className: 'copydesk-dismiss', onClick: () => setOpen(true) }, 'Dismiss…');
    }
    return el('div', { className: 'copydesk-dismiss-form' },
      el(TextareaControl, { label: 'Why may this be published? (required, kept in the audit trail)', value: reason,
        onChange: setReason, rows: 2, className: 'copydesk-reason' }),
      el(Button, { variant: 'primary', isSmall: true, className: 'copydesk-dismiss-confirm', disabled: !reason.trim() || busy,
        onClick: async () => { setBusy(true); try { await decide(finding, 'dismiss', reason); } finally { setBusy(false); } } },
      'Dismiss with this reason'),
      el(Button, { variant: 'tertiary', isSmall: true, onClick: () => setOpen(false) }, 'Cancel'));
  }

  function FindingItem({ finding, index, canDismiss }) {
    const d = finding.decision;
    return el('li', { className: `copydesk-finding copydesk-${finding.severity} copydesk-state-${finding.state}`,
      'data-fingerprint': finding.fingerprint, 'data-rule': finding.rule },
    el('div', { className: 'copydesk-head' },
      el(Button, { variant: 'link', className: 'copydesk-jump', onClick: () => jump(finding, index) },
        '«' + finding.visible_text + '»'),
      el('span', { className: 'copydesk-action copydesk-action-' + finding.action }, ACTION_LABEL[finding.action])),
    el('p', { className: 'copydesk-message' }, finding.message),
    el('details', { className: 'copydesk-why' },
      el('summary', null, finding.rule_title || finding.rule),
      finding.rule_description ? el('p', null, finding.rule_description) : null,
      finding.explain ? el('p', { className: 'copydesk-explain' }, finding.explain) : null,
      el('p', { className: 'copydesk-rule-id' }, finding.rule + (finding.pack_version ? ' (pack ' + finding.pack_version + ')' : ''))),
    finding.state === 'dismissed' && d ? el('p', { className: 'copydesk-decided' },
      `Dismissed by ${d.user_name || d.user_login} on ${d.time}: “${d.reason}” `,
      canDismiss ? el(Button, { variant: 'link', onClick: () => decide(finding, 'revoke', '') }, 'Undo') : null) : null,
    finding.action === 'block' && finding.state === 'open'
      ? (canDismiss ? el(DismissForm, { finding })
        : el('p', { className: 'copydesk-note' }, 'Fix the text, or ask an editor to dismiss this.')) : null,
    finding.action === 'acknowledge' && finding.state !== 'dismissed' ? el(CheckboxControl, {
      className: 'copydesk-acknowledge', label: 'I have checked this and it stands',
      checked: finding.state === 'acknowledged',
      onChange: (on) => decide(finding, on ? 'acknowledge' : 'revoke', ''),
    }) : null);
  }

  function Findings() {
    const { result, checking, error } = data.useSelect((select) => ({
      result: select(STORE).getResult(), checking: select(STORE).isChecking(), error: select(STORE).getError(),
    }), []);
    if (error) return el(Notice, { status: 'error', isDismissible: false }, 'copydesk: ' + error);
    if (!result) return el('p', null, el(Spinner), ' Checking…');
    if (result.error) return el(Notice, { status: 'error', isDismissible: false }, 'copydesk: ' + result.error);
    const summary = result.findings.length === 0 ? 'Nothing flagged.'
      : (result.blocking > 0 ? `${result.blocking} of ${result.findings.length} findings stop publishing.`
        : `${result.findings.length} findings; none stops publishing.`);
    return el('div', { className: 'copydesk-findings' },
      el('p', { className: 'copydesk-summary' + (result.blocking > 0 ? ' copydesk-blocked' : '') }, summary, checking ? el(Spinner) : null),
      SEVERITIES.map((sev) => {
        const items = result.findings.map((f, i) => [f, i]).filter(([f]) => f.severity === sev);
        if (!items.length) return null;
        return el(Fragment, { key: sev },
          el('h3', { className: 'copydesk-severity' }, { error: 'Errors', warning: 'Warnings', info: 'Notes' }[sev] + ` (${items.length})`),
          el('ul', null, items.map(([f, i]) => el(FindingItem, { key: f.fingerprint + ':' + i, finding: f, index: i, canDismiss: result.can_dismiss }))));
      }));
  }

  function AuditTrail() {
    const result = data.useSelect((select) => select(STORE).getResult(), []);
    const postId = data.useSelect((select) => select('core/editor').getCurrentPostId(), []);
    const records = (result && result.decisions) || [];
    const csv = wp.url.addQueryArgs(window.wpApiSettings.root + settings.namespace + '/decisions',
      { post_id: postId, format: 'csv', _wpnonce: window.wpApiSettings.nonce });
    return el('div', { className: 'copydesk-audit' },
      records.length === 0 ? el('p', null, 'No dismissals or acknowledgements yet.')
        : el('ul', null, records.slice().reverse().map((r, i) => el('li', { key: i },
          el('strong', null, r.decision), ` «${r.text}» (${r.rule}) by ${r.user_name || r.user_login}, ${r.time}`,
          r.reason ? `: “${r.reason}”` : ''))),
      el('a', { href: csv, className: 'copydesk-export' }, 'Export the audit trail (CSV)'));
  }

  function Sidebar() {
    return el(Fragment, null,
      el(wp.editPost.PluginSidebarMoreMenuItem, { target: 'copydesk-sidebar' }, 'copydesk'),
      el(wp.editPost.PluginSidebar, { name: 'copydesk-sidebar', title: 'copydesk', icon: 'shield' },
        el(PanelBody, { title: 'Findings', initialOpen: true }, el(Findings)),
        el(PanelBody, { title: 'Dismissals and acknowledgements', initialOpen: false }, el(AuditTrail))));
  }

  function PrePublish() {
    const result = data.useSelect((select) => select(STORE).getResult(), []);
    const blocking = result ? result.blocking : 0;
    return el(wp.editPost.PluginPrePublishPanel, {
      title: blocking > 0 ? `copydesk: ${blocking} to resolve before publishing` : 'copydesk',
      initialOpen: true, className: 'copydesk-prepublish',
    }, el(Findings));
  }

  wp.plugins.registerPlugin('copydesk', {
    render: () => el(Fragment, null, el(Sidebar), el(PrePublish)),
  });
}(window.wp, window.copydeskSettings));
