'use strict';
// Protocol-level tests of the local server, without the official client: HTTP status codes and
// bodies, the JoinResponse, participant updates and their versions, keepalive, knobs, resume,
// v0 subscriber offers, data forwarding rules (with a raw libwebrtc client).
const test = require('node:test');
const assert = require('node:assert/strict');
const { SignJWT } = require('jose');
const { startServer, control, token, waitFor, v1Url, SignalClient, WrtcClient, P } = require('./helpers');

let srv;
let info;
let roomNo = 0;
const room = () => `proto-${process.pid}-${++roomNo}`;

test.before(async () => {
  srv = await startServer(['--departure-timeout', '3000']);
  info = srv.info;
});

test.after(async () => {
  if (srv) await srv.stop();
});

test.afterEach(async () => {
  await control(info, 'reset');
});

function joinRequest({ clientProtocol = 0, metadata, attributes, reconnect = false, participantSid = '' } = {}) {
  return new P.JoinRequest({
    clientInfo: new P.ClientInfo({ sdk: P.ClientInfo_SDK.JS, version: '2.0.0', protocol: 16, clientProtocol, os: 'linux' }),
    connectionSettings: new P.ConnectionSettings({ autoSubscribe: true }),
    metadata: metadata || '',
    participantAttributes: attributes || {},
    reconnect,
    participantSid,
  });
}

async function joinV1(identity, roomName, opts = {}) {
  const tok = opts.token || (await token(info, identity, roomName, opts.tokenOpts));
  const c = new SignalClient(v1Url(info, joinRequest(opts), { gzip: opts.gzip !== false }), tok);
  await c.opened;
  c.join = await c.next('join');
  return c;
}

async function httpGet(path, tok) {
  const res = await fetch(`http://127.0.0.1:${info.port}${path}`, { headers: tok ? { Authorization: 'Bearer ' + tok } : {} });
  return { status: res.status, body: await res.text() };
}

async function rawToken(claims, { secret = info.apiSecret, exp = true } = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(info.apiKey).setNotBefore(Math.floor(Date.now() / 1000) - 10);
  if (exp === true) jwt = jwt.setExpirationTime('1h');
  else if (typeof exp === 'number') jwt = jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(secret));
}

async function upgradeError(path, tok) {
  const c = new SignalClient(`${info.url}${path}`, tok);
  try {
    await c.opened;
    c.close();
    return null;
  } catch (e) {
    return { status: e.status, body: e.body };
  }
}

test('CLI prints its JSON line first and stops on stdin close and on SIGTERM', async () => {
  const a = await startServer();
  assert.match(a.info.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(a.info.port, Number(a.info.url.split(':')[2]));
  assert.ok(a.info.apiKey && a.info.apiSecret);
  assert.equal(a.info.controlUrl, `http://127.0.0.1:${a.info.port}/_test`);
  a.proc.stdin.end();
  const r = await Promise.race([a.exited, new Promise((res) => setTimeout(() => res('timeout'), 5000))]);
  assert.notEqual(r, 'timeout', 'server did not stop when stdin closed');
  assert.equal(r.code, 0);
  const b = await startServer();
  const r2 = await b.stop();
  assert.equal(r2.code, 0);
});

test('validate endpoints answer 200 success for a good token', async () => {
  const tok = await token(info, 'v', room());
  for (const path of ['/rtc/validate', '/rtc/v1/validate']) {
    const r = await httpGet(path, tok);
    assert.deepEqual(r, { status: 200, body: 'success' }, path);
  }
  const q = await fetch(`http://127.0.0.1:${info.port}/rtc/validate?access_token=${tok}`);
  assert.equal(q.status, 200);
});

test('token errors give 401 with the reason, on validate and on the WebSocket upgrade', async () => {
  const r = room();
  const cases = [
    ['no token', null, /authorization token missing/],
    ['bad signature', await rawToken({ sub: 'x', video: { roomJoin: true, room: r } }, { secret: 'wrong-secret-wrong-secret-wrong-00' }), /invalid token: .*signature/],
    ['expired', await rawToken({ sub: 'x', video: { roomJoin: true, room: r } }, { exp: Math.floor(Date.now() / 1000) - 3600 }), /invalid token: .*exp/],
    ['no exp', await rawToken({ sub: 'x', video: { roomJoin: true, room: r } }, { exp: false }), /invalid token: .*"exp"/],
    ['no roomJoin grant', await rawToken({ sub: 'x', video: { room: r } }), /no roomJoin grant/],
    ['no room', await rawToken({ sub: 'x', video: { roomJoin: true } }), /names no room/],
    ['not a JWT', 'not-a-jwt', /invalid token/],
  ];
  for (const [what, tok, re] of cases) {
    for (const path of ['/rtc/validate', '/rtc/v1/validate']) {
      const res = await httpGet(path, tok);
      assert.equal(res.status, 401, `${what} ${path}`);
      assert.match(res.body, re, `${what} ${path}`);
    }
    const up = await upgradeError('/rtc/v1?join_request=' + Buffer.from(new P.WrappedJoinRequest({ joinRequest: joinRequest().toBinary() }).toBinary()).toString('base64url'), tok);
    assert.ok(up, what + ': upgrade succeeded');
    assert.equal(up.status, 401, what);
    assert.match(up.body, re, what);
  }
  // No identity: 400, as livekit-server answers.
  const noId = await rawToken({ video: { roomJoin: true, room: r } });
  assert.deepEqual(await httpGet('/rtc/validate', noId), { status: 400, body: 'identity cannot be empty' });
  // A plain GET on the WebSocket route: empty 404.
  assert.deepEqual(await httpGet('/rtc/v1', await token(info, 'x', r)), { status: 404, body: '' });
  // The token in the query works like the header.
  const good = await token(info, 'q', r);
  const c = new SignalClient(`${info.url}/rtc?access_token=${good}&protocol=16`, null);
  await c.opened;
  await c.next('join');
  c.close();
});

test('v1-404 knob: /rtc/v1 and its validate answer 404, /rtc keeps working', async () => {
  const tok = await token(info, 'f', room());
  await control(info, 'v1-404', { enabled: true });
  assert.equal((await httpGet('/rtc/v1/validate', tok)).status, 404);
  assert.doesNotMatch((await httpGet('/rtc/v1/validate', tok)).body, /requested room does not exist/);
  assert.equal((await httpGet('/rtc/validate', tok)).status, 200);
  const up = await upgradeError('/rtc/v1?join_request=AA', tok);
  assert.equal(up.status, 404);
  await control(info, 'v1-404', { enabled: false });
  assert.equal((await httpGet('/rtc/v1/validate', tok)).status, 200);
});

test('refuse knob refuses joins with the chosen status, count times', async () => {
  const r = room();
  await control(info, 'refuse', { status: 503, body: 'busy', count: 1 });
  const tok = await token(info, 'z', r);
  const up = await upgradeError('/rtc/v1?join_request=' + Buffer.from(new P.WrappedJoinRequest({ joinRequest: joinRequest().toBinary() }).toBinary()).toString('base64url'), tok);
  assert.deepEqual(up, { status: 503, body: 'busy' });
  const c = await joinV1('z', r);
  assert.ok(c.join.participant.sid.startsWith('PA_'));
  c.close();
  await control(info, 'refuse', { status: 403 });
  assert.equal((await httpGet('/rtc/validate', tok)).status, 403);
  assert.equal((await httpGet('/rtc/validate', tok)).status, 403);
  await control(info, 'refuse', { status: 0 });
  assert.equal((await httpGet('/rtc/validate', tok)).status, 200);
});

test('v1 join (GZIP and NONE) gets a complete JoinResponse', async () => {
  const r = room();
  for (const gzip of [true, false]) {
    const id = gzip ? 'gz' : 'plain';
    const c = await joinV1(id, r, { gzip, clientProtocol: 2, metadata: 'm-' + id, attributes: { a: '1' }, tokenOpts: { name: 'Name ' + id } });
    const j = c.join;
    assert.match(j.room.sid, /^RM_/);
    assert.equal(j.room.name, r);
    assert.match(j.participant.sid, /^PA_/);
    assert.equal(j.participant.identity, id);
    assert.equal(j.participant.name, 'Name ' + id);
    assert.equal(j.participant.metadata, 'm-' + id);
    assert.deepEqual({ ...j.participant.attributes }, { a: '1' });
    assert.equal(j.participant.clientProtocol, 2);
    assert.ok(j.participant.version >= 1);
    assert.ok(j.participant.permission.canPublish && j.participant.permission.canUpdateMetadata);
    assert.equal(j.pingInterval, 5);
    assert.equal(j.pingTimeout, 15);
    assert.equal(j.subscriberPrimary, false);
    assert.ok(j.serverInfo && j.serverInfo.version);
    assert.deepEqual(j.iceServers, []);
    if (!gzip) assert.deepEqual(j.otherParticipants.map((o) => o.identity), ['gz']);
    c.close();
  }
});

test('participants see each other join, update metadata with increasing versions, and leave', async () => {
  const r = room();
  const a = await joinV1('a', r);
  const b = await joinV1('b', r);
  assert.deepEqual(b.join.otherParticipants.map((o) => o.identity), ['a']);
  const joined = await a.next('update', 5000, (u) => u.participants.some((p) => p.identity === 'b'));
  const bSid = joined.participants.find((p) => p.identity === 'b').sid;
  const roomUpdate = await a.next('roomUpdate', 5000, (u) => u.room.numParticipants === 2);
  assert.equal(roomUpdate.room.name, r);

  b.send('updateMetadata', new P.UpdateParticipantMetadata({ metadata: 'one', requestId: 7 }));
  b.send('updateMetadata', new P.UpdateParticipantMetadata({ name: 'Bee', attributes: { k: 'v', x: 'y' }, requestId: 8 }));
  b.send('updateMetadata', new P.UpdateParticipantMetadata({ attributes: { x: '' }, requestId: 9 }));
  const rr = await b.next('requestResponse', 5000, (x) => x.requestId === 9);
  assert.equal(rr.reason, P.RequestResponse_Reason.OK);
  const final = await a.next('update', 5000, (u) => u.participants.some((p) => p.sid === bSid && p.attributes.k === 'v' && !('x' in p.attributes)));
  const seen = a.all.filter((m) => m.case === 'update').flatMap((m) => m.value.participants).filter((p) => p.sid === bSid);
  const versions = seen.map((p) => p.version);
  for (let i = 1; i < versions.length; i++) assert.ok(versions[i] > versions[i - 1], 'versions increase: ' + versions.join(','));
  const last = final.participants.find((p) => p.sid === bSid);
  assert.equal(last.metadata, 'one');
  assert.equal(last.name, 'Bee');
  // b sees its own updates too.
  await b.next('update', 5000, (u) => u.participants.some((p) => p.sid === bSid && p.name === 'Bee'));

  b.send('leave', new P.LeaveRequest({ reason: P.DisconnectReason.CLIENT_INITIATED, action: P.LeaveRequest_Action.DISCONNECT }));
  const left = await a.next('update', 5000, (u) => u.participants.some((p) => p.sid === bSid && p.state === P.ParticipantInfo_State.DISCONNECTED));
  const lp = left.participants.find((p) => p.sid === bSid);
  assert.equal(lp.disconnectReason, P.DisconnectReason.CLIENT_INITIATED);
  assert.ok(lp.version > last.version);
  a.close();
  b.close();
});

test('update_metadata without the grant is refused with NOT_ALLOWED', async () => {
  const r = room();
  const c = await joinV1('nogrant', r, { tokenOpts: { grant: { roomJoin: true, room: r } } });
  c.send('updateMetadata', new P.UpdateParticipantMetadata({ metadata: 'x', requestId: 3 }));
  const rr = await c.next('requestResponse');
  assert.equal(rr.reason, P.RequestResponse_Reason.NOT_ALLOWED);
  const st = await control(info, 'state');
  assert.equal(st.state.rooms.find((x) => x.name === r).participants[0].metadata, '');
  c.close();
});

test('ping_req gets pong_resp, ping gets pong; pongs can be dropped and delayed', async () => {
  const r = room();
  const c = await joinV1('pinger', r);
  c.send('pingReq', new P.Ping({ timestamp: 1234n, rtt: 5n }));
  const pong = await c.next('pongResp');
  assert.equal(pong.lastPingTimestamp, 1234n);
  assert.ok(pong.timestamp > 0n);
  c.send('ping', 99n);
  assert.ok((await c.next('pong')) > 0n);

  await control(info, 'impair', { identity: 'pinger', what: 'pongs', mode: 'drop' });
  c.send('pingReq', new P.Ping({ timestamp: 2n }));
  await assert.rejects(c.next('pongResp', 700));
  // Other messages still flow while pongs are dropped.
  c.send('updateMetadata', new P.UpdateParticipantMetadata({ metadata: 'still', requestId: 1 }));
  await c.next('requestResponse');

  await control(info, 'impair', { identity: 'pinger', what: 'pongs', mode: 'delay', delayMs: 600 });
  const t0 = Date.now();
  c.send('pingReq', new P.Ping({ timestamp: 3n }));
  const late = await c.next('pongResp', 3000, (p) => p.lastPingTimestamp === 3n);
  assert.ok(Date.now() - t0 >= 550, 'pong delayed');
  assert.equal(late.lastPingTimestamp, 3n);

  await control(info, 'impair', { identity: 'pinger', what: 'all', mode: 'drop' });
  c.send('pingReq', new P.Ping({ timestamp: 4n }));
  c.send('updateMetadata', new P.UpdateParticipantMetadata({ metadata: 'x2', requestId: 2 }));
  await assert.rejects(c.next('requestResponse', 700));
  await control(info, 'impair', { identity: 'pinger', what: 'all', mode: 'none' });
  c.send('pingReq', new P.Ping({ timestamp: 5n }));
  await c.next('pongResp', 2000, (p) => p.lastPingTimestamp === 5n);
  c.close();
});

test('server leave knobs send the action; RECONNECT and DISCONNECT remove the participant', async () => {
  const r = room();
  const obs = await joinV1('obs', r);
  for (const action of ['RESUME', 'RECONNECT', 'DISCONNECT']) {
    const id = 'l-' + action.toLowerCase();
    const c = await joinV1(id, r);
    const sid = c.join.participant.sid;
    await control(info, 'leave', { identity: id, action, reason: 'PARTICIPANT_REMOVED' });
    const leave = await c.next('leave');
    assert.equal(leave.action, P.LeaveRequest_Action[action]);
    assert.equal(leave.reason, P.DisconnectReason.PARTICIPANT_REMOVED);
    assert.equal(leave.canReconnect, action !== 'DISCONNECT');
    const st = (await control(info, 'state')).state.rooms.find((x) => x.name === r);
    const still = st.participants.some((p) => p.sid === sid);
    assert.equal(still, action === 'RESUME', action);
    if (action !== 'RESUME') {
      await obs.next('update', 3000, (u) => u.participants.some((p) => p.sid === sid && p.state === P.ParticipantInfo_State.DISCONNECTED));
    }
    c.close();
  }
  obs.close();
});

test('resume after a dropped WebSocket: reconnect response with last_message_seq, sync_state accepted', async () => {
  const r = room();
  const other = await joinV1('other', r);
  const c = await joinV1('res', r);
  const sid = c.join.participant.sid;
  await control(info, 'drop', { identity: 'res' });
  await c.closed;
  let st = (await control(info, 'state')).state.rooms.find((x) => x.name === r);
  const p = st.participants.find((x) => x.identity === 'res');
  assert.equal(p.signalConnected, false);
  const tok = await token(info, 'res', r);
  const c2 = new SignalClient(v1Url(info, joinRequest({ reconnect: true, participantSid: sid }), { gzip: false }), tok);
  await c2.opened;
  const rec = await c2.next('reconnect');
  assert.equal(rec.lastMessageSeq, 0);
  c2.send('syncState', new P.SyncState({}));
  c2.send('pingReq', new P.Ping({ timestamp: 10n }));
  await c2.next('pongResp');
  st = (await control(info, 'state')).state.rooms.find((x) => x.name === r);
  const after = st.participants.find((x) => x.identity === 'res');
  assert.equal(after.sid, sid, 'same participant after resume');
  assert.equal(after.signalConnected, true);
  assert.equal((await control(info, 'state')).state.counters.resumes >= 1, true);
  // The other participant never saw it leave.
  assert.ok(!other.all.some((m) => m.case === 'update' && m.value.participants.some((x) => x.sid === sid && x.state === P.ParticipantInfo_State.DISCONNECTED)));
  c2.close();
  other.close();
});

test('resume of an unknown participant gets leave RECONNECT; a participant that never resumes departs', async () => {
  const r = room();
  const tok = await token(info, 'ghost', r);
  const c = new SignalClient(v1Url(info, joinRequest({ reconnect: true, participantSid: 'PA_nothere' }), { gzip: false }), tok);
  await c.opened;
  const leave = await c.next('leave');
  assert.equal(leave.action, P.LeaveRequest_Action.RECONNECT);
  c.close();

  const obs = await joinV1('watcher', r);
  const d = await joinV1('departs', r);
  const sid = d.join.participant.sid;
  d.close();
  const t0 = Date.now();
  await obs.next('update', 8000, (u) => u.participants.some((p) => p.sid === sid && p.state === P.ParticipantInfo_State.DISCONNECTED));
  assert.ok(Date.now() - t0 >= 2000, 'kept for the departure timeout');
  obs.close();
});

test('the same identity joining again replaces the old session', async () => {
  const r = room();
  const obs = await joinV1('o', r);
  const first = await joinV1('dup', r);
  const second = await joinV1('dup', r);
  const leave = await first.next('leave');
  assert.equal(leave.reason, P.DisconnectReason.DUPLICATE_IDENTITY);
  assert.notEqual(second.join.participant.sid, first.join.participant.sid);
  const st = (await control(info, 'state')).state.rooms.find((x) => x.name === r);
  assert.deepEqual(st.participants.map((p) => p.identity).sort(), ['dup', 'o']);
  assert.equal(st.participants.find((p) => p.identity === 'dup').sid, second.join.participant.sid);
  await obs.next('update', 3000, (u) => u.participants.some((p) => p.sid === first.join.participant.sid && p.state === P.ParticipantInfo_State.DISCONNECTED));
  obs.close();
  first.close();
  second.close();
});

test('a participant alone in its room rejoining with the same identity keeps the room', async () => {
  const r = room();
  const first = await joinV1('solo', r);
  const second = await joinV1('solo', r);
  assert.equal((await first.next('leave')).reason, P.DisconnectReason.DUPLICATE_IDENTITY);
  assert.equal(second.join.room.sid, first.join.room.sid);
  const st = (await control(info, 'state')).state.rooms.find((x) => x.name === r);
  assert.deepEqual(st.participants.map((p) => p.sid), [second.join.participant.sid]);
  assert.equal((await control(info, 'drop', { identity: 'solo', room: r })).dropped, true);
  first.close();
  second.close();
});

test('refresh-token knob sends a token the server accepts', async () => {
  const r = room();
  const c = await joinV1('fresh', r);
  const res = await control(info, 'refresh-token', { identity: 'fresh' });
  const t = await c.next('refreshToken');
  assert.equal(t, res.token);
  assert.equal((await httpGet('/rtc/validate', t)).status, 200);
  await control(info, 'refresh-token', { identity: 'fresh', token: 'given' });
  assert.equal(await c.next('refreshToken'), 'given');
  c.close();
});

test('control token endpoint mints a working token; unknown participants give 404', async () => {
  const r = room();
  const res = await control(info, 'token', { identity: 'minted', room: r });
  assert.equal((await httpGet('/rtc/validate', res.token)).status, 200);
  const bad = await fetch(`${info.controlUrl}/drop`, { method: 'POST', body: JSON.stringify({ identity: 'nobody' }) });
  assert.equal(bad.status, 404);
  assert.equal((await bad.json()).ok, false);
});

test('v0 join: subscriber_primary JoinResponse, then a subscriber offer with data channels and loopback only', async () => {
  const r = room();
  const tok = await token(info, 'old', r);
  const c = new SignalClient(`${info.url}/rtc?access_token=${tok}&protocol=16&sdk=js&version=1.0.0&client_protocol=1&auto_subscribe=1`, null);
  await c.opened;
  const j = await c.next('join');
  assert.equal(j.subscriberPrimary, true);
  assert.equal(j.participant.clientProtocol, 1);
  const offer = await c.next('offer');
  assert.equal(offer.type, 'offer');
  assert.match(offer.sdp, /m=application \d+ UDP\/DTLS\/SCTP webrtc-datachannel/);
  for (const line of offer.sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:'))) assert.match(line.split(' ')[4], /^127\./);
  // Answer it with a real peer; the server's subscriber PC connects and its channels open.
  const { RTCPeerConnection } = require('@roamhq/wrtc');
  const pc = new RTCPeerConnection({ iceServers: [] });
  const labels = [];
  pc.ondatachannel = (ev) => labels.push(ev.channel.label);
  c.listeners.push((m) => { if (m.case === 'trickle' && m.value.target === P.SignalTarget.SUBSCRIBER) pc.addIceCandidate(JSON.parse(m.value.candidateInit)).catch(() => {}); });
  for (const m of c.all.filter((x) => x.case === 'trickle' && x.value.target === P.SignalTarget.SUBSCRIBER)) await pc.addIceCandidate(JSON.parse(m.value.candidateInit)).catch(() => {});
  pc.onicecandidate = (ev) => {
    if (ev.candidate && ev.candidate.candidate && /^candidate:\S+ \d+ udp \d+ 127\./i.test(ev.candidate.candidate)) {
      c.send('trickle', new P.TrickleRequest({ candidateInit: JSON.stringify({ candidate: ev.candidate.candidate, sdpMid: ev.candidate.sdpMid, sdpMLineIndex: ev.candidate.sdpMLineIndex }), target: P.SignalTarget.SUBSCRIBER }));
    }
  };
  await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  c.send('answer', new P.SessionDescription({ type: 'answer', sdp: require('./helpers').stripSdp(pc.localDescription.sdp) }));
  await waitFor(() => labels.includes('_reliable') && labels.includes('_lossy'), 10000, 'server channels');
  await waitFor(async () => (await control(info, 'state')).state.rooms.find((x) => x.name === r).participants[0].subscriberPc === 'connected', 10000, 'subscriber pc');
  pc.close();
  c.close();
});

test('data: forwarded with sender identity and sid, destinations honoured, routed by label, reliable duplicates dropped', async () => {
  const r = room();
  const a = await WrtcClient.join(info, 'da', r);
  const b = await WrtcClient.join(info, 'db', r);
  const cc = await WrtcClient.join(info, 'dc', r);
  const aSid = a.joinResponse.participant.sid;
  for (const c of [a, b, cc]) {
    const order = c.sig.all.map((m) => m.case);
    assert.ok(order.includes('trickle'), 'the server trickles its candidates');
    assert.ok(order.indexOf('trickle') > order.indexOf('answer'), 'no trickle before the answer: ' + order.join(','));
    for (const m of c.sig.all.filter((x) => x.case === 'trickle')) {
      const init = JSON.parse(m.value.candidateInit);
      assert.deepEqual(Object.keys(init).sort(), ['candidate', 'sdpMLineIndex', 'sdpMid']);
      assert.match(init.candidate.split(' ')[4], /^127\./);
      assert.equal(m.value.target, P.SignalTarget.PUBLISHER);
    }
  }
  const user = (s, topic) => ({ case: 'user', value: new P.UserPacket({ payload: Buffer.from(s), topic }) });
  // Sequences 1, 2, 2 (duplicate), 1 (old), 3 on _reliable; kind deliberately inverted (LOSSY).
  for (const [seq, s] of [[1, 'r1'], [2, 'r2'], [2, 'r2-dup'], [1, 'r1-old'], [3, 'r3']]) {
    a.send('_reliable', { kind: P.DataPacket_Kind.LOSSY, sequence: seq, value: user(s, 'rel') });
  }
  // Lossy with kind RELIABLE: still delivered on _lossy.
  a.send('_lossy', { kind: P.DataPacket_Kind.RELIABLE, value: user('l1', 'lossy') });
  // To dc only.
  a.send('_reliable', { sequence: 4, destinationIdentities: ['dc'], value: user('only-c', 'dest') });
  await waitFor(() => cc.received.length >= 5, 5000, 'dc gets 5 packets');
  await waitFor(() => b.received.length >= 4, 5000, 'db gets 4 packets');
  await new Promise((res) => setTimeout(res, 300));
  const text = (c, label) => c.received.filter((x) => x.label === label).map((x) => Buffer.from(x.pkt.value.value.payload).toString());
  assert.deepEqual(text(b, '_reliable'), ['r1', 'r2', 'r3']);
  assert.deepEqual(text(b, '_lossy'), ['l1']);
  assert.deepEqual(text(cc, '_reliable'), ['r1', 'r2', 'r3', 'only-c']);
  for (const x of [...b.received, ...cc.received]) {
    assert.equal(x.pkt.participantIdentity, 'da');
    assert.equal(x.pkt.participantSid, aSid);
  }
  assert.equal(b.received.find((x) => x.label === '_reliable').pkt.value.value.topic, 'rel');
  assert.equal(a.received.length, 0, 'no echo to the sender');
  const st = (await control(info, 'state')).state.rooms.find((x) => x.name === r);
  const pa = st.participants.find((x) => x.identity === 'da');
  assert.equal(pa.stats.duplicatesDropped, 2);
  assert.equal(pa.lastReceivedReliableSeq, 4);
  // Resume reports the last reliable sequence received.
  a.sig.close();
  await a.sig.closed;
  const tok = await token(info, 'da', r);
  const s2 = new SignalClient(v1Url(info, joinRequest({ reconnect: true, participantSid: aSid }), { gzip: false }), tok);
  await s2.opened;
  assert.equal((await s2.next('reconnect')).lastMessageSeq, 4);
  s2.close();
  for (const c of [a, b, cc]) c.close();
});

test('restart knob closes everything and comes back on the same port', async () => {
  const r = room();
  const c = await joinV1('rs', r);
  const before = info.port;
  await control(info, 'restart', { downMs: 300 });
  await c.closed;
  await waitFor(async () => {
    try { return (await fetch(`http://127.0.0.1:${before}/`)).status === 200; } catch (_) { return false; }
  }, 5000, 'server back');
  const st = (await control(info, 'state')).state;
  assert.equal(st.port, before);
  assert.equal(st.rooms.length, 0);
  const c2 = await joinV1('rs', r);
  assert.match(c2.join.participant.sid, /^PA_/);
  c2.close();
});

test('room-metadata knob sends room_update; resume knob off forces a full rejoin', async () => {
  const r = room();
  const c = await joinV1('rm', r);
  await control(info, 'room-metadata', { room: r, metadata: 'hello room' });
  const u = await c.next('roomUpdate', 3000, (x) => x.room.metadata === 'hello room');
  assert.equal(u.room.name, r);
  await control(info, 'resume', { enabled: false });
  const sid = c.join.participant.sid;
  await control(info, 'drop', { identity: 'rm' });
  await c.closed;
  const tok = await token(info, 'rm', r);
  const c2 = new SignalClient(v1Url(info, joinRequest({ reconnect: true, participantSid: sid }), { gzip: false }), tok);
  await c2.opened;
  assert.equal((await c2.next('leave')).action, P.LeaveRequest_Action.RECONNECT);
  c2.close();
});

test('CLI options: --stun is echoed in ice_servers, --refresh-token-interval sends tokens, --key/--secret are used; token.js signs for the default key', async () => {
  const other = await startServer(['--stun', 'stun:127.0.0.1:3478', '--refresh-token-interval', '300', '--key', 'k2', '--secret', 'another-secret-another-secret-000']);
  try {
    assert.equal(other.info.apiKey, 'k2');
    const r = room();
    const tok = await token(other.info, 'cli', r);
    const c = new SignalClient(v1Url(other.info, joinRequest()), tok);
    await c.opened;
    const j = await c.next('join');
    assert.deepEqual(j.iceServers.map((s) => [...s.urls]), [['stun:127.0.0.1:3478']]);
    const fresh = await c.next('refreshToken', 3000);
    assert.ok(fresh.split('.').length === 3);
    c.close();
    // A token for the default server key is refused here.
    const wrong = await token(info, 'cli', r);
    const res = await fetch(`http://127.0.0.1:${other.info.port}/rtc/validate`, { headers: { Authorization: 'Bearer ' + wrong } });
    assert.equal(res.status, 401);
  } finally {
    await other.stop();
  }
  const { execFileSync } = require('child_process');
  const jwt = execFileSync(process.execPath, [require('path').join(__dirname, '..', 'token.js'), '--identity', 'shell', '--room', 'x', '--attr', 'a=b']).toString().trim();
  assert.equal((await httpGet('/rtc/validate', jwt)).status, 200);
});

test('stress: 150 join/leave/drop cycles of one identity, 20 with peer connections, leave one participant and a live server', async () => {
  const r = room();
  const tok = await token(info, 'cycler', r);
  for (let i = 0; i < 150; i++) {
    const c = new SignalClient(v1Url(info, joinRequest()), tok);
    await c.opened;
    await c.next('join');
    if (i % 3 === 0) await control(info, 'drop', { identity: 'cycler', room: r });
    else if (i % 3 === 1) c.send('leave', new P.LeaveRequest({ reason: P.DisconnectReason.CLIENT_INITIATED }));
    else c.close();
    await c.closed.catch(() => {});
  }
  const r2 = room();
  for (let i = 0; i < 20; i++) {
    const c = await WrtcClient.join(info, 'pc-cycler', r2);
    if (i % 2) await control(info, 'drop', { identity: 'pc-cycler', room: r2 });
    c.close();
  }
  const st = (await control(info, 'state')).state;
  assert.ok(st.rooms.find((x) => x.name === r).participants.length <= 1);
  assert.ok(st.rooms.find((x) => x.name === r2).participants.length <= 1);
  const c = await joinV1('after-stress', r);
  c.send('pingReq', new P.Ping({ timestamp: 1n }));
  await c.next('pongResp');
  c.close();
});

test('a bad offer is reported in the participant\'s events and error count', async () => {
  const r = room();
  const c = await joinV1('badsdp', r);
  c.send('offer', new P.SessionDescription({ type: 'offer', sdp: 'v=0\r\nthis is not sdp\r\n', id: 5 }));
  await waitFor(async () => {
    const p = (await control(info, 'state', { events: true })).state.rooms.find((x) => x.name === r).participants[0];
    return p.stats.errors === 1 && p.events.some((e) => /error handling offer/.test(e.ev)) && /not sdp/.test(p.sdp.lastRemote);
  }, 5000, 'error recorded');
  c.close();
});

test('canPublishData false: the participant\'s packets are not forwarded', async () => {
  const r = room();
  const mute = await WrtcClient.join(info, 'nodata', r, { tokenOpts: { grant: { roomJoin: true, room: r, canPublishData: false } } });
  const peer = await WrtcClient.join(info, 'listener', r);
  mute.send('_reliable', { sequence: 1, value: { case: 'user', value: new P.UserPacket({ payload: Buffer.from('x') }) } });
  peer.send('_reliable', { sequence: 1, value: { case: 'user', value: new P.UserPacket({ payload: Buffer.from('y') }) } });
  await waitFor(() => mute.received.length === 1, 5000, 'the allowed direction works');
  await waitFor(async () => (await control(info, 'state')).state.rooms.find((x) => x.name === r).participants.find((p) => p.identity === 'nodata').stats.dataRefused === 1, 5000, 'refused counted');
  await new Promise((res) => setTimeout(res, 200));
  assert.equal(peer.received.length, 0);
  mute.close();
  peer.close();
});

test('add_track_requests in the JoinRequest publish a track; mute is seen by the others with a new version', async () => {
  const r = room();
  const obs = await joinV1('observer', r);
  const pub = await WrtcClient.join(info, 'publisher', r, { audio: true });
  const published = await pub.sig.next('trackPublished');
  assert.equal(published.cid, pub.audioTrack.id);
  assert.match(published.track.sid, /^TR_/);
  assert.equal(published.track.type, P.TrackType.AUDIO);
  const withTrack = await obs.next('update', 5000, (u) => u.participants.some((p) => p.identity === 'publisher' && p.tracks.length === 1));
  const info1 = withTrack.participants.find((p) => p.identity === 'publisher');
  assert.equal(info1.tracks[0].sid, published.track.sid);
  assert.equal(info1.tracks[0].muted, false);
  assert.equal(info1.tracks[0].source, P.TrackSource.MICROPHONE);
  assert.ok(info1.tracks[0].mid, 'mid recorded');
  pub.sig.send('mute', new P.MuteTrackRequest({ sid: published.track.sid, muted: true }));
  const muted = await obs.next('update', 5000, (u) => u.participants.some((p) => p.identity === 'publisher' && p.tracks[0] && p.tracks[0].muted));
  assert.ok(muted.participants.find((p) => p.identity === 'publisher').version > info1.version);
  pub.close();
  obs.close();
});

test('connections abandoned during the upgrade or right after it leave the server healthy', async () => {
  const r = room();
  const tok = await token(info, 'quitter', r);
  const net = require('net');
  for (let i = 0; i < 30; i++) {
    // Half: a raw upgrade request cut off mid-way; half: a WebSocket terminated at once.
    if (i % 2) {
      await new Promise((resolve) => {
        const s = net.connect(info.port, '127.0.0.1', () => {
          s.write(`GET /rtc?access_token=${tok}&protocol=16 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`);
          s.destroy();
          resolve();
        });
        s.on('error', resolve);
      });
    } else {
      const c = new SignalClient(v1Url(info, joinRequest()), tok);
      c.opened.catch(() => {});
      if (i % 4 === 2) await c.opened.catch(() => {}); // sometimes after the 101
      c.close();
      await c.closed;
    }
  }
  const c = await joinV1('healthy', r);
  c.send('pingReq', new P.Ping({ timestamp: 7n }));
  assert.equal((await c.next('pongResp')).lastPingTimestamp, 7n);
  c.close();
});

test('a burst of 600 reliable 15000-byte packets arrives complete and in order', async () => {
  await burst(info);
});

async function burst(info) {
  const r = room();
  const a = await WrtcClient.join(info, 'burst-a', r);
  const b = await WrtcClient.join(info, 'burst-b', r);
  const n = 600;
  const body = Buffer.alloc(15000, 7);
  for (let i = 1; i <= n; i++) {
    while (a.channels._reliable.bufferedAmount > 8 * 1024 * 1024) await new Promise((res) => setTimeout(res, 5));
    body.writeUInt32BE(i, 0);
    a.send('_reliable', { sequence: i, value: { case: 'user', value: new P.UserPacket({ payload: body, topic: 'burst' }) } });
  }
  await waitFor(() => b.received.length >= n, 30000, `all ${n} packets (got ${b.received.length})`);
  const seqs = b.received.map((x) => Buffer.from(x.pkt.value.value.payload).readUInt32BE(0));
  assert.deepEqual(seqs, Array.from({ length: n }, (_, i) => i + 1));
  assert.ok(b.received.every((x) => x.pkt.value.value.payload.length === 15000));
  const sb = (await control(info, 'state')).state.rooms.find((x) => x.name === r).participants.find((p) => p.identity === 'burst-b');
  console.log(`# burst: ${n} x 15000 B forwarded; the server's queue to burst-b waited ${sb.stats.sendWaits || 0} times for bufferedAmount to drain`);
  a.close();
  b.close();
}
