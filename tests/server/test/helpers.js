'use strict';
// Shared helpers for the server's tests: start the CLI as a child process, drive the control
// endpoint, mint tokens, speak the signal protocol directly.
const { spawn } = require('child_process');
const path = require('path');
const readline = require('readline');
const zlib = require('zlib');
const WebSocket = require('ws');
const P = require('@livekit/protocol');
const { AccessToken } = require('livekit-server-sdk');

const CLI = path.join(__dirname, '..', 'cli.js');

/** Start the server CLI; resolves with {info, proc, control(name, body), stop()}. */
function startServer(args = [], { timeoutMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    // LK_SERVER_LOG=<file>: the server runs with --verbose and appends its log there.
    const logFile = process.env.LK_SERVER_LOG;
    const errFd = logFile ? require('fs').openSync(logFile, 'a') : 'ignore';
    const proc = spawn(process.execPath, [CLI, '--port', '0', ...(logFile ? ['--verbose'] : []), ...args], { stdio: ['pipe', 'pipe', errFd] });
    if (logFile) require('fs').closeSync(errFd);
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error('server did not start')); }, timeoutMs);
    const rl = readline.createInterface({ input: proc.stdout });
    let first = true;
    rl.on('line', (line) => {
      if (!first) return;
      first = false;
      clearTimeout(timer);
      let info;
      try { info = JSON.parse(line); } catch (e) { reject(new Error('first line is not JSON: ' + line)); return; }
      const exited = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
      resolve({
        info,
        proc,
        exited,
        control: (name, body) => control(info, name, body),
        stop: async () => {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
          const killer = setTimeout(() => proc.kill('SIGKILL'), 5000);
          const r = await exited;
          clearTimeout(killer);
          return r;
        },
      });
    });
    proc.once('exit', (code) => { if (first) { clearTimeout(timer); reject(new Error('server exited ' + code)); } });
  });
}

async function control(info, name, body = {}) {
  const res = await fetch(`${info.controlUrl}/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`control ${name} -> ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function token(info, identity, room, { ttl = '1h', name, metadata, attributes, grant } = {}) {
  const at = new AccessToken(info.apiKey, info.apiSecret, { identity, ttl, name, metadata, attributes });
  at.addGrant(grant || { roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true, canUpdateOwnMetadata: true });
  return at.toJwt();
}

/** Wait until pred() is truthy (polling), or fail after timeoutMs. */
async function waitFor(pred, timeoutMs = 10000, what = 'condition') {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([promise, new Promise((_, rej) => { t = setTimeout(() => rej(new Error('timed out: ' + what)), ms); })]).finally(() => clearTimeout(t));
}

/** Build the /rtc/v1 URL for a JoinRequest. */
function v1Url(info, joinRequest, { gzip = true } = {}) {
  const raw = joinRequest.toBinary();
  const wrapped = new P.WrappedJoinRequest({
    compression: gzip ? P.WrappedJoinRequest_Compression.GZIP : P.WrappedJoinRequest_Compression.NONE,
    joinRequest: gzip ? zlib.gzipSync(raw) : raw,
  });
  const b64 = Buffer.from(wrapped.toBinary()).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  return `${info.url}/rtc/v1?join_request=${b64}`;
}

/**
 * A raw signal client: opens the WebSocket, collects SignalResponses. next(case) waits for the
 * next message of that case (skipping others, which stay in `all`).
 */
class SignalClient {
  constructor(url, tok) {
    this.messages = [];
    this.all = [];
    this.waiters = [];
    this.ws = new WebSocket(url, { headers: tok ? { Authorization: 'Bearer ' + tok } : {} });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('unexpected-response', (req, res) => {
        let body = '';
        res.on('data', (c) => { body += c; });
        res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}: ${body}`), { status: res.statusCode, body })));
      });
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
    this.listeners = [];
    this.ws.on('message', (data) => {
      const msg = P.SignalResponse.fromBinary(new Uint8Array(data)).message;
      for (const l of this.listeners) l(msg);
      this.all.push(msg);
      this.messages.push(msg);
      this._pump();
    });
  }

  _pump() {
    for (const w of [...this.waiters]) {
      const i = this.messages.findIndex((m) => m.case === w.kase && (!w.pred || w.pred(m.value)));
      if (i >= 0) {
        const [m] = this.messages.splice(i, 1);
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(m.value);
      }
    }
  }

  next(kase, timeoutMs = 5000, pred = null) {
    return new Promise((resolve, reject) => {
      const w = { kase, pred, resolve };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`no ${kase} within ${timeoutMs} ms (got ${this.all.map((m) => m.case).join(',')})`));
      }, timeoutMs);
      this.waiters.push(w);
      this._pump();
    });
  }

  send(kase, value) {
    const bytes = new P.SignalRequest({ message: { case: kase, value } }).toBinary();
    if (this.ws.readyState === WebSocket.CONNECTING) {
      this.opened.then(() => this.ws.send(bytes), () => {});
      return;
    }
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(bytes);
  }

  close() {
    try { this.ws.terminate(); } catch (_) { /* closed */ }
  }
}


/** Keep only loopback UDP candidates (the network rules; @roamhq/wrtc gathers on every interface). */
function stripSdp(sdp) {
  return require('../sdp').stripCandidates(sdp);
}

/**
 * A raw client peer built from @roamhq/wrtc and the signal protocol, for what the official
 * client cannot do on demand (duplicate sequence numbers, chosen labels and kinds).
 * v1: one PC, the client offers in the JoinRequest with _reliable and _lossy channels.
 */
class WrtcClient {
  static async join(info, identity, room, { clientProtocol = 0, gzip = true, tokenOpts = {}, audio = false } = {}) {
    const { RTCPeerConnection, MediaStream, nonstandard } = require('@roamhq/wrtc');
    const c = new WrtcClient();
    c.identity = identity;
    c.received = [];
    c.pc = new RTCPeerConnection({ iceServers: [] });
    c.channels = {
      _reliable: c.pc.createDataChannel('_reliable', { ordered: true }),
      _lossy: c.pc.createDataChannel('_lossy', { ordered: false, maxRetransmits: 0 }),
    };
    for (const ch of Object.values(c.channels)) {
      ch.binaryType = 'arraybuffer';
      ch.onmessage = (ev) => c.received.push({ label: ch.label, pkt: P.DataPacket.fromBinary(new Uint8Array(ev.data)) });
    }
    const addTrackRequests = [];
    if (audio) {
      // A microphone track announced in the JoinRequest (add_track_requests), cid = track id.
      c.audioSource = new nonstandard.RTCAudioSource();
      c.audioTrack = c.audioSource.createTrack();
      c.pc.addTrack(c.audioTrack, new MediaStream());
      addTrackRequests.push(new P.AddTrackRequest({ cid: c.audioTrack.id, name: 'mic', type: P.TrackType.AUDIO, source: P.TrackSource.MICROPHONE }));
    }
    const offer = await c.pc.createOffer();
    await c.pc.setLocalDescription(offer);
    const jr = new P.JoinRequest({
      addTrackRequests,
      clientInfo: new P.ClientInfo({ sdk: P.ClientInfo_SDK.JS, version: '0.0.0-test', protocol: 16, clientProtocol, os: 'linux', deviceModel: 'test' }),
      connectionSettings: new P.ConnectionSettings({ autoSubscribe: true }),
      publisherOffer: new P.SessionDescription({ type: 'offer', sdp: stripSdp(c.pc.localDescription.sdp), id: 1 }),
    });
    const tok = await token(info, identity, room, tokenOpts);
    c.sig = new SignalClient(v1Url(info, jr, { gzip }), tok);
    c.sig.listeners.push((msg) => {
      if (msg.case === 'trickle') {
        const init = JSON.parse(msg.value.candidateInit);
        c.pc.addIceCandidate(init).catch(() => {});
      }
    });
    c.pc.onicecandidate = (ev) => {
      if (!ev.candidate || !ev.candidate.candidate) return;
      if (!require('../sdp').candidateAllowed(ev.candidate.candidate)) return;
      c.sig.send('trickle', new P.TrickleRequest({ candidateInit: JSON.stringify({ candidate: ev.candidate.candidate, sdpMid: ev.candidate.sdpMid, sdpMLineIndex: ev.candidate.sdpMLineIndex }), target: P.SignalTarget.PUBLISHER }));
    };
    await c.sig.opened;
    c.joinResponse = await c.sig.next('join');
    const answer = await c.sig.next('answer');
    await c.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    c.answer = answer;
    await waitFor(() => c.channels._reliable.readyState === 'open' && c.channels._lossy.readyState === 'open', 10000, identity + ' channels open');
    return c;
  }

  /** Send a DataPacket on the channel with this label. */
  send(label, fields) {
    const pkt = new P.DataPacket(fields);
    this.channels[label].send(pkt.toBinary());
  }

  close() {
    if (this.audioTrack) { try { this.audioTrack.stop(); } catch (_) { /* stopped */ } }
    try { this.sig.close(); } catch (_) { /* closed */ }
    try { this.pc.close(); } catch (_) { /* closed */ }
  }
}

module.exports = { startServer, control, token, waitFor, withTimeout, v1Url, SignalClient, WrtcClient, stripSdp, P };
