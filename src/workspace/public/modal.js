// The modal overlay: title, blocks, validation errors, Cancel and Submit (view_submission).
import { renderBlocks } from './blocks.js';
import { h } from './dom.js';
import { $, contextFor, model, post, ui } from './state.js';

/** Shows the top of the local user's modal stack (or nothing). */
export function renderModals() {
  const root = $('modal-root');
  const view = model.modals.at(-1);
  if (!view) return root.replaceChildren();
  if (!ui.modalCtx.has(view.id)) ui.modalCtx.set(view.id, {});
  const values = ui.modalCtx.get(view.id);
  const ctx = contextFor({ viewId: view.id }, values);
  const plain = (o, fallback) => String(o?.text ?? fallback);
  const close = () => post('close', { viewId: view.id });
  const submit = async () => {
    ui.modalNote[view.id] = '';
    const res = await post('submit', { viewId: view.id, values });
    const outcome = res.outcome ?? { kind: 'failed', reason: res.error };
    ui.modalErrors[view.id] = outcome.kind === 'errors' ? outcome.errors : {};
    if (outcome.kind === 'failed')
      ui.modalNote[view.id] = `${model.bot.name} did not respond (${outcome.reason}). Try again.`;
    if (outcome.kind === 'errors' || outcome.kind === 'failed') renderModals();
  };
  root.replaceChildren(
    h(
      'div',
      { class: 'overlay', role: 'dialog', 'aria-label': plain(view.title, 'Modal') },
      h(
        'div',
        { class: 'modal', dataset: { viewId: view.id, callbackId: view.callback_id } },
        h(
          'div',
          { class: 'modal-head' },
          h('h2', {}, plain(view.title, '')),
          h('button', { class: 'icon', 'aria-label': 'Close', onclick: close }, '✕'),
        ),
        h('div', { class: 'modal-body' }, renderBlocks(view.blocks, ctx)),
        ui.modalNote[view.id] ? h('div', { class: 'b-error' }, ui.modalNote[view.id]) : null,
        h(
          'div',
          { class: 'modal-foot' },
          h('button', { class: 'btn', onclick: close }, plain(view.close, 'Cancel')),
          view.submit
            ? h(
                'button',
                { class: 'btn primary', dataset: { submit: '1' }, onclick: submit },
                plain(view.submit, 'Submit'),
              )
            : null,
        ),
      ),
    ),
  );
}
