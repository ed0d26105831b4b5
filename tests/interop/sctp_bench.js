#!/usr/bin/env node
// sctp_bench.js - libdatachannel to libdatachannel (node-datachannel, both peers in this
// process, 127.0.0.1 only): one reliable ordered channel, 64 KiB messages for --seconds, then
// 100-byte messages for --seconds. Prints one JSON line:
//   {"impl":"libdatachannel","mbps":..,"msgs":..,"bytes64k":..,"count100":..}
// Used by tests/bench/bench_sctp.c so that both figures come from the same run.
'use strict';

const ndc = require('node-datachannel');

let seconds = 3;
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--seconds') seconds = Number(process.argv[++i]);
}

function isLoopback(c) {
  const f = c.replace(/^a=/, '').trim().split(/\s+/);
  return f.length > 5 && /^127\./.test(f[4]);
}

function connect() {
  return new Promise((resolve) => {
    const cfg = { iceServers: [], bindAddress: '127.0.0.1' };
    const a = new ndc.PeerConnection('a', cfg);
    const b = new ndc.PeerConnection('b', cfg);
    // a candidate may be trickled before the other side has the description: hold it until then
    const pending = { a: [], b: [] };
    const described = { a: false, b: false };
    const describe = (pc, name, sdp, type) => {
      pc.setRemoteDescription(sdp, type);
      described[name] = true;
      for (const [c, mid] of pending[name]) pc.addRemoteCandidate(c, mid);
      pending[name] = [];
    };
    const candidate = (pc, name, c, mid) => {
      if (!isLoopback(c)) return;
      if (described[name]) pc.addRemoteCandidate(c, mid); else pending[name].push([c, mid]);
    };
    a.onLocalDescription((sdp, type) => describe(b, 'b', sdp, type));
    b.onLocalDescription((sdp, type) => describe(a, 'a', sdp, type));
    a.onLocalCandidate((c, mid) => candidate(b, 'b', c, mid));
    b.onLocalCandidate((c, mid) => candidate(a, 'a', c, mid));
    let rx = null;
    const tx = a.createDataChannel('bench');
    let txOpen = false;
    const ready = () => { if (txOpen && rx) resolve({ a, b, tx, rx }); };
    b.onDataChannel((dc) => { rx = dc; ready(); });
    tx.onOpen(() => { txOpen = true; ready(); });
  });
}

// Sends `size`-byte messages for `ms` milliseconds, keeping 1..4 MiB buffered; resolves with the
// bytes and messages the receiver got in that time.
function phase(tx, rx, size, ms) {
  return new Promise((resolve) => {
    const msg = Buffer.alloc(size, 7);
    let bytes = 0;
    let count = 0;
    let running = true;
    rx.onMessage((m) => { if (running) { bytes += m.length; count++; } });
    const low = 1 << 20;
    tx.setBufferedAmountLowThreshold(low);
    const fill = () => {
      let k = 0;
      while (running && tx.bufferedAmount() < 4 * low && k < 100000) {
        tx.sendMessageBinary(msg);
        k++;
      }
    };
    tx.onBufferedAmountLow(fill);
    const t0 = process.hrtime.bigint();
    fill();
    const tick = setInterval(fill, 1);
    setTimeout(() => {
      running = false;
      clearInterval(tick);
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      resolve({ bytes, count, secs });
    }, ms);
  });
}

async function main() {
  const { a, b, tx, rx } = await connect();
  const big = await phase(tx, rx, 65536, seconds * 1000);
  // let the queue drain before the small-message phase
  await new Promise((r) => setTimeout(r, 300));
  const small = await phase(tx, rx, 100, seconds * 1000);
  process.stdout.write(JSON.stringify({
    impl: 'libdatachannel',
    mbps: big.bytes / big.secs / 1e6,
    msgs: small.count / small.secs,
    bytes64k: big.bytes,
    count100: small.count,
  }) + '\n');
  tx.close();
  a.close();
  b.close();
  setTimeout(() => { ndc.cleanup(); process.exit(0); }, 100);
}

main().catch((e) => { process.stdout.write(JSON.stringify({ error: String(e) }) + '\n'); process.exit(1); });
