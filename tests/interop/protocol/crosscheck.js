// The Node side of the managed codec cross-check (tests/managed/HostTests/Protocol): a
// long-lived process that speaks JSON lines on stdin/stdout and uses the official codec
// (@livekit/protocol 1.52.1, protobuf-es) for every request.
//   {"op":"schema"}                                -> {"schema": supported schema (config.js)}
//   {"op":"decode","type":T,"items":[b64...]}      -> {"items":[{"json":..}|{"error":".."}]}
//       T is the full name (livekit.JoinResponse); JSON is toJson({enumAsInteger:true}).
//   {"op":"gen","type":T,"seed":n,"count":k}       -> {"items":[b64...]}
//       random messages with the supported fields (seeded, so reproducible).
//   {"op":"equals","type":T,"pairs":[[a,b]...]}    -> {"items":[true|"diff text"]}
'use strict';
const readline = require('readline');
const { dump, defaultRoots, lk } = require('./dump-schema.js');
const cfg = require('./config.js');

const full = dump(defaultRoots());
const schema = cfg.supportedSchema(full);

// type name -> message class of @livekit/protocol
const classes = {};
function collect(M) {
  if (classes[M.typeName]) return;
  classes[M.typeName] = M;
  for (const f of M.fields.list()) {
    if (f.kind === 'message') collect(f.T);
  }
}
defaultRoots().forEach(collect);

// ---- seeded random generation (mulberry32)
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', 'a', 'PA_xYz123', 'Zoë', '日本語テキスト', '\u{1F600}\u{1F680}', 'line\nbreak\t"quoted"\\', 'x'.repeat(300), 'é€𝄞'];

function pick(r, arr) { return arr[Math.floor(r() * arr.length)]; }

function randScalar(r, type) {
  const edge = r() < 0.4;
  switch (type) {
    case 'string':
      return r() < 0.5 ? pick(r, STRINGS) : Math.floor(r() * 1e9).toString(36) + pick(r, STRINGS);
    case 'bytes': {
      const n = edge ? pick(r, [0, 1, 200]) : Math.floor(r() * 40);
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
      return b;
    }
    case 'bool': return r() < 0.5;
    case 'int32': case 'sint32': case 'sfixed32':
      return edge ? pick(r, [0, 1, -1, 2147483647, -2147483648, 300]) : (Math.floor(r() * 4294967296) | 0);
    case 'uint32': case 'fixed32':
      return edge ? pick(r, [0, 1, 4294967295, 127, 128]) : Math.floor(r() * 4294967296);
    case 'int64': case 'sint64': case 'sfixed64':
      return edge ? pick(r, [0n, 1n, -1n, 9223372036854775807n, -9223372036854775808n])
        : BigInt.asIntN(64, (BigInt(Math.floor(r() * 4294967296)) << 32n) | BigInt(Math.floor(r() * 4294967296)));
    case 'uint64': case 'fixed64':
      return edge ? pick(r, [0n, 1n, 18446744073709551615n])
        : BigInt.asUintN(64, (BigInt(Math.floor(r() * 4294967296)) << 32n) | BigInt(Math.floor(r() * 4294967296)));
    case 'float': return Math.fround(edge ? pick(r, [0, 1.5, -0.25, 3.4028234663852886e38, 1e-45]) : (r() - 0.5) * 1e6);
    case 'double': return edge ? pick(r, [0, 1.5, -1e300, 5e-324, 0.1]) : (r() - 0.5) * 1e12;
    default: throw new Error('scalar ' + type);
  }
}

function randEnum(r, enumName) {
  const values = schema.enums[enumName].values;
  if (r() < 0.1) return 99; // an unknown value: open enums pass it through
  return pick(r, values).no;
}

function randValue(r, f, depth) {
  if (f.kind === 'scalar') return randScalar(r, f.type);
  if (f.kind === 'enum') return randEnum(r, f.type.slice(5));
  return randMessage(r, f.type.slice(8), depth + 1);
}

function randMessage(r, typeName, depth) {
  const M = classes[typeName];
  const m = new M();
  const fields = schema.messages[typeName].fields;
  const oneofs = {};
  for (const f of fields) {
    if (f.oneof) (oneofs[f.oneofLocalName] = oneofs[f.oneofLocalName] || []).push(f);
  }
  for (const f of fields) {
    if (f.oneof) continue;
    if (f.kind === 'message' && depth >= 4) continue;
    if (r() < 0.2) continue;
    if (f.kind === 'map') {
      const o = {};
      const n = Math.floor(r() * 4);
      for (let i = 0; i < n; i++) o[randScalar(r, 'string')] = randScalar(r, 'string');
      m[f.localName] = o;
    } else if (f.repeated) {
      const n = Math.floor(r() * 4);
      const arr = [];
      for (let i = 0; i < n; i++) arr.push(randValue(r, f, depth));
      m[f.localName] = arr;
    } else {
      m[f.localName] = randValue(r, f, depth);
    }
  }
  for (const [local, members] of Object.entries(oneofs)) {
    if (r() < 0.15) continue;
    const f = pick(r, members);
    if (f.kind === 'message' && depth >= 4) continue;
    m[local] = { case: f.localName, value: randValue(r, f, depth) };
  }
  return m;
}

const JSON_OPTIONS = { enumAsInteger: true, emitDefaultValues: false };

function handle(req) {
  switch (req.op) {
    case 'schema':
      return { schema };
    case 'decode': {
      const M = classes[req.type];
      return {
        items: req.items.map((b64) => {
          try {
            return { json: M.fromBinary(Buffer.from(b64, 'base64')).toJson(JSON_OPTIONS) };
          } catch (e) {
            return { error: String(e && e.message) };
          }
        }),
      };
    }
    case 'gen': {
      const r = rng(req.seed);
      const items = [];
      for (let i = 0; i < req.count; i++) {
        items.push(Buffer.from(randMessage(r, req.type, 0).toBinary()).toString('base64'));
      }
      return { items };
    }
    case 'equals': {
      const M = classes[req.type];
      return {
        items: req.pairs.map(([a, b]) => {
          try {
            const ma = M.fromBinary(Buffer.from(a, 'base64'));
            const mb = M.fromBinary(Buffer.from(b, 'base64'));
            if (M.equals(ma, mb)) return true;
            return 'expected ' + ma.toJsonString(JSON_OPTIONS) + '\n  actual ' + mb.toJsonString(JSON_OPTIONS);
          } catch (e) {
            return 'error: ' + String(e && e.message);
          }
        }),
      };
    }
    default:
      throw new Error('unknown op ' + req.op);
  }
}

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on('line', (line) => {
  if (!line.trim()) return;
  let res;
  try {
    res = handle(JSON.parse(line));
  } catch (e) {
    res = { fatal: String(e && e.stack) };
  }
  process.stdout.write(JSON.stringify(res) + '\n');
});
