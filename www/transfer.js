// Transfer: blind, or consult first — then who speaks, complete the transfer, or cancel the consult.
// The destination comes from the picker (destinations.js); each step runs through act(). A blind
// transfer and completing a consult end the agent's leg, which watchCalls() brings; starting a consult,
// who speaks and cancelling leave the agent's leg as it was, so the card reads the call once after them.
import { el, state, ui, setStatus } from './state.js';
import { act, cid } from './actions.js';

/** The Transfer form's submit: a blind transfer, or the start of a consult, to the chosen destination. */
export async function transfer() {
  const dest = ui.destinations.destination();
  if (el.transfer.disabled || !dest) return;
  if (ui.destinations.mode() === 'blind') {
    await act('transfer', `Transferring to ${dest.label}…`, async () => {
      await state.cc.transfer({ conversationId: cid(), to: dest.to });
      setStatus(`Transferred to ${dest.label}.`);
    }, { failed: 'The call was not transferred.' });
  } else {
    await act('transfer', `Starting a consult with ${dest.label}…`, async () => {
      state.consult = await state.cc.consult({ conversationId: cid(), to: dest.to, speakTo: 'destination' });
      setStatus(`Consulting ${dest.label}. The customer is on hold for you.`);
    }, { failed: 'The consult did not start.', action: 'consult', reread: true });
  }
}

const SPEAK_SAID = { destination: 'You speak to the destination.', object: 'You speak to the customer.', both: 'Everyone hears everyone.' };

/** Who hears the agent during the consult: 'destination', 'object' (the customer) or 'both'. */
export async function speakTo(who) {
  const c = state.consult;
  if (!c) return;
  await act('speak', 'Switching who speaks…', async () => {
    await c.speakTo(who);
    setStatus(SPEAK_SAID[who]);
  }, { failed: 'Who speaks did not change.', action: 'consult', reread: true });
}

/** Completes the consult transfer: the agent leaves, customer and destination stay together. */
export async function completeConsult() {
  const c = state.consult;
  if (!c) return;
  await act('complete', 'Completing the transfer…', async () => {
    await c.complete();
    state.consult = undefined;
    setStatus('Transfer completed. You left the call.');
  }, { failed: 'The transfer was not completed.', action: 'transfer' });
}

/** Cancels the consult: the destination leaves, the agent is back with the customer. */
export async function cancelConsult() {
  const c = state.consult;
  if (!c) return;
  await act('cancel', 'Cancelling the consult…', async () => {
    await c.cancel();
    state.consult = undefined;
    setStatus('Consult cancelled. You are back with the customer.');
  }, { failed: 'The consult was not cancelled.', action: 'consult', reread: true });
}
