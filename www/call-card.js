// Draws the call card and the consult panel from the watcher's last Call and the last read of the conversation.
import { redact } from './secrets.js';
import {
  STATE_LABEL, addressOf, formatDuration, inferSpeakTo, lastCall, myLeg, otherParty, partyLabel, partyState,
} from './call-view.js';

function span(className, text) {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = redact(text);
  return s;
}

/** How long the agent has been on the call (or was, once it ended); ringing counts from when it was placed. */
export function durationOf(call, me) {
  const mine = lastCall(myLeg(call.conv, me));
  const start = mine?.connectedTime ? Date.parse(mine.connectedTime) : call.placedAt;
  const end = mine?.disconnectedTime ? Date.parse(mine.disconnectedTime) : Date.now();
  return formatDuration(end - start);
}

/** Fills the card: `key` is overallState(); `call` is {id, leg, conv, placedAt} or undefined. */
export function renderCallCard(el, { call, me, key }) {
  el.callState.textContent = STATE_LABEL[key] ?? key;
  el.callState.dataset.state = key;
  el.callEmpty.hidden = !!call;
  el.callDetails.hidden = !call;
  if (!call) return;
  const conv = call.conv;
  el.conversationId.textContent = call.id;
  const other = otherParty(conv, me);
  const label = other ? partyLabel(other, conv, me) : undefined;
  const remote = String(call.leg?.remote ?? '').replace(/^(tel|sip):/, ''); // the watcher's word, before the first read
  el.callParty.textContent = redact(label?.name ?? (remote || (conv ? 'Unknown party' : 'Connecting…')));
  const address = other ? addressOf(other) : '';
  const direction = call.leg?.direction ?? lastCall(myLeg(conv, me))?.direction;
  el.callPartySub.textContent = redact([label?.role, address !== label?.name && address, direction].filter(Boolean).join(' · '));
  el.callTimer.textContent = durationOf(call, me);
  el.parties.replaceChildren(...(conv?.participants ?? []).map((p) => {
    const { role, name } = partyLabel(p, conv, me);
    const st = partyState(p);
    const li = document.createElement('li');
    li.className = 'party';
    li.dataset.purpose = p.purpose ?? '';
    li.dataset.state = st.key;
    const who = document.createElement('span');
    who.className = 'party-who';
    who.append(span('party-role', role), span('party-name', name));
    li.append(who, span(`badge small state-${st.key}`, st.text));
    return li;
  }));
}

/** Shows the consult panel instead of the transfer form while `consult` (a Consult handle) is set. */
export function renderConsult(el, { consult, conv, me }) {
  el.consult.hidden = !consult;
  el.transferForm.hidden = !!consult;
  if (!consult) return;
  const dest = conv?.participants.find((p) => p.id === consult.destinationParticipantId);
  el.consultDest.textContent = redact(dest ? partyLabel(dest, conv, me).name : 'the destination');
  // A handle rebuilt with consultFor() does not know who speaks: read it from the call.
  const speaking = consult.speaking ?? inferSpeakTo(conv, consult);
  for (const b of el.consult.querySelectorAll('button[data-speak]')) b.setAttribute('aria-pressed', String(b.dataset.speak === speaking));
}
