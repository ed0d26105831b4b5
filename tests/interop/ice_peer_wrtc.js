#!/usr/bin/env node
// ice_peer_wrtc.js - Google's libwebrtc (@roamhq/wrtc) as the ICE peer of test_ice_interop.c,
// speaking JSON lines on stdin/stdout. Only ICE is under test there: the other side never
// answers DTLS, and libwebrtc's iceConnectionState also waits for DTLS in some roles, so this
// peer reports what its ICE agent decided from getStats(): the candidate pair that is
// nominated and succeeded.
//
//   node tests/interop/ice_peer_wrtc.js --role offerer|answerer
//
// Output: {"type":"sdp","sdpType":..,"sdp":..}  {"type":"candidate","candidate":..,"mid":..}
//         {"type":"state","kind":"ice","state":..}
//         {"type":"pair","local":"127.0.0.1:p","remote":"127.0.0.1:q","nominated":true,"requests":n,"responses":n}
// Input:  {"type":"sdp","sdpType":"offer"|"answer","sdp":..} (an offer is answered at once)
//         {"type":"candidate","candidate":..,"mid":..}
// Non-127.x candidates are removed from our SDP and never trickled (network rules).
// The process exits when stdin closes.
'use strict';

const readline = require('readline');
const wrtc = require('@roamhq/wrtc');

let role = 'answerer';
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--role') role = process.argv[++i];
}

function out(o) { process.stdout.write(JSON.stringify(o) + '\n'); }

function loopbackOnly(sdp) {
  return sdp.split('\r\n').filter((l) => {
    if (!l.startsWith('a=candidate:')) return true;
    const f = l.split(/\s+/);
    return f.length > 5 && /^127\./.test(f[4]);
  }).join('\r\n');
}

const pc = new wrtc.RTCPeerConnection({ iceServers: [] });
pc.oniceconnectionstatechange = () => out({ type: 'state', kind: 'ice', state: pc.iceConnectionState });
pc.onicecandidate = (e) => {
  if (!e.candidate || !e.candidate.candidate) return;
  const f = e.candidate.candidate.split(/\s+/);
  if (f.length > 5 && /^127\./.test(f[4])) out({ type: 'candidate', candidate: e.candidate.candidate, mid: e.candidate.sdpMid });
};

async function sendLocal(type) {
  const d = type === 'offer' ? await pc.createOffer() : await pc.createAnswer();
  await pc.setLocalDescription(d);
  out({ type: 'sdp', sdpType: type, sdp: loopbackOnly(pc.localDescription.sdp) });
}

let lastPair = '';
const timer = setInterval(async () => {
  try {
    const stats = await pc.getStats();
    const byId = new Map();
    stats.forEach((s) => byId.set(s.id, s));
    stats.forEach((s) => {
      if (s.type !== 'candidate-pair' || !s.nominated || s.state !== 'succeeded') return;
      const l = byId.get(s.localCandidateId), r = byId.get(s.remoteCandidateId);
      const o = {
        type: 'pair', nominated: true,
        local: l ? `${l.address || l.ip}:${l.port}` : '?', remote: r ? `${r.address || r.ip}:${r.port}` : '?',
        requests: s.requestsSent || 0, responses: s.responsesReceived || 0,
      };
      const key = o.local + ' ' + o.remote;
      if (key !== lastPair) { lastPair = key; out(o); }
    });
  } catch (e) {
    out({ type: 'error', message: String(e) });
  }
}, 200);

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  let m;
  try { m = JSON.parse(line); } catch (e) { out({ type: 'error', message: 'bad json' }); return; }
  try {
    if (m.type === 'sdp') {
      await pc.setRemoteDescription({ type: m.sdpType, sdp: m.sdp });
      if (m.sdpType === 'offer') await sendLocal('answer');
    } else if (m.type === 'candidate') {
      await pc.addIceCandidate({ candidate: m.candidate, sdpMid: m.mid || '0' });
    }
  } catch (e) {
    out({ type: 'error', message: String(e && e.message ? e.message : e) });
  }
});
rl.on('close', () => { clearInterval(timer); pc.close(); setTimeout(() => process.exit(0), 50); });

if (role === 'offerer') {
  pc.createDataChannel('ice');
  sendLocal('offer').catch((e) => out({ type: 'error', message: String(e) }));
}
