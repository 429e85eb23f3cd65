// Live calls and the token: a token that stops working (401, 403, token
// providers) ends every watcher, and the token is in no socket URL, Call,
// status or error (helpers: watch-harness.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { CallControlError } from 'genesys-callctl';
import { useFake, CHANNELS, g, ctl, notifications, faultOn, requests, privateToken, openSockets, client, watch } from './watch-harness.mjs';

useFake();

// =============================================================================
// 1. a token that stops working ends every watcher
// =============================================================================

test('a string token refused (401) while reconnecting ends every iterator with unauthorized', async () => {
  const t = await privateToken('401');
  const cc = client({ token: t });
  const a = watch(cc);
  const b = watch(cc);
  await a.live();
  await b.live();
  const conv = await g.scenario('agent-alerting');
  await a.next(conv.id, () => true, 'a call before');
  await ctl('POST', '/__control/faults', { match: { path: '/api/v2/*' }, count: 20, fault: { type: 'status', status: 401 } });
  await ctl('POST', '/__control/notifications/drop', { mode: 'terminate' });
  await Promise.all([a.end(15_000), b.end(15_000)]);
  for (const w of [a, b]) {
    assert.ok(w.error instanceof CallControlError, `ended with ${w.error}`);
    assert.equal(w.error.kind, 'unauthorized');
    assert.equal(w.error.status, 401);
    assert.deepEqual(await w.it.next(), { value: undefined, done: true }, 'then done');
  }
  const s = await notifications();
  assert.equal(openSockets(s), 0);
  assert.equal(s.totals.socketOpens, 1, 'no socket after the 401');
});

test('a string token refused (401) at the first step: every iterator rejects with unauthorized, one request', async () => {
  const t = await privateToken('401a');
  await ctl('POST', '/__control/faults', { match: { path: '/api/v2/*' }, count: 1, fault: { type: 'status', status: 401 } });
  const cc = client({ token: t });
  const a = watch(cc);
  const b = watch(cc);
  await Promise.all([a.end(), b.end()]);
  for (const w of [a, b]) assert.equal(w.error?.kind, 'unauthorized');
  const sent = (await ctl('GET', '/__control/requests')).filter((r) => r.headers.authorization === `Bearer ${t}`);
  assert.equal(sent.length, 1, 'a string token gets no second try');
});

test('403 on the subscription ends every iterator with forbidden', async () => {
  await faultOn('subscribe', { type: 'status', status: 403, body: { message: 'missing permission', code: 'notification.unauthorized.topic', status: 403 } });
  const cc = client();
  const a = watch(cc);
  const b = watch(cc);
  await Promise.all([a.end(), b.end()]);
  for (const w of [a, b]) {
    assert.ok(w.error instanceof CallControlError);
    assert.equal(w.error.kind, 'forbidden');
    assert.equal(w.error.status, 403);
  }
  assert.equal((await notifications()).totals.socketOpens, 0);
});

test('a token provider is asked again once after a 401, and the retry uses the new token', async () => {
  const tokens = [];
  for (let i = 0; i < 12; i++) tokens.push(await privateToken(`p${i}`));
  let asked = 0;
  const cc = client({ token: () => tokens[asked++] });
  await faultOn('create-channel', { type: 'status', status: 401 });
  const w = watch(cc);
  await w.live();
  const posts = await requests('POST', CHANNELS);
  assert.equal(posts.length, 2);
  const [first, second] = posts.map((r) => tokens.indexOf(r.headers.authorization.replace('Bearer ', '')));
  assert.ok(first >= 0 && second === first + 1, `the retry used the next token the provider gave (${first} then ${second})`);
  assert.equal(w.error, undefined);
});

test('a token provider whose token stays refused: asked once more, then unauthorized', async () => {
  const t = await privateToken('prov');
  let asked = 0;
  const cc = client({ token: () => { asked++; return t; } });
  await faultOn('create-channel', { type: 'status', status: 401 }, 5);
  const w = watch(cc);
  await w.end(15_000);
  assert.equal(w.error?.kind, 'unauthorized');
  assert.equal((await requests('POST', CHANNELS)).length, 2, 'the original and one retry after asking again');
  await ctl('DELETE', '/__control/faults');
  assert.ok(asked >= 2);
});

// =============================================================================
// 2. secrecy
// =============================================================================

test('the token is in no socket URL, Call, status or error', async () => {
  const secret = await privateToken('secret-abcdef0123456789');
  const urls = [];
  class RecordingWebSocket extends WebSocket {
    constructor(url, ...rest) {
      super(url, ...rest);
      urls.push(String(url));
    }
  }
  const cc = client({ token: secret, WebSocket: RecordingWebSocket });
  const w = watch(cc);
  await w.live();
  const conv = await g.scenario('agent-alerting');
  await w.next(conv.id, () => true, 'alerting');
  await ctl('POST', '/__control/notifications/drop', { mode: 'terminate' });
  await w.live(2, 15_000);
  const s = await notifications();
  assert.equal(urls.length, 2);
  for (const u of urls) {
    assert.match(u, /^ws:\/\/127\.0\.0\.1:\d+\/channels\/streaming-0-[a-z0-9]{26}$/, 'the connectUri as the fake gave it');
    assert.ok(!u.includes(secret));
  }
  assert.equal(new URL(urls[0]).pathname, `/channels/${s.channels[0].id}`);
  // The REST steps carry it only as the Authorization header.
  for (const r of await ctl('GET', '/__control/requests')) {
    assert.ok(!r.path.includes(secret) && !JSON.stringify(r.query).includes(secret) && !JSON.stringify(r.body ?? null).includes(secret));
  }
  // An error after the token is refused.
  await ctl('POST', '/__control/faults', { match: { path: '/api/v2/*' }, count: 20, fault: { type: 'status', status: 401, body: { message: `bad token ${secret}`, code: 'bad.credentials', status: 401 } } });
  await ctl('POST', '/__control/notifications/drop', { mode: 'terminate' });
  await w.end(15_000);
  assert.equal(w.error?.kind, 'unauthorized');
  for (const text of [JSON.stringify(w.calls), JSON.stringify(w.statuses), String(w.error), w.error.stack, JSON.stringify(w.error), w.error.message]) {
    assert.ok(!String(text).includes(secret), `the token leaked into ${String(text).slice(0, 200)}`);
  }
});
