#!/usr/bin/env node
'use strict';
// Start the local LiveKit-compatible server.
//   node tests/server/cli.js [--port 0] [--host 127.0.0.1] [--key K --secret S]
//        [--stun stun:127.0.0.1:3478] [--refresh-token-interval MS] [--departure-timeout MS]
//        [--verbose] [--no-stdin]
// First stdout line: {"url","apiKey","apiSecret","controlUrl","port"}; human-readable lines follow.
// Stops on SIGTERM, SIGINT or when stdin closes.

const { LocalLiveKitServer } = require('./server');

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error('unexpected argument ' + a);
    const key = a.slice(2);
    if (key === 'verbose' || key === 'no-stdin') { o[key] = true; continue; }
    if (i + 1 >= argv.length) throw new Error('missing value for ' + a);
    o[key] = argv[++i];
  }
  return o;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(e.message + '\nusage: node cli.js [--port 0] [--host 127.0.0.1] [--key K] [--secret S] [--stun URL] [--refresh-token-interval MS] [--departure-timeout MS] [--verbose] [--no-stdin]\n');
    process.exit(2);
  }
  const server = new LocalLiveKitServer({
    host: args.host || '127.0.0.1',
    port: args.port ? parseInt(args.port, 10) : 0,
    apiKey: args.key,
    apiSecret: args.secret,
    iceServers: args.stun ? [{ urls: [args.stun] }] : [],
    refreshTokenIntervalMs: args['refresh-token-interval'] ? parseInt(args['refresh-token-interval'], 10) : 0,
    departureTimeoutMs: args['departure-timeout'] ? parseInt(args['departure-timeout'], 10) : undefined,
    log: args.verbose ? (line) => process.stderr.write(`[${new Date().toISOString()}] ${line}\n`) : null,
  });
  let stopping = false;
  const stop = async (why) => {
    if (stopping) return;
    stopping = true;
    if (args.verbose) process.stderr.write(`stopping (${why})\n`);
    const t = setTimeout(() => process.exit(0), 3000);
    t.unref();
    try { await server.stop({ graceful: true }); } catch (_) { /* best effort */ }
    // libwebrtc can crash in its own teardown at exit; leave without running it.
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (!args['no-stdin']) {
    process.stdin.on('end', () => stop('stdin closed'));
    process.stdin.on('close', () => stop('stdin closed'));
    process.stdin.on('error', () => stop('stdin error'));
    process.stdin.resume();
  }
  const info = await server.start();
  process.stdout.write(JSON.stringify(info) + '\n');
  process.stdout.write(`LiveKit-compatible test server on ${info.url}\n`);
  process.stdout.write(`API key ${info.apiKey}, secret ${info.apiSecret}; control ${info.controlUrl}\n`);
  // libwebrtc gathers on every interface and can pair the host's own address with a loopback
  // candidate. Tests keep traffic on loopback by running inside tests/server/netns.sh.
  const os = require('os');
  const outside = [];
  for (const [name, addrs] of Object.entries(os.networkInterfaces())) {
    for (const a of addrs || []) if (!a.internal && !/^127\./.test(a.address) && !/^fe80:/i.test(a.address)) outside.push(`${name} ${a.address}`);
  }
  if (outside.length) {
    const msg = `warning: non-loopback interfaces here (${outside.join(', ')}); libwebrtc may use them for ICE checks. Run tests under tests/server/netns.sh.`;
    process.stdout.write(msg + '\n');
    process.stderr.write(msg + '\n');
  }
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack) + '\n');
  process.exit(1);
});
