'use strict';
// The official LiveKit client (@livekit/rtc-node 1.1.0, the Rust SDK underneath) against the
// local server: two or three clients in one room. Runs inside the network namespace the suite
// script creates (lo up, 127.0.0.2/32 on a veth): rtc-node gathers no loopback candidates, so
// its candidates are on 127.0.0.2 and the server's on 127.0.0.1.
process.env.NODE_ENV = process.env.NODE_ENV || 'production'; // keep rtc-node's pino debug lines off stdout
const test = require('node:test');
const assert = require('node:assert/strict');
const {
  Room, RoomEvent, RpcError, AudioSource, AudioFrame, AudioStream, LocalAudioTrack,
  TrackPublishOptions, TrackSource, DataPacketKind, DisconnectReason,
} = require('@livekit/rtc-node');
const { startServer, control, token, withTimeout, waitFor } = require('./helpers');

let srv;
let info;
let roomNo = 0;
const newRoom = () => `official-${process.pid}-${++roomNo}`;
const rooms = [];

test.before(async () => {
  srv = await startServer();
  info = srv.info;
});

test.after(async () => {
  for (const r of rooms) { try { await withTimeout(r.disconnect(), 5000, 'disconnect'); } catch (_) { /* best effort */ } }
  if (srv) await srv.stop();
});

async function connect(identity, roomName, tokenOpts = {}) {
  const room = new Room();
  rooms.push(room);
  const t0 = Date.now();
  await withTimeout(room.connect(info.url, await token(info, identity, roomName, tokenOpts), { autoSubscribe: true, dynacast: false }), 20000, identity + ' connect');
  room.connectMs = Date.now() - t0;
  return room;
}

/** Resolve with the arguments of the next `event` on `emitter` for which pred(...args) holds. */
function next(emitter, event, pred = () => true, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const onEvent = (...args) => {
      if (!pred(...args)) return;
      clearTimeout(timer);
      emitter.off(event, onEvent);
      resolve(args);
    };
    const timer = setTimeout(() => { emitter.off(event, onEvent); reject(new Error(`no ${event} within ${timeoutMs} ms`)); }, timeoutMs);
    emitter.on(event, onEvent);
  });
}

async function leaveAll(...list) {
  for (const r of list) {
    try { await withTimeout(r.disconnect(), 5000, 'disconnect'); } catch (_) { /* best effort */ }
    const i = rooms.indexOf(r);
    if (i >= 0) rooms.splice(i, 1);
  }
}

test('(a) two official clients see each other join, change metadata, name and attributes, and leave', async () => {
  const name = newRoom();
  const alice = await connect('alice', name, { name: 'Alice' });
  const joined = next(alice, RoomEvent.ParticipantConnected, (p) => p.identity === 'bob');
  const bob = await connect('bob', name, { name: 'Bob', metadata: 'start' });
  const [bobSeen] = await joined;
  assert.equal(bobSeen.name, 'Bob');
  assert.equal(bobSeen.metadata, 'start');
  assert.match(bobSeen.sid, /^PA_/);
  const aliceSeen = bob.remoteParticipants.get('alice');
  assert.ok(aliceSeen, 'bob has alice from the join response');
  assert.equal(aliceSeen.name, 'Alice');
  assert.equal(bob.name, name);
  console.log(`# connect: alice ${alice.connectMs} ms, bob ${bob.connectMs} ms`);

  const meta = next(alice, RoomEvent.ParticipantMetadataChanged, (m, p) => p.identity === 'bob' && m === 'changed');
  await bob.localParticipant.updateMetadata('changed');
  await meta;
  assert.equal(alice.remoteParticipants.get('bob').metadata, 'changed');

  const nameChanged = next(alice, RoomEvent.ParticipantNameChanged, (n, p) => p.identity === 'bob' && n === 'Robert');
  await bob.localParticipant.updateName('Robert');
  await nameChanged;

  const attrs = next(alice, RoomEvent.ParticipantAttributesChanged, (changed, p) => p.identity === 'bob' && changed.mood === 'happy');
  await bob.localParticipant.setAttributes({ mood: 'happy', lang: 'en' });
  await attrs;
  assert.deepEqual({ ...alice.remoteParticipants.get('bob').attributes }, { mood: 'happy', lang: 'en' });

  // Alice changes hers too: bob sees it.
  const attrsA = next(bob, RoomEvent.ParticipantAttributesChanged, (changed, p) => p.identity === 'alice' && changed.role === 'host');
  await alice.localParticipant.setAttributes({ role: 'host' });
  await attrsA;

  const left = next(alice, RoomEvent.ParticipantDisconnected, (p) => p.identity === 'bob');
  await leaveAll(bob);
  await left;
  assert.equal(alice.remoteParticipants.has('bob'), false);
  await leaveAll(alice);
});

test('(b) reliable and lossy data with topics and destinations', async () => {
  const name = newRoom();
  const alice = await connect('alice', name);
  const bob = await connect('bob', name);
  const carol = await connect('carol', name);
  await waitFor(() => alice.remoteParticipants.size === 2 && bob.remoteParticipants.size === 2 && carol.remoteParticipants.size === 2, 10000, 'all see all');
  const got = { bob: [], carol: [], alice: [] };
  for (const [who, room] of [['alice', alice], ['bob', bob], ['carol', carol]]) {
    room.on(RoomEvent.DataReceived, (payload, participant, kind, topic) => {
      got[who].push({ text: Buffer.from(payload).toString(), from: participant && participant.identity, kind, topic });
    });
  }
  await alice.localParticipant.publishData(Buffer.from('to-all'), { reliable: true, topic: 'news' });
  await alice.localParticipant.publishData(Buffer.from('to-bob'), { reliable: true, topic: 'private', destination_identities: ['bob'] });
  for (let i = 0; i < 5; i++) await alice.localParticipant.publishData(Buffer.from('lossy-' + i), { reliable: false, topic: 'fast' });
  await bob.localParticipant.publishData(Buffer.from('from-bob'), { reliable: true, topic: 'reply', destination_identities: ['alice'] });
  await waitFor(() => got.bob.some((x) => x.text === 'to-bob') && got.carol.some((x) => x.text === 'to-all') && got.alice.length >= 1
    && got.bob.some((x) => x.topic === 'fast') && got.carol.some((x) => x.topic === 'fast'), 10000, 'data delivered');
  await new Promise((r) => setTimeout(r, 300));
  const bobRel = got.bob.filter((x) => x.topic !== 'fast');
  assert.deepEqual(bobRel.map((x) => [x.text, x.from, x.topic]), [['to-all', 'alice', 'news'], ['to-bob', 'alice', 'private']]);
  assert.deepEqual(got.carol.filter((x) => x.topic !== 'fast').map((x) => x.text), ['to-all'], 'carol does not get bob\'s packet');
  assert.deepEqual(got.alice.map((x) => [x.text, x.from, x.topic]), [['from-bob', 'bob', 'reply']]);
  for (const x of got.bob.filter((y) => y.topic === 'fast')) {
    assert.match(x.text, /^lossy-\d$/);
    assert.equal(x.from, 'alice');
  }
  assert.equal(bobRel[0].kind, DataPacketKind.KIND_RELIABLE);
  const st = (await control(info, 'state')).state.rooms.find((r) => r.name === name);
  assert.ok(st.participants.find((p) => p.identity === 'alice').stats.dataIn >= 7);
  await leaveAll(alice, bob, carol);
});

test('(c) RPC both ways: success, application error, unknown method, timeout', async () => {
  const name = newRoom();
  const alice = await connect('alice', name);
  const bob = await connect('bob', name);
  await waitFor(() => alice.remoteParticipants.has('bob') && bob.remoteParticipants.has('alice'), 10000, 'see each other');
  for (const [self, tag] of [[alice, 'alice'], [bob, 'bob']]) {
    self.localParticipant.registerRpcMethod('upper', async (d) => `${tag}:${d.payload.toUpperCase()}:${d.callerIdentity}`);
    self.localParticipant.registerRpcMethod('fail', async () => { throw new RpcError(4242, 'custom failure', 'extra'); });
    self.localParticipant.registerRpcMethod('crash', async () => { throw new Error('boom'); });
    self.localParticipant.registerRpcMethod('slow', async () => { await new Promise((r) => setTimeout(r, 2500)); return 'late'; });
  }
  for (const [caller, callee] of [[alice, 'bob'], [bob, 'alice']]) {
    const me = caller === alice ? 'alice' : 'bob';
    const t0 = Date.now();
    const res = await caller.localParticipant.performRpc({ destinationIdentity: callee, method: 'upper', payload: 'hi there' });
    const rtt = Date.now() - t0;
    assert.equal(res, `${callee}:HI THERE:${me}`);
    console.log(`# rpc v2 round trip ${me} -> ${callee}: ${rtt} ms`);
    // A 20 KB payload (data streams when client_protocol >= 1).
    const big = 'x'.repeat(20000);
    assert.equal(await caller.localParticipant.performRpc({ destinationIdentity: callee, method: 'upper', payload: big }), `${callee}:${big.toUpperCase()}:${me}`);

    await assert.rejects(caller.localParticipant.performRpc({ destinationIdentity: callee, method: 'fail', payload: '' }), (e) => e instanceof RpcError && e.code === 4242 && e.message === 'custom failure' && e.data === 'extra');
    await assert.rejects(caller.localParticipant.performRpc({ destinationIdentity: callee, method: 'crash', payload: '' }), (e) => e instanceof RpcError && e.code === RpcError.ErrorCode.APPLICATION_ERROR);
    await assert.rejects(caller.localParticipant.performRpc({ destinationIdentity: callee, method: 'nope', payload: '' }), (e) => e instanceof RpcError && e.code === RpcError.ErrorCode.UNSUPPORTED_METHOD);
    await assert.rejects(caller.localParticipant.performRpc({ destinationIdentity: callee, method: 'slow', payload: '', responseTimeout: 1000 }), (e) => e instanceof RpcError && e.code === RpcError.ErrorCode.RESPONSE_TIMEOUT);
  }
  // client_protocol 2 on both sides: RPC v2, requests as data streams.
  for (const p of (await control(info, 'state')).state.rooms.find((r) => r.name === name).participants) {
    assert.ok((p.stats.dataCases.streamHeader || 0) >= 4, p.identity + ' used data streams: ' + JSON.stringify(p.stats.dataCases));
    assert.ok((p.stats.dataCases.rpcAck || 0) >= 4, p.identity + ' acked');
  }
  await leaveAll(alice, bob);
});

test('(c2) RPC v1 over data packets (peers reported with client_protocol 0): success, errors, timeout', async () => {
  const name = newRoom();
  const alice = await connect('alice', name);
  const bob = await connect('bob', name);
  await waitFor(() => alice.remoteParticipants.has('bob') && bob.remoteParticipants.has('alice'), 10000, 'see each other');
  await control(info, 'client-protocol', { identity: 'alice', room: name, value: 0 });
  await control(info, 'client-protocol', { identity: 'bob', room: name, value: 0 });
  await new Promise((r) => setTimeout(r, 200));
  for (const self of [alice, bob]) {
    self.localParticipant.registerRpcMethod('echo', async (d) => d.payload);
    self.localParticipant.registerRpcMethod('fail', async () => { throw new RpcError(77, 'v1 failure'); });
    self.localParticipant.registerRpcMethod('slow', async () => { await new Promise((r) => setTimeout(r, 2500)); return 'late'; });
  }
  for (const [caller, callee] of [[alice, 'bob'], [bob, 'alice']]) {
    const payload = 'y'.repeat(15000);
    assert.equal(await caller.localParticipant.performRpc({ destinationIdentity: callee, method: 'echo', payload }), payload);
    await assert.rejects(caller.localParticipant.performRpc({ destinationIdentity: callee, method: 'echo', payload: 'z'.repeat(15361) }), (e) => e instanceof RpcError && e.code === RpcError.ErrorCode.REQUEST_PAYLOAD_TOO_LARGE);
    await assert.rejects(caller.localParticipant.performRpc({ destinationIdentity: callee, method: 'fail', payload: '' }), (e) => e instanceof RpcError && e.code === 77 && e.message === 'v1 failure');
    await assert.rejects(caller.localParticipant.performRpc({ destinationIdentity: callee, method: 'nope', payload: '' }), (e) => e instanceof RpcError && e.code === RpcError.ErrorCode.UNSUPPORTED_METHOD);
    await assert.rejects(caller.localParticipant.performRpc({ destinationIdentity: callee, method: 'slow', payload: '', responseTimeout: 1000 }), (e) => e instanceof RpcError && e.code === RpcError.ErrorCode.RESPONSE_TIMEOUT);
  }
  // v1: rpc_request / rpc_ack / rpc_response packets, no data streams.
  for (const p of (await control(info, 'state')).state.rooms.find((r) => r.name === name).participants) {
    assert.ok((p.stats.dataCases.rpcRequest || 0) >= 4, p.identity + ' sent v1 requests: ' + JSON.stringify(p.stats.dataCases));
    assert.ok((p.stats.dataCases.rpcResponse || 0) >= 3, p.identity + ' sent v1 responses');
    assert.equal(p.stats.dataCases.streamHeader || 0, 0, 'no data streams');
  }
  await leaveAll(alice, bob);
});

/** Frequency of a sine from zero crossings (linear interpolation between samples). */
function measureFrequency(samples, rate) {
  const crossings = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    if (a < 0 && b >= 0) crossings.push(i - 1 + (-a) / (b - a));
  }
  if (crossings.length < 3) return 0;
  const periods = crossings.length - 1;
  return (periods * rate) / (crossings[crossings.length - 1] - crossings[0]);
}

test('(d) a 440 Hz sine published by one client is received by the other at 440 Hz', async () => {
  const name = newRoom();
  const alice = await connect('alice', name);
  const bob = await connect('bob', name);
  await waitFor(() => bob.remoteParticipants.has('alice'), 10000, 'bob sees alice');
  const subscribed = next(bob, RoomEvent.TrackSubscribed, (track, pub, p) => p.identity === 'alice', 15000);
  const source = new AudioSource(48000, 1);
  const track = LocalAudioTrack.createAudioTrack('sine', source);
  const opts = new TrackPublishOptions();
  opts.source = TrackSource.SOURCE_MICROPHONE;
  await alice.localParticipant.publishTrack(track, opts);
  let running = true;
  let phase = 0;
  const feeding = (async () => {
    while (running) {
      const f = AudioFrame.create(48000, 1, 480);
      for (let i = 0; i < 480; i++) {
        f.data[i] = Math.round(12000 * Math.sin(phase));
        phase += (2 * Math.PI * 440) / 48000;
      }
      await source.captureFrame(f);
    }
  })();
  const speaking = next(bob, RoomEvent.ActiveSpeakersChanged, (speakers) => speakers.some((x) => x.identity === 'alice'), 15000);
  try {
    const [remoteTrack, publication] = await subscribed;
    assert.match(publication.sid, /^TR_/);
    const stream = new AudioStream(remoteTrack, { sampleRate: 48000, numChannels: 1 });
    const samples = [];
    let frames = 0;
    let peak = 0;
    await withTimeout((async () => {
      for await (const fr of stream) {
        frames++;
        if (frames <= 50) continue; // let the jitter buffer settle
        for (const s of fr.data) { samples.push(s); if (Math.abs(s) > peak) peak = Math.abs(s); }
        if (samples.length >= 48000) break;
      }
    })(), 20000, 'one second of audio');
    const f = measureFrequency(samples, 48000);
    console.log(`# received ${frames} frames, peak ${peak}, measured ${f.toFixed(2)} Hz`);
    assert.ok(peak > 3000, 'audible signal, peak ' + peak);
    assert.ok(Math.abs(f - 440) < 3, 'measured ' + f + ' Hz');
    const st = (await control(info, 'state')).state.rooms.find((r) => r.name === name);
    assert.equal(st.participants.find((p) => p.identity === 'alice').tracks[0].type, 'AUDIO');
    assert.equal(st.participants.find((p) => p.identity === 'bob').subscriptions.length, 1);
    // speakers_changed: alice is an active speaker while the sine plays...
    const [speakers] = await speaking;
    assert.deepEqual(speakers.map((x) => x.identity), ['alice']);
  } finally {
    running = false;
    await feeding.catch(() => {});
  }
  // ...and stops being one when it stops.
  await next(bob, RoomEvent.ActiveSpeakersChanged, (speakers) => !speakers.some((x) => x.identity === 'alice'), 15000);
  // Unpublishing removes the track on the other side.
  const unpublished = next(bob, RoomEvent.TrackUnpublished, (pub, p) => p.identity === 'alice', 15000);
  await alice.localParticipant.unpublishTrack(track.sid);
  await unpublished;
  await waitFor(async () => (await control(info, 'state')).state.rooms.find((r) => r.name === name).participants.find((p) => p.identity === 'bob').subscriptions.length === 0, 5000, 'subscription gone');
  await leaveAll(alice, bob);
});

async function exchange(alice, bob, tag) {
  const gotB = next(bob, RoomEvent.DataReceived, (payload) => Buffer.from(payload).toString() === 'a-' + tag, 15000);
  const gotA = next(alice, RoomEvent.DataReceived, (payload) => Buffer.from(payload).toString() === 'b-' + tag, 15000);
  await alice.localParticipant.publishData(Buffer.from('a-' + tag), { reliable: true, topic: 'check' });
  await bob.localParticipant.publishData(Buffer.from('b-' + tag), { reliable: true, topic: 'check' });
  await Promise.all([gotA, gotB]);
}

test('(e) both clients survive a server-initiated resume, a dropped WebSocket and a full reconnect', async () => {
  const name = newRoom();
  const alice = await connect('alice', name);
  const bob = await connect('bob', name);
  await waitFor(() => alice.remoteParticipants.has('bob') && bob.remoteParticipants.has('alice'), 10000, 'see each other');
  await exchange(alice, bob, 'before');
  const sidBefore = (await control(info, 'state')).state.rooms.find((r) => r.name === name).participants.map((p) => p.sid).sort();
  let disconnects = 0;
  alice.on(RoomEvent.ParticipantDisconnected, () => { disconnects++; });

  // 1. dropped WebSocket (no close frame) for alice: she resumes the same session.
  const resumes0 = (await control(info, 'state')).state.counters.resumes;
  const rec1 = next(alice, RoomEvent.Reconnected, () => true, 20000);
  await control(info, 'drop', { identity: 'alice', room: name });
  await rec1;
  let st = (await control(info, 'state')).state;
  assert.ok(st.counters.resumes >= resumes0 + 1, 'resumed, not rejoined');
  assert.deepEqual(st.rooms.find((r) => r.name === name).participants.map((p) => p.sid).sort(), sidBefore, 'same sessions after drop');
  await exchange(alice, bob, 'after-drop');

  // 2. leave with action RESUME for both. (The Rust SDK closes its old signal stream while it
  // resumes, which makes its *next* recovery a full reconnect: so this step comes after the drop.)
  const recA = next(alice, RoomEvent.Reconnected, () => true, 20000);
  const recB = next(bob, RoomEvent.Reconnected, () => true, 20000);
  await control(info, 'leave', { identity: 'alice', room: name, action: 'RESUME' });
  await control(info, 'leave', { identity: 'bob', room: name, action: 'RESUME' });
  await Promise.all([recA, recB]);
  st = (await control(info, 'state')).state;
  assert.ok(st.counters.resumes >= resumes0 + 3, 'resumed, not rejoined');
  assert.deepEqual(st.rooms.find((r) => r.name === name).participants.map((p) => p.sid).sort(), sidBefore, 'same sessions after RESUME');
  await exchange(alice, bob, 'after-resume');
  assert.equal(disconnects, 0, 'alice never saw bob leave');

  // 3. leave with action RECONNECT: bob rejoins in full (new session).
  const rejoined = next(alice, RoomEvent.ParticipantConnected, (p) => p.identity === 'bob', 20000);
  await control(info, 'leave', { identity: 'bob', room: name, action: 'RECONNECT' });
  await rejoined;
  await waitFor(() => bob.remoteParticipants.has('alice'), 10000, 'bob sees alice again');
  await exchange(alice, bob, 'after-reconnect');
  await leaveAll(alice, bob);
});

/** alice publishes a 440 Hz sine; bob receives one second of it. Returns {freq, peak, stop()}. */
async function sineRoundTrip(alice, bob) {
  const subscribed = next(bob, RoomEvent.TrackSubscribed, (track, pub, p) => p.identity === 'alice', 15000);
  const source = new AudioSource(48000, 1);
  const track = LocalAudioTrack.createAudioTrack('sine', source);
  const opts = new TrackPublishOptions();
  opts.source = TrackSource.SOURCE_MICROPHONE;
  await alice.localParticipant.publishTrack(track, opts);
  let running = true;
  let phase = 0;
  const feeding = (async () => {
    while (running) {
      const f = AudioFrame.create(48000, 1, 480);
      for (let i = 0; i < 480; i++) {
        f.data[i] = Math.round(12000 * Math.sin(phase));
        phase += (2 * Math.PI * 440) / 48000;
      }
      await source.captureFrame(f);
    }
  })();
  try {
    const [remoteTrack] = await subscribed;
    const stream = new AudioStream(remoteTrack, { sampleRate: 48000, numChannels: 1 });
    const samples = [];
    let frames = 0;
    let peak = 0;
    await withTimeout((async () => {
      for await (const fr of stream) {
        frames++;
        if (frames <= 50) continue;
        for (const x of fr.data) { samples.push(x); if (Math.abs(x) > peak) peak = Math.abs(x); }
        if (samples.length >= 48000) break;
      }
    })(), 20000, 'one second of audio');
    return { freq: measureFrequency(samples, 48000), peak };
  } finally {
    running = false;
    await feeding.catch(() => {});
  }
}

test('(e2) a resume in the middle of a run of reliable packets: none lost, none duplicated', async () => {
  const name = newRoom();
  const alice = await connect('alice', name);
  const bob = await connect('bob', name);
  await waitFor(() => alice.remoteParticipants.has('bob') && bob.remoteParticipants.has('alice'), 10000, 'see each other');
  const got = [];
  bob.on(RoomEvent.DataReceived, (payload, p, kind, topic) => { if (topic === 'run') got.push(Buffer.from(payload).toString()); });
  const reconnected = next(alice, RoomEvent.Reconnected, () => true, 20000);
  const total = 300;
  for (let i = 0; i < total; i++) {
    if (i === 100) await control(info, 'drop', { identity: 'alice', room: name });
    await alice.localParticipant.publishData(Buffer.from('m' + i), { reliable: true, topic: 'run' });
  }
  await reconnected;
  await waitFor(() => got.length >= total, 15000, `all ${total} packets (got ${got.length})`);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(got.length, total, 'no duplicates');
  assert.deepEqual(got, Array.from({ length: total }, (_, i) => 'm' + i), 'in order');
  const st = (await control(info, 'state')).state.rooms.find((r) => r.name === name);
  const a = st.participants.find((p) => p.identity === 'alice');
  console.log(`# resume mid-run: ${a.stats.duplicatesDropped} resent duplicates dropped by the server, last seq ${a.lastReceivedReliableSeq}`);
  await leaveAll(alice, bob);
});

test('(d2) subscription: unsubscribing stops the audio, subscribing again brings it back', async () => {
  const name = newRoom();
  const alice = await connect('alice', name);
  const bob = await connect('bob', name);
  await waitFor(() => bob.remoteParticipants.has('alice'), 10000, 'bob sees alice');
  const subscribed = next(bob, RoomEvent.TrackSubscribed, (t, pub, p) => p.identity === 'alice', 15000);
  const source = new AudioSource(48000, 1);
  const track = LocalAudioTrack.createAudioTrack('sine', source);
  const opts = new TrackPublishOptions();
  opts.source = TrackSource.SOURCE_MICROPHONE;
  await alice.localParticipant.publishTrack(track, opts);
  let running = true;
  let phase = 0;
  const feeding = (async () => {
    while (running) {
      const f = AudioFrame.create(48000, 1, 480);
      for (let i = 0; i < 480; i++) { f.data[i] = Math.round(12000 * Math.sin(phase)); phase += (2 * Math.PI * 440) / 48000; }
      await source.captureFrame(f);
    }
  })();
  const bobSubs = async () => (await control(info, 'state')).state.rooms.find((r) => r.name === name).participants.find((p) => p.identity === 'bob').subscriptions.length;
  try {
    const [, publication] = await subscribed;
    assert.equal(await bobSubs(), 1);
    const unsub = next(bob, RoomEvent.TrackUnsubscribed, (t, pub, p) => p.identity === 'alice', 15000);
    publication.setSubscribed(false);
    await waitFor(async () => (await bobSubs()) === 0, 10000, 'server stops forwarding');
    await unsub;
    const again = next(bob, RoomEvent.TrackSubscribed, (t, pub, p) => p.identity === 'alice', 15000);
    publication.setSubscribed(true);
    const [track2] = await again;
    assert.equal(await bobSubs(), 1);
    const stream = new AudioStream(track2, { sampleRate: 48000, numChannels: 1 });
    let peak = 0;
    let frames = 0;
    await withTimeout((async () => {
      for await (const fr of stream) {
        frames++;
        for (const x of fr.data) if (Math.abs(x) > peak) peak = Math.abs(x);
        if (frames >= 100) break;
      }
    })(), 15000, 'audio after resubscribing');
    assert.ok(peak > 3000, 'audio flows again, peak ' + peak);
  } finally {
    running = false;
    await feeding.catch(() => {});
  }
  await leaveAll(alice, bob);
});

test('(f) with /rtc/v1 answering 404 the official client falls back to /rtc (two peer connections)', async () => {
  await control(info, 'v1-404', { enabled: true });
  try {
    const name = newRoom();
    const v0Before = (await control(info, 'state')).state.counters.v0Joins;
    const alice = await connect('alice', name);
    const bob = await connect('bob', name);
    const st = (await control(info, 'state')).state;
    assert.equal(st.counters.v0Joins, v0Before + 2);
    await waitFor(() => alice.remoteParticipants.has('bob') && bob.remoteParticipants.has('alice'), 10000, 'see each other');
    await exchange(alice, bob, 'v0');
    const parts = (await control(info, 'state')).state.rooms.find((r) => r.name === name).participants;
    for (const p of parts) {
      assert.equal(p.v1, false);
      assert.equal(p.subscriberPc, 'connected');
    }
    bob.localParticipant.registerRpcMethod('ping', async () => 'pong');
    assert.equal(await alice.localParticipant.performRpc({ destinationIdentity: 'bob', method: 'ping', payload: '' }), 'pong');
    // Audio over the server-offered subscriber PC.
    const { freq, peak } = await sineRoundTrip(alice, bob);
    console.log(`# v0 audio: peak ${peak}, measured ${freq.toFixed(2)} Hz`);
    assert.ok(peak > 3000 && Math.abs(freq - 440) < 3, `v0 audio ${freq} Hz, peak ${peak}`);
    // Resume over v0: reconnect=1&sid=…, the server ICE-restarts the subscriber PC.
    const sids = (await control(info, 'state')).state.rooms.find((r) => r.name === name).participants.map((p) => p.sid).sort();
    const resumed = next(bob, RoomEvent.Reconnected, () => true, 20000);
    await control(info, 'drop', { identity: 'bob', room: name });
    await resumed;
    await exchange(alice, bob, 'v0-after-drop');
    const after = (await control(info, 'state')).state.rooms.find((r) => r.name === name).participants;
    assert.deepEqual(after.map((p) => p.sid).sort(), sids, 'same sessions after the v0 resume');
    assert.ok(after.every((p) => p.subscriberPc === 'connected'));
    await leaveAll(alice, bob);
  } finally {
    await control(info, 'v1-404', { enabled: false });
  }
});

test('(g) keepalive: with pongs dropped the official client times out and resumes; with pongs delayed it stays', async () => {
  const name = newRoom();
  const alice = await connect('alice', name);
  const bob = await connect('bob', name);
  await waitFor(() => alice.remoteParticipants.has('bob'), 10000, 'see each other');
  let reconnecting = 0;
  bob.on(RoomEvent.Reconnecting, () => { reconnecting++; });
  // Delayed pongs (2 s, well inside ping_timeout 15 s): no reconnection.
  await control(info, 'impair', { identity: 'bob', room: name, what: 'pongs', mode: 'delay', delayMs: 2000 });
  await new Promise((r) => setTimeout(r, 6000));
  assert.equal(reconnecting, 0, 'delayed pongs are not a timeout');
  // Everything to bob dropped: after ping_timeout (15 s) without any message it resumes.
  const t0 = Date.now();
  const resumed = next(bob, RoomEvent.Reconnected, () => true, 30000);
  await control(info, 'impair', { identity: 'bob', room: name, what: 'all', mode: 'drop' });
  await next(bob, RoomEvent.Reconnecting, () => true, 25000);
  const waited = Date.now() - t0;
  await control(info, 'impair', { identity: 'bob', room: name, what: 'all', mode: 'none' });
  await resumed;
  console.log(`# signal timeout detected after ${waited} ms`);
  assert.ok(waited >= 10000, 'not before the timeout: ' + waited);
  await exchange(alice, bob, 'after-timeout');
  await leaveAll(alice, bob);
});

test('(h) server restart: both clients find their session gone, rejoin in full and talk again', async () => {
  const name = newRoom();
  const alice = await connect('alice', name);
  const bob = await connect('bob', name);
  await waitFor(() => alice.remoteParticipants.has('bob') && bob.remoteParticipants.has('alice'), 10000, 'see each other');
  const before = (await control(info, 'state')).state;
  const joinsBefore = before.counters.joins;
  const sidsBefore = before.rooms.find((r) => r.name === name).participants.map((p) => p.sid);
  const recA = next(alice, RoomEvent.Reconnected, () => true, 30000);
  const recB = next(bob, RoomEvent.Reconnected, () => true, 30000);
  await control(info, 'restart', { downMs: 500 });
  await Promise.all([recA, recB]);
  await waitFor(() => alice.remoteParticipants.has('bob') && bob.remoteParticipants.has('alice'), 15000, 'see each other after restart');
  await exchange(alice, bob, 'after-restart');
  const st = (await control(info, 'state')).state;
  assert.ok(st.counters.joins >= joinsBefore + 2, 'both joined anew');
  const sidsAfter = st.rooms.find((r) => r.name === name).participants.map((p) => p.sid);
  assert.equal(sidsAfter.length, 2);
  for (const sid of sidsAfter) assert.ok(!sidsBefore.includes(sid), 'new sessions');
  await leaveAll(alice, bob);
});

test('(i) server shutdown (SIGTERM) disconnects the official client with SERVER_SHUTDOWN', async () => {
  const own = await startServer();
  const room = new Room();
  try {
    await withTimeout(room.connect(own.info.url, await token(own.info, 'solo', newRoom()), { autoSubscribe: true }), 20000, 'connect');
    const disconnected = next(room, RoomEvent.Disconnected, () => true, 10000);
    const exit = await own.stop();
    assert.equal(exit.code, 0);
    const [reason] = await disconnected;
    assert.equal(reason, DisconnectReason.SERVER_SHUTDOWN);
  } finally {
    await withTimeout(room.disconnect(), 5000, 'disconnect').catch(() => {});
  }
});
