// Dumps the message type information that @livekit/protocol carries at runtime (protobuf-es v1
// field lists) as JSON: every message and enum reachable from the given roots (default: the
// whole livekit package reachable from SignalRequest, SignalResponse, DataPacket and
// WrappedJoinRequest). Used by the C# cross-check test, the generator of the managed messages
// (gen-csharp.js) and the .proto regeneration for the benchmark (gen-proto.js).
'use strict';
const path = require('path');
const lk = require(path.join(__dirname, '../../node_modules/@livekit/protocol'));

const SCALAR = { 1: 'double', 2: 'float', 3: 'int64', 4: 'uint64', 5: 'int32', 6: 'fixed64', 7: 'fixed32',
  8: 'bool', 9: 'string', 12: 'bytes', 13: 'uint32', 15: 'sfixed32', 16: 'sfixed64', 17: 'sint32', 18: 'sint64' };

function typeRef(kind, T) {
  if (kind === 'scalar') return SCALAR[T];
  if (kind === 'enum') return 'enum:' + T.typeName;
  return 'message:' + T.typeName;
}

function dump(roots) {
  const messages = {};
  const enums = {};
  const queue = roots.slice();
  const visitEnum = (E) => {
    if (enums[E.typeName]) return;
    enums[E.typeName] = { name: E.typeName, values: E.values.map((v) => ({ no: v.no, name: v.name })) };
  };
  while (queue.length) {
    const M = queue.shift();
    if (messages[M.typeName]) continue;
    const fields = M.fields.list().map((f) => {
      const o = { no: f.no, name: f.name, jsonName: f.jsonName, localName: f.localName, kind: f.kind, repeated: !!f.repeated,
        packed: !!(f.repeated && f.packed), opt: !!f.opt, oneof: f.oneof ? f.oneof.name : null, oneofLocalName: f.oneof ? f.oneof.localName : null };
      if (f.kind === 'map') {
        o.key = SCALAR[f.K];
        o.value = f.V.kind === 'scalar' ? SCALAR[f.V.T] : typeRef(f.V.kind, f.V.T);
        if (f.V.kind === 'message') queue.push(f.V.T);
        if (f.V.kind === 'enum') visitEnum(f.V.T);
      } else {
        o.type = typeRef(f.kind, f.T);
        if (f.kind === 'message') queue.push(f.T);
        if (f.kind === 'enum') visitEnum(f.T);
      }
      return o;
    });
    fields.sort((a, b) => a.no - b.no);
    messages[M.typeName] = { name: M.typeName, fields };
  }
  return { package: '@livekit/protocol', version: require(path.join(__dirname, '../../node_modules/@livekit/protocol/package.json')).version, messages, enums };
}

function defaultRoots() {
  return [lk.SignalRequest, lk.SignalResponse, lk.DataPacket, lk.WrappedJoinRequest, lk.JoinRequest];
}

module.exports = { dump, defaultRoots, lk };

if (require.main === module) {
  const names = process.argv.slice(2);
  const roots = names.length ? names.map((n) => lk[n]) : defaultRoots();
  process.stdout.write(JSON.stringify(dump(roots), null, 1) + '\n');
}
