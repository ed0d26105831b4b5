#!/usr/bin/env node
'use strict';
// Print an access token for the local server (or any LiveKit server).
//   node tests/server/token.js --identity X --room R [--name N] [--metadata M] [--ttl 1h]
//        [--key devkey --secret ...] [--attr k=v ...] [--no-update-metadata]
const { AccessToken } = require('livekit-server-sdk');
const { LocalLiveKitServer } = require('./server');

async function main() {
  const argv = process.argv.slice(2);
  const o = { attr: [] };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    if (k === 'no-update-metadata') { o.noUpdate = true; continue; }
    const v = argv[++i];
    if (v === undefined) throw new Error('missing value for --' + k);
    if (k === 'attr') o.attr.push(v); else o[k] = v;
  }
  if (!o.identity || !o.room) throw new Error('usage: token.js --identity X --room R [--name N] [--metadata M] [--ttl 1h] [--key K --secret S] [--attr k=v]');
  const defaults = new LocalLiveKitServer();
  const attributes = {};
  for (const a of o.attr) { const at = a.indexOf('='); attributes[a.slice(0, at)] = a.slice(at + 1); }
  const at = new AccessToken(o.key || defaults.apiKey, o.secret || defaults.apiSecret, {
    identity: o.identity, name: o.name, metadata: o.metadata, attributes, ttl: o.ttl || '1h',
  });
  at.addGrant({ roomJoin: true, room: o.room, canPublish: true, canSubscribe: true, canPublishData: true, canUpdateOwnMetadata: !o.noUpdate });
  process.stdout.write((await at.toJwt()) + '\n');
}

main().catch((e) => { process.stderr.write(e.message + '\n'); process.exit(2); });
