'use strict';
// A scripted participant built on the official LiveKit client (@livekit/rtc-node, the Rust SDK),
// driven over stdin/stdout with one JSON object per line, for the C# end-to-end tests and the
// demo. Commands carry an "id"; every command is answered {"id", "ok": true, ...} or
// {"id", "error": "..."} (RPC failures: {"id", "rpcError": {code, message, data}}). Events
// arrive unasked as {"ev": ...}. It exits when stdin closes (the parent died or is done).
//
// Commands: connect {url, token} · disconnect · publishData {base64, reliable, topic,
// destinations} · performRpc {destination, method, payload, timeoutMs} · registerRpc {method,
// behavior: echo|upper|fail|crash|slow|length} · sendText {text, topic, destinations} ·
// sendBytes {base64, topic, name, destinations} · streamText {parts[], topic} ·
// registerText {topic} · registerBytes {topic} · chat {text} · setMetadata {metadata} · setAttributes {attributes} ·
// publishAudio {frequency} (a sine from an AudioSource, answered with the track sid) · unpublishAudio
// Events: data {base64, topic, from, kind} · text {topic, text, from, attributes} ·
// bytes {topic, base64, name, from} · chat {text, from} · participantConnected {identity} ·
// participantDisconnected {identity} · disconnected {reason}
const readline = require('readline');
const {
  Room, RoomEvent, RpcError, dispose, AudioSource, AudioFrame, LocalAudioTrack, TrackPublishOptions, TrackSource,
} = require('@livekit/rtc-node');

let room = null;
let audio = null; // {track, running, feeding} while publishAudio runs
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');

const behaviors = {
  echo: async (d) => d.payload,
  upper: async (d) => d.payload.toUpperCase(),
  length: async (d) => String(Buffer.byteLength(d.payload, 'utf8')),
  fail: async () => { throw new RpcError(4242, 'custom failure', 'extra data'); },
  crash: async () => { throw new Error('boom'); },
  slow: async (d) => { await new Promise((r) => setTimeout(r, Number(d.payload) || 3000)); return 'late'; },
  big: async (d) => 'b'.repeat(Number(d.payload) || 20000),
};

async function handle(msg) {
  switch (msg.cmd) {
    case 'connect': {
      room = new Room();
      room.on(RoomEvent.DataReceived, (payload, participant, kind, topic) => out({ ev: 'data', base64: Buffer.from(payload).toString('base64'), topic: topic ?? null, from: participant ? participant.identity : null, kind }));
      room.on(RoomEvent.ParticipantConnected, (p) => out({ ev: 'participantConnected', identity: p.identity }));
      room.on(RoomEvent.ParticipantDisconnected, (p) => out({ ev: 'participantDisconnected', identity: p.identity }));
      room.on(RoomEvent.ChatMessage, (m, p) => out({ ev: 'chat', text: m.message, from: p ? p.identity : null }));
      room.on(RoomEvent.Disconnected, (reason) => out({ ev: 'disconnected', reason }));
      const t0 = process.hrtime.bigint();
      await room.connect(msg.url, msg.token, { autoSubscribe: true, dynacast: false });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      return { identity: room.localParticipant.identity, connectMs: ms, remotes: [...room.remoteParticipants.values()].map((p) => p.identity) };
    }
    case 'disconnect':
      if (room) await room.disconnect();
      room = null;
      return {};
    case 'publishData':
      await room.localParticipant.publishData(Buffer.from(msg.base64 || '', 'base64'), { reliable: msg.reliable !== false, topic: msg.topic || undefined, destination_identities: msg.destinations || undefined });
      return {};
    case 'performRpc': {
      const t0 = process.hrtime.bigint();
      try {
        const payload = await room.localParticipant.performRpc({ destinationIdentity: msg.destination, method: msg.method, payload: msg.payload ?? '', responseTimeout: msg.timeoutMs || undefined });
        return { payload, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
      } catch (e) {
        if (e instanceof RpcError) return { rpcError: { code: e.code, message: e.message, data: e.data ?? null } };
        throw e;
      }
    }
    case 'registerRpc':
      room.localParticipant.registerRpcMethod(msg.method, behaviors[msg.behavior]);
      return {};
    case 'sendText': {
      const info = await room.localParticipant.sendText(msg.text, { topic: msg.topic, destinationIdentities: msg.destinations || undefined, attributes: msg.attributes || undefined, compress: false });
      return { streamId: info.id };
    }
    case 'streamText': {
      const w = await room.localParticipant.streamText({ topic: msg.topic, destinationIdentities: msg.destinations || undefined });
      for (const p of msg.parts) await w.write(p);
      await w.close();
      return {};
    }
    case 'sendBytes': {
      const w = await room.localParticipant.streamBytes({ topic: msg.topic, name: msg.name || 'blob', destinationIdentities: msg.destinations || undefined });
      const data = Buffer.from(msg.base64, 'base64');
      for (let i = 0; i < data.length; i += 40000) await w.write(data.subarray(i, Math.min(i + 40000, data.length)));
      await w.close();
      return {};
    }
    case 'registerText':
      room.registerTextStreamHandler(msg.topic, async (reader, participantInfo) => {
        const text = await reader.readAll();
        out({ ev: 'text', topic: msg.topic, text, from: participantInfo.identity, attributes: reader.info.attributes || {} });
      });
      return {};
    case 'registerBytes':
      room.registerByteStreamHandler(msg.topic, async (reader, participantInfo) => {
        const chunks = await reader.readAll();
        out({ ev: 'bytes', topic: msg.topic, base64: Buffer.concat(chunks.map((c) => Buffer.from(c))).toString('base64'), name: reader.info.name, from: participantInfo.identity });
      });
      return {};
    case 'chat':
      await room.localParticipant.sendChatMessage(msg.text);
      return {};
    case 'setMetadata':
      await room.localParticipant.updateMetadata(msg.metadata);
      return {};
    case 'setAttributes':
      await room.localParticipant.setAttributes(msg.attributes);
      return {};
    case 'publishAudio': {
      const source = new AudioSource(48000, 1);
      const track = LocalAudioTrack.createAudioTrack('sine', source);
      const opts = new TrackPublishOptions();
      opts.source = TrackSource.SOURCE_MICROPHONE;
      const pub = await room.localParticipant.publishTrack(track, opts);
      const freq = Number(msg.frequency) || 440;
      audio = { track, running: true, feeding: null };
      let phase = 0;
      audio.feeding = (async () => {
        while (audio && audio.running) {
          const f = AudioFrame.create(48000, 1, 480);
          for (let i = 0; i < 480; i++) {
            f.data[i] = Math.round(12000 * Math.sin(phase));
            phase += (2 * Math.PI * freq) / 48000;
          }
          await source.captureFrame(f);
        }
      })();
      return { sid: pub.sid };
    }
    case 'unpublishAudio': {
      if (!audio) return {};
      const a = audio;
      a.running = false;
      await a.feeding;
      audio = null;
      await room.localParticipant.unpublishTrack(a.track.sid);
      return {};
    }
    default:
      throw new Error('unknown command ' + msg.cmd);
  }
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let msg;
  try { msg = JSON.parse(line); } catch (e) { out({ error: 'bad json' }); return; }
  handle(msg).then((r) => out({ id: msg.id, ok: true, ...r }), (e) => out({ id: msg.id, error: String(e && e.message ? e.message : e) }));
});
rl.on('close', async () => {
  try { if (room) await room.disconnect(); } catch (e) { /* leaving anyway */ }
  try { await dispose(); } catch (e) { /* leaving anyway */ }
  process.exit(0);
});
out({ ev: 'ready' });
