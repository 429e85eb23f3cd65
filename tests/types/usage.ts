// Typed usages of the public API. `tsc -p tests/types` must pass: every
// correct line compiles and every `@ts-expect-error` line is really an error.
import { dial, transfer, CallControl, CallControlError, Consult, init, normalizePhoneNumber } from 'genesys-callctl';
import type { ErrorKind, SpeakTo, TransferTarget, DialResult, Call, CallState, WatchStatus } from 'genesys-callctl';

declare const token: string;
declare const getToken: () => Promise<string>;

export async function correct(): Promise<void> {
  const r: DialResult = await dial({ token, region: 'usw2.pure.cloud', phoneNumber: '+1 (317) 555-0100' });
  await transfer({ token, region: 'us-west-2', conversationId: r.conversationId, to: { queueName: 'Support Tier 2' } });
  const cc = new CallControl({
    apiBase: 'http://127.0.0.1:8081',
    token: getToken,
    retry: 3,
    timeoutMs: 5000,
    onRequest: (e) => console.log(e.method, e.path, e.status ?? 'no response', e.attempt, e.outcome === 'ok' ? e.ms : e.outcome),
  });
  await cc.dial({ callUserId: 'x', attributes: { crm: '1' }, signal: AbortSignal.timeout(1000) });
  const t = await cc.transfer({ conversationId: 'c', to: { contactId: 'k', phoneType: 'CellPhone' } });
  const q: string | undefined = t.queueId;
  const consult: Consult = await cc.consult({ conversationId: 'c', to: { userId: 'u' }, speakTo: 'both' });
  const who: SpeakTo | undefined = consult.speaking;
  await consult.speakTo('object');
  await consult.complete();
  await (await cc.consultFor('c')).cancel();
  await cc.hold('c', true);
  await cc.mute('c');
  await cc.hangUp('c', { participantId: 'p' });
  const me = await cc.me();
  const name: string | undefined = me.name;
  const conv = await cc.conversation('c');
  const state: string | undefined = conv.participants[0]?.calls?.[0]?.state;
  const queues = await cc.findQueues('Support*');
  const id: string = queues[0]!.id;
  await init();
  const e164: string = normalizePhoneNumber('+1 317 555 0100');
  try {
    await cc.me();
  } catch (e) {
    if (e instanceof CallControlError) {
      const kind: ErrorKind = e.kind;
      const applied: boolean = e.maybeApplied;
      const retry: number | undefined = e.retryAfterMs;
      void [kind, applied, retry];
    }
  }
  const live: Call[] = await cc.calls();
  const answered: { conversationId: string; participantId: string } = await cc.answer('c', { participantId: 'p' });
  const ac = new AbortController();
  const statuses: WatchStatus[] = [];
  for await (const call of cc.watchCalls({ signal: ac.signal, onStatus: (s) => statuses.push(s) })) {
    const s: CallState = call.state;
    const remote: string | null = call.remote;
    if (call.held && call.direction === 'inbound') break;
    void [s, remote];
  }
  class FakeSocket {
    constructor(readonly url: string) {}
  }
  new CallControl({ region: 'mypurecloud.com', token, WebSocket: FakeSocket, heartbeatTimeoutMs: 60000 });
  void [q, who, name, state, id, e164, live, answered];
}

export async function wrong(cc: CallControl): Promise<void> {
  // @ts-expect-error region and apiBase together
  new CallControl({ token, region: 'mypurecloud.com', apiBase: 'https://proxy.example.com' });
  // @ts-expect-error an unknown region
  new CallControl({ token, region: 'mypurecloud.org' });
  // @ts-expect-error token is required
  new CallControl({ region: 'mypurecloud.com' });
  // @ts-expect-error two destinations
  await cc.dial({ phoneNumber: '+13175550100', callUserId: 'u' });
  // @ts-expect-error no destination
  await cc.dial({ callerId: '+13175550100' });
  // @ts-expect-error two targets
  const two: TransferTarget = { queueId: 'q', userId: 'u' };
  // @ts-expect-error contactId needs phoneType
  await cc.transfer({ conversationId: 'c', to: { contactId: 'k' } });
  // @ts-expect-error phoneType must be one of the four
  await cc.transfer({ conversationId: 'c', to: { contactId: 'k', phoneType: 'Mobile' } });
  // @ts-expect-error speakTo is a fixed set
  await cc.consult({ conversationId: 'c', to: { queueId: 'q' }, speakTo: 'everyone' });
  // @ts-expect-error attributes are strings
  await cc.dial({ phoneNumber: '+13175550100', attributes: { n: 1 } });
  // @ts-expect-error kind is a closed union
  const k: ErrorKind = 'oops';
  // @ts-expect-error onRequest takes an event
  new CallControl({ region: 'mypurecloud.com', token, onRequest: (e: string) => e });
  // @ts-expect-error the token provider returns a string
  new CallControl({ region: 'mypurecloud.com', token: () => 42 });
  // @ts-expect-error a Call's state is a closed union
  const st: CallState = 'ringing';
  // @ts-expect-error watchCalls is an async iterator, not a promise
  await cc.watchCalls().then(() => 1);
  // @ts-expect-error onStatus is told a status string
  cc.watchCalls({ onStatus: (s: number) => s });
  // @ts-expect-error WebSocket is a constructor
  new CallControl({ region: 'mypurecloud.com', token, WebSocket: 'ws' });
  void [two, k, st];
}
