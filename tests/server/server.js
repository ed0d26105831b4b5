'use strict';
// Local LiveKit-compatible server for tests and the offline demo.
//
// Signaling: /rtc/v1 (single peer connection, JoinRequest in the URL) and /rtc (v0, two peer
// connections), the validate endpoints, binary protobuf frames from @livekit/protocol, tokens
// verified with livekit-server-sdk. Media: one @roamhq/wrtc (libwebrtc) peer connection per
// participant transport; data packets forwarded between participants, published audio
// forwarded to the others. Test knobs on /_test/* (see docs/local-server.md).

const http = require('http');
const zlib = require('zlib');
const crypto = require('crypto');
const { WebSocketServer } = require('ws');
const P = require('@livekit/protocol');
const { TokenVerifier, AccessToken } = require('livekit-server-sdk');
const sdpUtil = require('./sdp');

let wrtc = null;
function loadWrtc() {
  if (!wrtc) wrtc = require('@roamhq/wrtc');
  return wrtc;
}

const SERVER_VERSION = '1.9.0-local';
const PROTOCOL = 16;
const PING_INTERVAL = 5;
const PING_TIMEOUT = 15;
const RELIABLE = '_reliable';
const LOSSY = '_lossy';

function randomId(prefix) {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.randomBytes(12);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return prefix + s;
}

function nowMs() {
  return Date.now();
}

class HttpError extends Error {
  constructor(status, body) {
    super(body);
    this.status = status;
    this.body = body;
  }
}

const STATUS_TEXT = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/** A participant: the room model state plus its signal connection and transports. */
class Participant {
  constructor(room, fields) {
    this.room = room;
    this.sid = randomId('PA_');
    this.identity = fields.identity;
    this.name = fields.name || '';
    this.metadata = fields.metadata || '';
    this.attributes = Object.assign({}, fields.attributes || {});
    this.kind = fields.kind || P.ParticipantInfo_Kind.STANDARD;
    this.permission = fields.permission;
    this.clientProtocol = fields.clientProtocol || 0;
    this.clientInfo = fields.clientInfo || null;
    this.v1 = fields.v1;
    this.subscriberPrimary = fields.subscriberPrimary;
    this.autoSubscribe = fields.autoSubscribe !== false;
    this.grants = fields.grants;
    this.joinedAt = Math.floor(nowMs() / 1000);
    this.joinedAtMs = nowMs();
    this.state = P.ParticipantInfo_State.JOINED;
    this.version = 1;
    this.tracks = []; // TrackInfo of published tracks
    this.pendingTracks = new Map(); // cid -> TrackInfo awaiting the offer that carries it
    this.ws = null;
    this.gone = false;
    this.departureTimer = null;
    this.lastReceivedReliableSeq = 0; // highest reliable sequence received from this participant
    this.pub = null; // transport: {pc, target, queue, remoteCandidates, ...}
    this.sub = null; // v0 subscriber transport
    this.clientChannels = {}; // label -> RTCDataChannel opened by the client
    this.serverChannels = {}; // label -> RTCDataChannel opened by the server (v0 subscriber PC)
    this.impair = { pongs: 'none', all: 'none', delayMs: 0 };
    this.subscriptions = new Map(); // trackSid -> {forwarder, transceiver, sender, mid}
    this.pendingSubscriptions = []; // v1: trackSids waiting for a free recvonly m-line
    this.syncState = null;
    this.stats = { signalIn: 0, signalOut: 0, dataIn: 0, dataOut: 0, duplicatesDropped: 0, pingReqs: 0, dataCases: {} };
    this.events = [];
  }

  info() {
    return new P.ParticipantInfo({
      sid: this.sid,
      identity: this.identity,
      state: this.state,
      tracks: this.tracks.map((t) => t.clone()),
      metadata: this.metadata,
      joinedAt: BigInt(this.joinedAt),
      joinedAtMs: BigInt(this.joinedAtMs),
      name: this.name,
      version: this.version,
      permission: this.permission,
      region: 'local',
      isPublisher: this.tracks.length > 0,
      kind: this.kind,
      attributes: Object.assign({}, this.attributes),
      clientProtocol: this.clientProtocol,
    });
  }

  log(ev) {
    this.events.push({ t: nowMs(), ev });
    if (this.events.length > 200) this.events.shift();
  }
}

class Room {
  constructor(name) {
    this.name = name;
    this.sid = randomId('RM_');
    this.creationTimeMs = nowMs();
    this.metadata = '';
    this.version = 1;
    this.participants = new Map(); // identity -> Participant
  }

  info() {
    let publishers = 0;
    for (const p of this.participants.values()) if (p.tracks.length) publishers++;
    return new P.Room({
      sid: this.sid,
      name: this.name,
      emptyTimeout: 300,
      departureTimeout: 20,
      maxParticipants: 0,
      creationTime: BigInt(Math.floor(this.creationTimeMs / 1000)),
      creationTimeMs: BigInt(this.creationTimeMs),
      metadata: this.metadata,
      numParticipants: this.participants.size,
      numPublishers: publishers,
      version: this.version,
    });
  }
}

/**
 * The server. Options: host ('127.0.0.1'), port (0 = any free port), apiKey, apiSecret,
 * iceServers ([{urls:[...]}] sent in JoinResponse), allowAddress (predicate for ICE candidate
 * addresses; default 127.0.0.0/8), departureTimeoutMs (how long a participant whose signal
 * dropped waits for a resume), refreshTokenIntervalMs (0 = only on demand), log (function).
 */
class LocalLiveKitServer {
  constructor(opts = {}) {
    this.host = opts.host || '127.0.0.1';
    this.port = opts.port || 0;
    this.apiKey = opts.apiKey || 'devkey';
    this.apiSecret = opts.apiSecret || 'secret-secret-secret-secret-secret-0';
    this.iceServers = opts.iceServers || [];
    this.allowAddress = opts.allowAddress || null;
    this.departureTimeoutMs = opts.departureTimeoutMs || 20000;
    this.refreshTokenIntervalMs = opts.refreshTokenIntervalMs || 0;
    this.wsPingIntervalMs = opts.wsPingIntervalMs || 10000;
    this.speakerIntervalMs = opts.speakerIntervalMs || 300;
    this.logFn = opts.log || null;
    this.nodeId = randomId('ND_');
    this.rooms = new Map();
    this.knobs = this._defaultKnobs();
    this.httpServer = null;
    this.wss = null;
    this.sockets = new Set();
    this.counters = { joins: 0, resumes: 0, refusedJoins: 0, v0Joins: 0, v1Joins: 0, validate: 0 };
    this.verifier = new TokenVerifier(this.apiKey, this.apiSecret);
    this.restarting = false;
  }

  _defaultKnobs() {
    return { refuse: null, v1NotFound: false, resumeEnabled: true };
  }

  log(...a) {
    if (this.logFn) this.logFn(a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' '));
  }

  get hostForUrl() {
    return this.host.includes(':') ? `[${this.host}]` : this.host;
  }

  get url() {
    return `ws://${this.hostForUrl}:${this.port}`;
  }

  describe() {
    return {
      url: this.url,
      apiKey: this.apiKey,
      apiSecret: this.apiSecret,
      controlUrl: `http://${this.hostForUrl}:${this.port}/_test`,
      port: this.port,
    };
  }

  // ---------------------------------------------------------------- lifecycle

  async start() {
    loadWrtc(); // load libwebrtc now, not during the first join
    this.httpServer = http.createServer((req, res) => this._onHttp(req, res));
    this.httpServer.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16 * 1024 * 1024 });
    this.httpServer.on('upgrade', (req, socket, head) => this._onUpgrade(req, socket, head));
    await new Promise((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(this.port, this.host, () => {
        this.httpServer.off('error', reject);
        resolve();
      });
    });
    this.port = this.httpServer.address().port;
    this.wsPingTimer = setInterval(() => {
      for (const c of this.wss.clients) {
        try { c.ping(); } catch (_) { /* closed */ }
      }
    }, this.wsPingIntervalMs);
    this.speakerTimer = setInterval(() => this._updateSpeakers(), this.speakerIntervalMs);
    if (this.refreshTokenIntervalMs > 0) {
      this.refreshTimer = setInterval(() => {
        for (const r of this.rooms.values()) for (const p of r.participants.values()) this.sendRefreshToken(p).catch(() => {});
      }, this.refreshTokenIntervalMs);
    }
    this.log('listening', this.describe());
    return this.describe();
  }

  /** Close everything. graceful: send leave SERVER_SHUTDOWN first. */
  async stop({ graceful = true } = {}) {
    clearInterval(this.wsPingTimer);
    clearInterval(this.refreshTimer);
    clearInterval(this.speakerTimer);
    for (const room of [...this.rooms.values()]) {
      for (const p of [...room.participants.values()]) {
        if (graceful && p.ws) {
          this._send(p, 'leave', new P.LeaveRequest({ canReconnect: false, reason: P.DisconnectReason.SERVER_SHUTDOWN, action: P.LeaveRequest_Action.DISCONNECT }), { force: true });
        }
        this._closeParticipantMedia(p);
        if (p.ws) {
          const ws = p.ws;
          p.ws = null;
          if (graceful) ws.close(1001, 'server shutdown'); else ws.terminate();
        }
        clearTimeout(p.departureTimer);
        p.gone = true;
      }
    }
    for (const room of this.rooms.values()) clearTimeout(room.closeTimer);
    this.rooms.clear();
    if (this.wss) {
      for (const c of this.wss.clients) c.terminate();
      this.wss.close();
    }
    if (this.httpServer) {
      const srv = this.httpServer;
      this.httpServer = null;
      await new Promise((resolve) => {
        srv.close(() => resolve());
        for (const s of this.sockets) s.destroy();
      });
    }
  }

  /** Close everything abruptly (no leave), stay down downMs, come back on the same port. */
  async restart({ downMs = 0 } = {}) {
    this.restarting = true;
    const port = this.port;
    await this.stop({ graceful: false });
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    this.port = port;
    await this.start();
    this.restarting = false;
  }

  // ---------------------------------------------------------------- HTTP

  _token(req, url) {
    const auth = req.headers['authorization'];
    if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
    return url.searchParams.get('access_token');
  }

  /** Verify the token and grants. Returns claims; throws HttpError(401, reason). */
  async _authorize(token) {
    if (!token) throw new HttpError(401, 'no permissions to access the room: authorization token missing');
    let claims;
    try {
      claims = await this.verifier.verify(token);
    } catch (e) {
      throw new HttpError(401, 'invalid token: ' + (e && e.message ? e.message : String(e)));
    }
    if (claims.exp === undefined) throw new HttpError(401, 'invalid token: exp claim is required');
    const video = claims.video || {};
    if (!video.roomJoin) throw new HttpError(401, 'no permissions to access the room: token has no roomJoin grant');
    if (!video.room) throw new HttpError(401, 'no permissions to access the room: token names no room');
    if (!claims.sub) throw new HttpError(400, 'identity cannot be empty');
    return claims;
  }

  _checkRefuse() {
    const r = this.knobs.refuse;
    if (!r) return;
    if (r.count !== undefined && r.count !== null) {
      if (r.count <= 0) { this.knobs.refuse = null; return; }
      r.count--;
      if (r.count <= 0) this.knobs.refuse = null;
    }
    this.counters.refusedJoins++;
    throw new HttpError(r.status, r.body !== undefined ? r.body : (r.status === 401 ? 'no permissions to access the room: refused by test knob' : 'join refused by test knob'));
  }

  async _onHttp(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const reply = (status, body, type = 'text/plain; charset=utf-8') => {
      const b = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      res.writeHead(status, { 'Content-Type': typeof body === 'string' ? type : 'application/json', 'Content-Length': b.length });
      res.end(b);
    };
    try {
      if (url.pathname.startsWith('/_test')) return await this._onControl(req, res, url, reply);
      if (url.pathname === '/rtc/validate' || url.pathname === '/rtc/v1/validate') {
        this.counters.validate++;
        if (url.pathname === '/rtc/v1/validate' && this.knobs.v1NotFound) return reply(404, '404 page not found\n');
        this._checkRefuse();
        await this._authorize(this._token(req, url));
        return reply(200, 'success');
      }
      if (url.pathname === '/rtc' || url.pathname === '/rtc/v1') {
        if (url.pathname === '/rtc/v1' && this.knobs.v1NotFound) return reply(404, '404 page not found\n');
        return reply(404, ''); // livekit-server answers a plain GET on the WebSocket routes with an empty 404
      }
      if (url.pathname === '/') return reply(200, 'OK');
      return reply(404, '404 page not found\n');
    } catch (e) {
      if (e instanceof HttpError) return reply(e.status, e.body);
      this.log('http error', String(e && e.stack));
      return reply(500, String(e && e.message));
    }
  }

  _rejectUpgrade(socket, status, body) {
    const b = Buffer.from(body);
    socket.write(`HTTP/1.1 ${status} ${STATUS_TEXT[status] || 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${b.length}\r\nConnection: close\r\n\r\n`);
    socket.write(b);
    socket.destroy();
  }

  async _onUpgrade(req, socket, head) {
    const url = new URL(req.url, 'http://localhost');
    try {
      const v1 = url.pathname === '/rtc/v1';
      if (!v1 && url.pathname !== '/rtc') throw new HttpError(404, '404 page not found\n');
      if (v1 && this.knobs.v1NotFound) throw new HttpError(404, '404 page not found\n');
      this._checkRefuse();
      const claims = await this._authorize(this._token(req, url));
      const join = v1 ? this._parseV1(url) : this._parseV0(url);
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this._onSignalConnection(ws, claims, join).catch((e) => {
          this.log('signal connection error', String(e && e.stack));
          try { ws.close(1011, 'internal error'); } catch (_) { /* closed */ }
        });
      });
    } catch (e) {
      if (e instanceof HttpError) return this._rejectUpgrade(socket, e.status, e.body);
      this.log('upgrade error', String(e && e.stack));
      return this._rejectUpgrade(socket, 500, String(e && e.message));
    }
  }

  _parseV1(url) {
    const raw = url.searchParams.get('join_request');
    if (!raw) throw new HttpError(400, 'join_request missing');
    let bytes;
    try {
      bytes = Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    } catch (e) {
      throw new HttpError(400, 'join_request is not base64url');
    }
    let wrapped;
    try {
      wrapped = P.WrappedJoinRequest.fromBinary(bytes);
    } catch (e) {
      throw new HttpError(400, 'cannot decode WrappedJoinRequest: ' + e.message);
    }
    let inner = Buffer.from(wrapped.joinRequest);
    if (wrapped.compression === P.WrappedJoinRequest_Compression.GZIP) {
      try { inner = zlib.gunzipSync(inner); } catch (e) { throw new HttpError(400, 'cannot gunzip join_request: ' + e.message); }
    }
    let jr;
    try {
      jr = P.JoinRequest.fromBinary(inner);
    } catch (e) {
      throw new HttpError(400, 'cannot decode JoinRequest: ' + e.message);
    }
    const cs = jr.connectionSettings;
    return {
      v1: true,
      compression: wrapped.compression,
      clientInfo: jr.clientInfo || new P.ClientInfo(),
      autoSubscribe: cs ? cs.autoSubscribe : true,
      metadata: jr.metadata,
      attributes: jr.participantAttributes,
      addTrackRequests: jr.addTrackRequests || [],
      publisherOffer: jr.publisherOffer,
      reconnect: jr.reconnect,
      reconnectReason: jr.reconnectReason,
      participantSid: jr.participantSid,
      syncState: jr.syncState,
    };
  }

  _parseV0(url) {
    const q = url.searchParams;
    const num = (k, d) => (q.has(k) ? parseInt(q.get(k), 10) || 0 : d);
    const ci = new P.ClientInfo({
      sdk: P.ClientInfo_SDK[(q.get('sdk') || '').toUpperCase()] || 0,
      version: q.get('version') || '',
      protocol: num('protocol', 0),
      os: q.get('os') || '',
      osVersion: q.get('os_version') || '',
      deviceModel: q.get('device_model') || '',
      browser: q.get('browser') || '',
      browserVersion: q.get('browser_version') || '',
      network: q.get('network') || '',
      clientProtocol: num('client_protocol', 0),
    });
    return {
      v1: false,
      clientInfo: ci,
      autoSubscribe: q.get('auto_subscribe') !== '0' && q.get('auto_subscribe') !== 'false',
      reconnect: q.get('reconnect') === '1' || q.get('reconnect') === 'true',
      reconnectReason: num('reconnect_reason', 0),
      participantSid: q.get('sid') || '',
      metadata: undefined,
      attributes: undefined,
      addTrackRequests: [],
      publisherOffer: undefined,
    };
  }

  // ---------------------------------------------------------------- control endpoint

  async _onControl(req, res, url, reply) {
    let body = {};
    if (req.method === 'POST' || req.method === 'PUT') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text) {
        try { body = JSON.parse(text); } catch (e) { return reply(400, { ok: false, error: 'body is not JSON' }); }
      }
    }
    for (const [k, v] of url.searchParams) if (body[k] === undefined) body[k] = v;
    const name = url.pathname.replace(/^\/_test\/?/, '');
    try {
      const result = await this.control(name, body);
      return reply(200, Object.assign({ ok: true }, result || {}));
    } catch (e) {
      if (e instanceof HttpError) return reply(e.status, { ok: false, error: e.body });
      return reply(500, { ok: false, error: String(e && e.message) });
    }
  }

  _findParticipant(body) {
    const identity = body.identity;
    if (!identity) throw new HttpError(400, 'identity required');
    for (const r of this.rooms.values()) {
      if (body.room && r.name !== body.room) continue;
      const p = r.participants.get(identity);
      if (p) return p;
    }
    throw new HttpError(404, `no participant ${identity}`);
  }

  /** The control API, shared by HTTP (/_test/<name>) and embedding code. */
  async control(name, body = {}) {
    switch (name) {
      case '':
      case 'state':
        return { state: this.state(body) };
      case 'token':
        return { token: await this.createToken(body) };
      case 'drop': {
        const p = this._findParticipant(body);
        const had = !!p.ws;
        if (p.ws) p.ws.terminate();
        return { dropped: had };
      }
      case 'leave': {
        const p = this._findParticipant(body);
        const action = P.LeaveRequest_Action[String(body.action || 'DISCONNECT').toUpperCase()];
        if (action === undefined) throw new HttpError(400, 'action must be DISCONNECT, RESUME or RECONNECT');
        const reason = body.reason !== undefined ? (typeof body.reason === 'number' ? body.reason : P.DisconnectReason[String(body.reason).toUpperCase()]) : P.DisconnectReason.UNKNOWN_REASON;
        this.serverLeave(p, action, reason || 0);
        return { sid: p.sid };
      }
      case 'close-pc': {
        // The media path dies while the signal stays: close the server's peer connection(s) of
        // that participant (libwebrtc sends its DTLS close_notify / SCTP abort, so the client's
        // transport fails). A closed transport is not revived: its offers go unanswered, so only
        // a full rejoin (new peer connections) brings the participant's media back.
        const p = this._findParticipant(body);
        const which = String(body.target || 'all');
        if (!['publisher', 'subscriber', 'all'].includes(which)) throw new HttpError(400, 'target must be publisher, subscriber or all');
        const closed = [];
        for (const [name, tr] of [['publisher', p.pub], ['subscriber', p.sub]]) {
          if (!tr || tr.closed || (which !== 'all' && which !== name)) continue;
          try { tr.pc.close(); } catch (_) { /* closed */ }
          tr.closed = true;
          closed.push(name);
        }
        p.log('close-pc ' + closed.join(','));
        return { closed };
      }
      case 'impair': {
        const p = this._findParticipant(body);
        const mode = body.mode || 'none';
        if (!['none', 'drop', 'delay'].includes(mode)) throw new HttpError(400, 'mode must be none, drop or delay');
        const what = body.what || 'pongs';
        if (!['pongs', 'all'].includes(what)) throw new HttpError(400, 'what must be pongs or all');
        p.impair[what] = mode;
        if (body.delayMs !== undefined) p.impair.delayMs = Number(body.delayMs) || 0;
        return { impair: p.impair };
      }
      case 'refuse': {
        const status = Number(body.status || 0);
        if (!status) { this.knobs.refuse = null; return { refuse: null }; }
        this.knobs.refuse = { status, body: body.body, count: body.count !== undefined ? Number(body.count) : undefined };
        return { refuse: this.knobs.refuse };
      }
      case 'v1-404':
        this.knobs.v1NotFound = body.enabled === undefined ? true : body.enabled === true || body.enabled === 'true' || body.enabled === 1;
        return { v1NotFound: this.knobs.v1NotFound };
      case 'resume':
        this.knobs.resumeEnabled = body.enabled === undefined ? true : body.enabled === true || body.enabled === 'true';
        return { resumeEnabled: this.knobs.resumeEnabled };
      case 'restart': {
        const downMs = Number(body.downMs || 0);
        setTimeout(() => this.restart({ downMs }).catch((e) => this.log('restart failed', String(e))), 20);
        return { port: this.port, downMs };
      }
      case 'refresh-token': {
        const p = this._findParticipant(body);
        const token = await this.sendRefreshToken(p, body.token);
        return { token };
      }
      case 'room-metadata': {
        const room = this.rooms.get(body.room);
        if (!room) throw new HttpError(404, `no room ${body.room}`);
        room.metadata = String(body.metadata || '');
        room.version++;
        this._broadcastRoomUpdate(room);
        return { room: room.name };
      }
      case 'client-protocol': {
        // Report another client_protocol for a participant (e.g. 0 to make the others use RPC v1).
        const p = this._findParticipant(body);
        const value = Number(body.value);
        if (!Number.isInteger(value) || value < 0) throw new HttpError(400, 'value must be an integer >= 0');
        p.clientProtocol = value;
        p.clientProtocolForced = true;
        this._bumpVersion(p);
        return { clientProtocol: value, version: p.version };
      }
      case 'reset':
        this.knobs = this._defaultKnobs();
        for (const r of this.rooms.values()) for (const p of r.participants.values()) p.impair = { pongs: 'none', all: 'none', delayMs: 0 };
        return {};
      default:
        throw new HttpError(404, `unknown control ${name}`);
    }
  }

  async createToken({ identity, room, name, metadata, ttl, attributes, canUpdateOwnMetadata = true, canPublish = true, canSubscribe = true, canPublishData = true }) {
    if (!identity || !room) throw new HttpError(400, 'identity and room required');
    const at = new AccessToken(this.apiKey, this.apiSecret, { identity, name, metadata, attributes, ttl: ttl || '1h' });
    at.addGrant({ roomJoin: true, room, canPublish: !!canPublish, canSubscribe: !!canSubscribe, canPublishData: !!canPublishData, canUpdateOwnMetadata: !!canUpdateOwnMetadata });
    return at.toJwt();
  }

  state(body) {
    const rooms = [];
    for (const r of this.rooms.values()) {
      rooms.push({
        name: r.name,
        sid: r.sid,
        metadata: r.metadata,
        participants: [...r.participants.values()].map((p) => ({
          sid: p.sid,
          identity: p.identity,
          name: p.name,
          metadata: p.metadata,
          attributes: p.attributes,
          version: p.version,
          state: P.ParticipantInfo_State[p.state],
          signalConnected: !!p.ws,
          v1: p.v1,
          clientProtocol: p.clientProtocol,
          publisherPc: p.pub ? p.pub.pc.connectionState : null,
          subscriberPc: p.sub ? p.sub.pc.connectionState : null,
          channels: Object.keys(p.clientChannels),
          tracks: p.tracks.map((t) => ({ sid: t.sid, type: P.TrackType[t.type], mid: t.mid, muted: t.muted, name: t.name })),
          subscriptions: [...p.subscriptions.keys()],
          lastReceivedReliableSeq: p.lastReceivedReliableSeq,
          impair: p.impair,
          stats: p.stats,
          events: body && body.events ? p.events : undefined,
          sdp: body && body.events ? { lastRemote: p.lastRemoteSdp || null, lastLocal: p.lastLocalSdp || null } : undefined,
        })),
      });
    }
    return { port: this.port, url: this.url, knobs: this.knobs, counters: this.counters, rooms };
  }

  // ---------------------------------------------------------------- signal sending

  /** Send one SignalResponse to a participant, honouring the impair knobs. */
  _send(p, kase, value, { force = false, ws = null } = {}) {
    const sock = ws || p.ws;
    if (!sock || sock.readyState !== 1) return false;
    const isPong = kase === 'pong' || kase === 'pongResp';
    let mode = p.impair.all;
    if (mode === 'none' && isPong) mode = p.impair.pongs;
    if (force) mode = 'none';
    if (mode === 'drop') return false;
    const bytes = new P.SignalResponse({ message: { case: kase, value } }).toBinary();
    const doSend = () => {
      if (sock.readyState === 1) {
        sock.send(bytes);
        p.stats.signalOut++;
      }
    };
    if (mode === 'delay' && p.impair.delayMs > 0) setTimeout(doSend, p.impair.delayMs);
    else doSend();
    return true;
  }

  _broadcastUpdate(room, infos, exceptSid) {
    for (const other of room.participants.values()) {
      if (other.sid === exceptSid) continue;
      this._send(other, 'update', new P.ParticipantUpdate({ participants: infos }));
    }
  }

  _broadcastRoomUpdate(room) {
    const info = room.info();
    for (const other of room.participants.values()) this._send(other, 'roomUpdate', new P.RoomUpdate({ room: info }));
  }

  async sendRefreshToken(p, token) {
    if (!token) {
      const g = p.grants || {};
      const at = new AccessToken(this.apiKey, this.apiSecret, { identity: p.identity, name: p.name, metadata: p.metadata, attributes: p.attributes, ttl: '1h' });
      at.addGrant(Object.assign({}, g.video || {}));
      token = await at.toJwt();
    }
    this._send(p, 'refreshToken', token);
    return token;
  }

  // ---------------------------------------------------------------- join, resume, leave

  _permission(claims) {
    const v = claims.video || {};
    const d = (x) => (x === undefined ? true : !!x);
    return new P.ParticipantPermission({
      canSubscribe: d(v.canSubscribe),
      canPublish: d(v.canPublish),
      canPublishData: d(v.canPublishData),
      hidden: !!v.hidden,
      canUpdateMetadata: !!v.canUpdateOwnMetadata,
      agent: !!v.agent,
    });
  }

  async _onSignalConnection(ws, claims, join) {
    const roomName = claims.video.room;
    const identity = claims.sub;
    ws.binaryType = 'nodebuffer';
    if (join.reconnect) {
      const room = this.rooms.get(roomName);
      const p = room && room.participants.get(identity);
      if (this.knobs.resumeEnabled && p && !p.gone && (!join.participantSid || p.sid === join.participantSid)) {
        return this._resume(ws, p, join);
      }
      // Resume impossible: tell the client to rejoin in full.
      this.log('resume refused', identity, join.participantSid);
      const bytes = new P.SignalResponse({ message: { case: 'leave', value: new P.LeaveRequest({ canReconnect: true, reason: P.DisconnectReason.STATE_MISMATCH, action: P.LeaveRequest_Action.RECONNECT }) } }).toBinary();
      ws.send(bytes);
      setTimeout(() => ws.close(1000, 'resume not possible'), 50);
      return;
    }
    const existing = this.rooms.get(roomName);
    const old = existing && existing.participants.get(identity);
    if (old) {
      // Same identity joins again: the new session replaces the old one.
      this._send(old, 'leave', new P.LeaveRequest({ canReconnect: false, reason: P.DisconnectReason.DUPLICATE_IDENTITY, action: P.LeaveRequest_Action.DISCONNECT }), { force: true });
      this._removeParticipant(old, P.DisconnectReason.DUPLICATE_IDENTITY);
    }
    let room = this.rooms.get(roomName);
    if (!room) {
      room = new Room(roomName);
      this.rooms.set(roomName, room);
    }
    clearTimeout(room.closeTimer);
    room.closeTimer = null;
    const ci = join.clientInfo;
    const attributes = Object.assign({}, claims.attributes || {}, join.attributes || {});
    const p = new Participant(room, {
      identity,
      name: claims.name || '',
      metadata: join.metadata || claims.metadata || '',
      attributes,
      kind: claims.kind ? (P.ParticipantInfo_Kind[String(claims.kind).toUpperCase()] || 0) : (claims.video.agent ? P.ParticipantInfo_Kind.AGENT : 0),
      permission: this._permission(claims),
      clientProtocol: ci.clientProtocol || 0,
      clientInfo: ci,
      v1: join.v1,
      subscriberPrimary: !join.v1 && (ci.protocol || 0) > 2,
      autoSubscribe: join.autoSubscribe,
      grants: claims,
    });
    room.participants.set(identity, p);
    this.counters.joins++;
    if (join.v1) this.counters.v1Joins++; else this.counters.v0Joins++;
    this._attach(p, ws);
    p.log('join ' + (join.v1 ? 'v1' : 'v0'));
    this.log('join', room.name, identity, p.sid, join.v1 ? 'v1' : 'v0');

    const others = [...room.participants.values()].filter((o) => o !== p).map((o) => o.info());
    const jr = new P.JoinResponse({
      room: room.info(),
      participant: p.info(),
      otherParticipants: others,
      serverVersion: SERVER_VERSION,
      iceServers: this.iceServers.map((s) => new P.ICEServer({ urls: s.urls, username: s.username || '', credential: s.credential || '' })),
      subscriberPrimary: p.subscriberPrimary,
      serverRegion: 'local',
      pingTimeout: PING_TIMEOUT,
      pingInterval: PING_INTERVAL,
      serverInfo: new P.ServerInfo({ edition: P.ServerInfo_Edition.Standard, version: SERVER_VERSION, protocol: PROTOCOL, region: 'local', nodeId: this.nodeId }),
      sifTrailer: crypto.randomBytes(8),
    });
    this._send(p, 'join', jr, { force: true });
    this._broadcastUpdate(room, [p.info()], p.sid);
    this._broadcastRoomUpdate(room);

    for (const req of join.addTrackRequests) this._onAddTrack(p, req);
    if (join.publisherOffer && join.publisherOffer.sdp) {
      await this._onOffer(p, join.publisherOffer);
    }
    if (!join.v1 && p.subscriberPrimary) {
      this._ensureSubscriber(p);
    }
    this._autoSubscribeExisting(p);
  }

  _resume(ws, p, join) {
    this.counters.resumes++;
    clearTimeout(p.departureTimer);
    p.departureTimer = null;
    const oldWs = p.ws;
    p.ws = null;
    if (oldWs) { try { oldWs.terminate(); } catch (_) { /* closed */ } }
    this._attach(p, ws);
    p.log('resume');
    this.log('resume', p.room.name, p.identity, p.sid);
    if (join.clientInfo && join.clientInfo.clientProtocol && !p.clientProtocolForced) p.clientProtocol = join.clientInfo.clientProtocol;
    this._send(p, 'reconnect', new P.ReconnectResponse({
      iceServers: this.iceServers.map((s) => new P.ICEServer({ urls: s.urls, username: s.username || '', credential: s.credential || '' })),
      lastMessageSeq: p.lastReceivedReliableSeq,
    }), { force: true });
    // Bring the participant up to date: everything it might have missed while detached.
    const others = [...p.room.participants.values()].filter((o) => o !== p).map((o) => o.info());
    if (others.length) this._send(p, 'update', new P.ParticipantUpdate({ participants: others }));
    if (join.syncState) p.syncState = join.syncState;
    if (join.publisherOffer && join.publisherOffer.sdp) this._onOffer(p, join.publisherOffer).catch((e) => this.log('resume offer failed', String(e)));
    if (!p.v1 && p.sub) this._negotiateSubscriber(p, { iceRestart: true });
  }

  _attach(p, ws) {
    p.ws = ws;
    p.lastSignalAt = nowMs();
    ws.on('message', (data, isBinary) => {
      if (p.ws !== ws) return;
      p.lastSignalAt = nowMs();
      if (!isBinary) return;
      let req;
      try {
        req = P.SignalRequest.fromBinary(new Uint8Array(data));
      } catch (e) {
        this.log('bad signal frame from', p.identity, e.message);
        return;
      }
      p.stats.signalIn++;
      this._onSignal(p, req).catch((e) => {
        p.stats.errors = (p.stats.errors || 0) + 1;
        p.log(`error handling ${req.message.case}: ${e && e.message}`);
        this.log('signal handler error', req.message.case, String(e && e.stack));
      });
    });
    ws.on('close', () => {
      if (p.ws !== ws) return;
      p.ws = null;
      p.log('signal closed');
      clearInterval(p.signalTimeoutTimer);
      if (p.gone) return;
      // Keep the participant for a while so it can resume.
      clearTimeout(p.departureTimer);
      p.departureTimer = setTimeout(() => {
        if (!p.ws && !p.gone) this._removeParticipant(p, P.DisconnectReason.SIGNAL_CLOSE);
      }, this.departureTimeoutMs);
    });
    ws.on('error', () => {});
    clearInterval(p.signalTimeoutTimer);
    p.signalTimeoutTimer = setInterval(() => {
      if (p.ws !== ws) { clearInterval(p.signalTimeoutTimer); return; }
      if (nowMs() - p.lastSignalAt > PING_TIMEOUT * 1000) {
        p.log('signal timeout');
        ws.terminate();
      }
    }, 1000);
  }

  /** Send a server leave request; DISCONNECT and RECONNECT also end the session here. */
  serverLeave(p, action, reason) {
    p.log('server leave ' + P.LeaveRequest_Action[action]);
    this._send(p, 'leave', new P.LeaveRequest({ canReconnect: action !== P.LeaveRequest_Action.DISCONNECT, reason, action }), { force: true });
    if (action === P.LeaveRequest_Action.DISCONNECT || action === P.LeaveRequest_Action.RECONNECT) {
      const ws = p.ws;
      this._removeParticipant(p, reason || P.DisconnectReason.PARTICIPANT_REMOVED);
      if (ws) setTimeout(() => { try { ws.close(1000); } catch (_) { /* closed */ } }, 100);
    }
  }

  _removeParticipant(p, reason) {
    if (p.gone) return;
    p.gone = true;
    clearTimeout(p.departureTimer);
    clearInterval(p.signalTimeoutTimer);
    const room = p.room;
    if (room.participants.get(p.identity) === p) room.participants.delete(p.identity);
    p.state = P.ParticipantInfo_State.DISCONNECTED;
    p.version++;
    const info = p.info();
    info.disconnectReason = reason || 0;
    this._broadcastUpdate(room, [info], p.sid);
    // Stop forwarding this participant's tracks to the others.
    for (const t of p.tracks) {
      for (const other of room.participants.values()) this._unsubscribe(other, t.sid);
    }
    this._closeParticipantMedia(p);
    if (p.ws) {
      const ws = p.ws;
      p.ws = null;
      setTimeout(() => { try { ws.close(1000); } catch (_) { /* closed */ } }, 100);
    }
    this.log('left', room.name, p.identity, P.DisconnectReason[reason]);
    if (room.participants.size === 0) {
      // An empty room lives on for the departure timeout (same sid for a quick rejoin).
      clearTimeout(room.closeTimer);
      room.closeTimer = setTimeout(() => {
        if (room.participants.size === 0 && this.rooms.get(room.name) === room) this.rooms.delete(room.name);
      }, this.departureTimeoutMs);
    } else {
      this._broadcastRoomUpdate(room);
    }
  }

  _closeParticipantMedia(p) {
    for (const t of p.tracks) if (t._forwarder) this._stopForwarder(t._forwarder);
    for (const tr of [p.pub, p.sub]) {
      if (!tr) continue;
      try { tr.pc.close(); } catch (_) { /* closed */ }
      tr.closed = true;
    }
    for (const ch of Object.values(p.sendQueues || {})) clearInterval(ch.timer);
  }

  _bumpVersion(p) {
    p.version++;
    const info = p.info();
    for (const other of p.room.participants.values()) this._send(other, 'update', new P.ParticipantUpdate({ participants: [info] }));
  }

  // ---------------------------------------------------------------- signal requests

  async _onSignal(p, req) {
    const m = req.message;
    switch (m.case) {
      case 'offer':
        return this._onOffer(p, m.value);
      case 'answer':
        return this._onAnswer(p, m.value);
      case 'trickle':
        return this._onTrickle(p, m.value);
      case 'addTrack':
        return this._onAddTrack(p, m.value);
      case 'mute': {
        const t = p.tracks.find((x) => x.sid === m.value.sid);
        if (t && t.muted !== m.value.muted) {
          t.muted = m.value.muted;
          this._bumpVersion(p);
        }
        return;
      }
      case 'leave':
        p.log('client leave');
        this._removeParticipant(p, P.DisconnectReason.CLIENT_INITIATED);
        return;
      case 'updateMetadata':
        return this._onUpdateMetadata(p, m.value);
      case 'ping':
        this._send(p, 'pong', BigInt(nowMs()));
        return;
      case 'pingReq':
        p.stats.pingReqs++;
        this._send(p, 'pongResp', new P.Pong({ lastPingTimestamp: m.value.timestamp, timestamp: BigInt(nowMs()) }));
        return;
      case 'syncState':
        p.syncState = m.value;
        p.log('sync_state');
        return;
      case 'subscription':
        return this._onSubscription(p, m.value);
      default:
        p.log('ignored ' + m.case);
    }
  }

  /** UpdateSubscription: subscribe to or unsubscribe from published audio tracks by sid. */
  _onSubscription(p, u) {
    const sids = new Set(u.trackSids || []);
    for (const pt of u.participantTracks || []) for (const sid of pt.trackSids || []) sids.add(sid);
    p.log(`subscription ${[...sids].join(',')} ${u.subscribe}`);
    for (const sid of sids) {
      let publisher = null;
      let ti = null;
      for (const other of p.room.participants.values()) {
        const t = other.tracks.find((x) => x.sid === sid);
        if (t) { publisher = other; ti = t; break; }
      }
      if (!ti || publisher === p) continue;
      if (u.subscribe) {
        p.unsubscribed && p.unsubscribed.delete(sid);
        if (ti._forwarder) this._subscribe(p, publisher, ti);
      } else {
        if (!p.unsubscribed) p.unsubscribed = new Set();
        p.unsubscribed.add(sid);
        if (p.subscriptions.has(sid)) {
          this._unsubscribe(p, sid);
          // v1: the client learns of the inactive m-line from its next offer; ask for one.
          if (p.v1) this._send(p, 'mediaSectionsRequirement', new P.MediaSectionsRequirement({ numAudios: 0, numVideos: 0 }));
        }
      }
    }
  }

  _onUpdateMetadata(p, u) {
    const requestId = u.requestId || 0;
    if (!p.permission.canUpdateMetadata) {
      if (requestId) this._send(p, 'requestResponse', new P.RequestResponse({ requestId, reason: P.RequestResponse_Reason.NOT_ALLOWED, message: 'does not have permission to update own metadata' }));
      return;
    }
    let changed = false;
    if (u.metadata !== undefined && u.metadata !== '' && u.metadata !== p.metadata) { p.metadata = u.metadata; changed = true; }
    if (u.name !== undefined && u.name !== '' && u.name !== p.name) { p.name = u.name; changed = true; }
    for (const [k, v] of Object.entries(u.attributes || {})) {
      if (v === '') {
        if (k in p.attributes) { delete p.attributes[k]; changed = true; }
      } else if (p.attributes[k] !== v) {
        p.attributes[k] = v;
        changed = true;
      }
    }
    if (changed) this._bumpVersion(p);
    if (requestId) this._send(p, 'requestResponse', new P.RequestResponse({ requestId, reason: P.RequestResponse_Reason.OK, message: '' }));
  }

  _onAddTrack(p, req) {
    const ti = new P.TrackInfo({
      sid: randomId('TR_'),
      type: req.type,
      name: req.name,
      muted: req.muted,
      width: req.width,
      height: req.height,
      source: req.source,
      mimeType: req.type === P.TrackType.AUDIO ? 'audio/opus' : req.type === P.TrackType.VIDEO ? 'video/vp8' : '',
      disableRed: req.disableRed,
      stereo: req.stereo,
      disableDtx: req.disableDtx,
      stream: req.stream,
      audioFeatures: req.audioFeatures,
      encryption: req.encryption,
    });
    ti._cid = req.cid;
    p.pendingTracks.set(req.cid, ti);
    p.log('add_track ' + req.cid + ' -> ' + ti.sid);
    this._send(p, 'trackPublished', new P.TrackPublishedResponse({ cid: req.cid, track: ti }));
  }

  // ---------------------------------------------------------------- peer connections

  _newTransport(p, target) {
    const { RTCPeerConnection } = loadWrtc();
    const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    const tr = { pc, target, remoteCandidates: [], pendingLocal: [], descriptionSent: false, queue: Promise.resolve(), closed: false, negotiating: false, renegotiate: false };
    pc.onicecandidate = (ev) => {
      if (!ev.candidate || !ev.candidate.candidate) return;
      if (!sdpUtil.candidateAllowed(ev.candidate.candidate, this.allowAddress)) return;
      const init = JSON.stringify({ candidate: ev.candidate.candidate, sdpMid: ev.candidate.sdpMid, sdpMLineIndex: ev.candidate.sdpMLineIndex });
      const msg = new P.TrickleRequest({ candidateInit: init, target });
      // Trickle only after the description that starts this ICE generation has been sent.
      if (!tr.descriptionSent) tr.pendingLocal.push(msg);
      else this._send(p, 'trickle', msg);
    };
    pc.onconnectionstatechange = () => {
      const st = pc.connectionState;
      p.log(`${target === P.SignalTarget.PUBLISHER ? 'pub' : 'sub'} pc ${st}`);
      if (st === 'connected' && p.state !== P.ParticipantInfo_State.ACTIVE && !p.gone) {
        p.state = P.ParticipantInfo_State.ACTIVE;
        this._bumpVersion(p);
      }
      if ((st === 'failed') && !p.ws && !p.gone) this._removeParticipant(p, P.DisconnectReason.MEDIA_FAILURE);
    };
    pc.ondatachannel = (ev) => {
      const ch = ev.channel;
      ch.binaryType = 'arraybuffer';
      p.clientChannels[ch.label] = ch;
      p.log('client channel ' + ch.label);
      ch.onmessage = (mev) => this._onData(p, ch.label, mev.data);
      if (p.v1) this._flushQueue(p, ch.label);
    };
    pc.ontrack = (ev) => this._onRemoteTrack(p, ev);
    return tr;
  }

  _descriptionSent(p, tr) {
    tr.descriptionSent = true;
    const list = tr.pendingLocal;
    tr.pendingLocal = [];
    for (const m of list) this._send(p, 'trickle', m);
  }

  /** Serialize work on one transport. */
  _enqueue(tr, fn) {
    const next = tr.queue.then(fn, fn);
    tr.queue = next.catch(() => {});
    return next;
  }

  async _onOffer(p, sd) {
    if (!p.pub) p.pub = this._newTransport(p, P.SignalTarget.PUBLISHER);
    const tr = p.pub;
    return this._enqueue(tr, async () => {
      if (tr.closed) return;
      const pc = tr.pc;
      p.lastRemoteSdp = sd.sdp;
      const offerSdp = sdpUtil.stripCandidates(sd.sdp, this.allowAddress);
      // Published tracks: the msid track id of a sending m-line is the AddTrackRequest cid.
      // Recorded before setRemoteDescription, which fires ontrack.
      let published = false;
      for (const m of sdpUtil.describeMedia(offerSdp)) {
        if (m.direction !== 'sendonly' && m.direction !== 'sendrecv') continue;
        const ti = (m.msidTrack && p.pendingTracks.get(m.msidTrack)) || null;
        if (ti) {
          p.pendingTracks.delete(m.msidTrack);
          ti.mid = m.mid || '';
          p.tracks.push(ti);
          published = true;
        }
      }
      // Tracks whose m-line no longer sends were unpublished by the client.
      const media = sdpUtil.describeMedia(offerSdp);
      for (const ti of [...p.tracks]) {
        const m = media.find((x) => x.mid === ti.mid);
        if (ti.mid && (!m || m.port === 0 || (m.direction !== 'sendonly' && m.direction !== 'sendrecv'))) {
          this._unpublish(p, ti);
          published = true;
        }
      }
      await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      // v1: forwarded tracks go out on the client's free recvonly m-lines.
      const byMid = {};
      const midToTrackId = {};
      if (p.v1) this._attachPendingSubscriptions(p);
      for (const sub of p.subscriptions.values()) {
        if (sub.transceiver && sub.transceiver.mid !== null && sub.transceiver.mid !== undefined) {
          byMid[sub.transceiver.mid] = { stream: `${sub.publisherSid}|${sub.trackSid}`, track: sub.trackSid };
          midToTrackId[sub.transceiver.mid] = sub.trackSid;
        }
      }
      await this._addQueuedCandidates(tr);
      const answer = await pc.createAnswer();
      tr.descriptionSent = false;
      await pc.setLocalDescription(answer);
      let out = sdpUtil.stripCandidates(pc.localDescription.sdp, this.allowAddress);
      out = sdpUtil.rewriteMsid(out, byMid);
      p.lastLocalSdp = out;
      this._send(p, 'answer', new P.SessionDescription({ type: 'answer', sdp: out, id: sd.id || 0, midToTrackId }));
      this._descriptionSent(p, tr);
      if (published) {
        this._bumpVersion(p);
        this._broadcastRoomUpdate(p.room);
      }
      if (p.v1 && p.pendingSubscriptions.length) {
        // Not enough recvonly m-lines: ask the client for more.
        this._send(p, 'mediaSectionsRequirement', new P.MediaSectionsRequirement({ numAudios: p.pendingSubscriptions.length, numVideos: 0 }));
      }
    });
  }

  async _onAnswer(p, sd) {
    const tr = p.sub;
    if (!tr) return;
    if (tr.closed) return;
    await tr.pc.setRemoteDescription({ type: 'answer', sdp: sdpUtil.stripCandidates(sd.sdp, this.allowAddress) });
    await this._addQueuedCandidates(tr);
    tr.negotiating = false;
    if (tr.answerWaiter) { const w = tr.answerWaiter; tr.answerWaiter = null; w(); }
    if (tr.renegotiate) {
      tr.renegotiate = false;
      this._negotiateSubscriber(p);
    }
  }

  async _addQueuedCandidates(tr) {
    if (!tr.pc.remoteDescription) return;
    const list = tr.remoteCandidates;
    tr.remoteCandidates = [];
    for (const c of list) {
      try { await tr.pc.addIceCandidate(c); } catch (e) { this.log('addIceCandidate failed', e.message); }
    }
  }

  async _onTrickle(p, t) {
    let init;
    try {
      init = JSON.parse(t.candidateInit);
    } catch (e) {
      this.log('bad candidateInit', t.candidateInit);
      return;
    }
    if (!init || !init.candidate) return; // end of candidates
    if (!sdpUtil.candidateAllowed(init.candidate, this.allowAddress)) {
      p.log('ignored non-loopback candidate');
      return;
    }
    const tr = (t.target === P.SignalTarget.SUBSCRIBER && !p.v1) ? p.sub : (p.pub || (p.pub = this._newTransport(p, P.SignalTarget.PUBLISHER)));
    if (!tr || tr.closed) return;
    const cand = { candidate: init.candidate, sdpMid: init.sdpMid, sdpMLineIndex: init.sdpMLineIndex };
    if (!tr.pc.remoteDescription) {
      tr.remoteCandidates.push(cand);
      return;
    }
    try { await tr.pc.addIceCandidate(cand); } catch (e) { this.log('addIceCandidate failed', e.message); }
  }

  _ensureSubscriber(p) {
    if (p.sub) return p.sub;
    p.sub = this._newTransport(p, P.SignalTarget.SUBSCRIBER);
    const reliable = p.sub.pc.createDataChannel(RELIABLE, { ordered: true });
    const lossy = p.sub.pc.createDataChannel(LOSSY, { ordered: false, maxRetransmits: 0 });
    for (const ch of [reliable, lossy]) {
      ch.binaryType = 'arraybuffer';
      p.serverChannels[ch.label] = ch;
      ch.onopen = () => this._flushQueue(p, ch.label);
      // The v0 client never sends on these, but a packet that arrives is forwarded the same way.
      ch.onmessage = (mev) => this._onData(p, ch.label, mev.data);
    }
    this._negotiateSubscriber(p);
    return p.sub;
  }

  _negotiateSubscriber(p, { iceRestart = false } = {}) {
    const tr = p.sub;
    if (!tr || tr.closed) return;
    if (tr.negotiating && !iceRestart) { tr.renegotiate = true; return; }
    tr.negotiating = true;
    this._enqueue(tr, async () => {
      if (tr.closed) return;
      const pc = tr.pc;
      if (pc.signalingState !== 'stable') {
        // An offer is outstanding; renegotiate once it is answered.
        tr.renegotiate = true;
        return;
      }
      const offer = await pc.createOffer(iceRestart ? { iceRestart: true } : {});
      tr.descriptionSent = false;
      await pc.setLocalDescription(offer);
      const byMid = {};
      for (const sub of p.subscriptions.values()) {
        if (sub.transceiver && sub.transceiver.mid !== null && sub.transceiver.mid !== undefined) {
          byMid[sub.transceiver.mid] = { stream: `${sub.publisherSid}|${sub.trackSid}`, track: sub.trackSid };
        }
      }
      let out = sdpUtil.stripCandidates(pc.localDescription.sdp, this.allowAddress);
      out = sdpUtil.rewriteMsid(out, byMid);
      this._send(p, 'offer', new P.SessionDescription({ type: 'offer', sdp: out, id: 0 }));
      this._descriptionSent(p, tr);
    }).catch((e) => {
      tr.negotiating = false;
      this.log('subscriber negotiation failed', String(e && e.stack));
    });
  }

  // ---------------------------------------------------------------- data packets

  _onData(p, label, data) {
    if (p.gone) return;
    const buf = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer || data, data.byteOffset || 0, data.byteLength);
    let pkt;
    try {
      pkt = P.DataPacket.fromBinary(buf);
    } catch (e) {
      p.log('bad data packet on ' + label);
      return;
    }
    if (label !== RELIABLE && label !== LOSSY) return; // e.g. _data_track: not forwarded
    p.stats.dataIn++;
    if (!p.permission.canPublishData) {
      p.stats.dataRefused = (p.stats.dataRefused || 0) + 1;
      return;
    }
    const kase = (pkt.value && pkt.value.case) || 'none';
    p.stats.dataCases[kase] = (p.stats.dataCases[kase] || 0) + 1;
    if (label === RELIABLE && pkt.sequence > 0) {
      if (pkt.sequence <= p.lastReceivedReliableSeq) {
        p.stats.duplicatesDropped++;
        return;
      }
      p.lastReceivedReliableSeq = pkt.sequence;
    }
    pkt.participantIdentity = p.identity;
    pkt.participantSid = p.sid;
    if (pkt.value && pkt.value.case === 'user' && pkt.value.value) {
      pkt.value.value.participantIdentity = p.identity;
      pkt.value.value.participantSid = p.sid;
    }
    const dest = pkt.destinationIdentities || [];
    const bytes = pkt.toBinary();
    for (const other of p.room.participants.values()) {
      if (other === p) continue;
      if (dest.length && !dest.includes(other.identity)) continue;
      this._sendData(other, label, bytes);
    }
  }

  _sendChannel(p, label) {
    return p.v1 ? p.clientChannels[label] : p.serverChannels[label];
  }

  /** Send a DataPacket to a participant; reliable packets wait in a queue when the channel is busy. */
  _sendData(p, label, bytes) {
    if (!p.sendQueues) p.sendQueues = {};
    let q = p.sendQueues[label];
    if (!q) q = p.sendQueues[label] = { items: [], timer: null };
    const ch = this._sendChannel(p, label);
    const open = ch && ch.readyState === 'open';
    if (label === LOSSY) {
      if (open && ch.bufferedAmount < 1024 * 1024) {
        try { ch.send(bytes); p.stats.dataOut++; } catch (_) { /* closing */ }
      }
      return;
    }
    q.items.push(bytes);
    if (q.items.length > 10000) q.items.shift();
    this._flushQueue(p, label);
  }

  _flushQueue(p, label) {
    const q = p.sendQueues && p.sendQueues[label];
    if (!q) return;
    const ch = this._sendChannel(p, label);
    if (!ch || ch.readyState !== 'open') return;
    // @roamhq/wrtc has no bufferedAmountLowThreshold: poll bufferedAmount.
    while (q.items.length && ch.bufferedAmount < 4 * 1024 * 1024) {
      try { ch.send(q.items[0]); } catch (_) { return; }
      q.items.shift();
      p.stats.dataOut++;
    }
    if (q.items.length && !q.timer) {
      p.stats.sendWaits = (p.stats.sendWaits || 0) + 1;
      q.timer = setInterval(() => {
        const c = this._sendChannel(p, label);
        if (p.gone) { clearInterval(q.timer); q.timer = null; return; }
        if (!c || c.readyState !== 'open') return;
        clearInterval(q.timer);
        q.timer = null;
        this._flushQueue(p, label);
      }, 5);
    }
  }

  // ---------------------------------------------------------------- media forwarding

  _onRemoteTrack(p, ev) {
    const track = ev.track;
    if (!track || track.kind !== 'audio') return;
    const mid = ev.transceiver ? ev.transceiver.mid : null;
    const ti = p.tracks.find((t) => (mid !== null && t.mid === mid) || t._cid === track.id);
    if (!ti) {
      p.log('remote track without add_track: ' + track.id);
      return;
    }
    if (ti._forwarder) return;
    const { nonstandard } = loadWrtc();
    const source = new nonstandard.RTCAudioSource();
    const sink = new nonstandard.RTCAudioSink(track);
    const fwd = { source, sink, trackSid: ti.sid, publisher: p, frames: 0 };
    fwd.sumSquares = 0;
    fwd.samples = 0;
    sink.ondata = (d) => {
      fwd.frames++;
      const x = d.samples;
      const step = d.channelCount || 1;
      for (let i = 0; i < x.length; i += step) fwd.sumSquares += x[i] * x[i];
      fwd.samples += Math.ceil(x.length / step);
      try {
        source.onData({ samples: d.samples, sampleRate: d.sampleRate, bitsPerSample: d.bitsPerSample || 16, channelCount: d.channelCount, numberOfFrames: d.numberOfFrames });
      } catch (_) { /* wrong frame shape: skip */ }
    };
    ti._forwarder = fwd;
    p.log('forwarding ' + ti.sid);
    for (const other of p.room.participants.values()) {
      if (other !== p && other.autoSubscribe && !(other.unsubscribed && other.unsubscribed.has(ti.sid))) this._subscribe(other, p, ti);
    }
  }

  _unpublish(p, ti) {
    p.tracks = p.tracks.filter((t) => t !== ti);
    if (ti._forwarder) this._stopForwarder(ti._forwarder);
    for (const other of p.room.participants.values()) if (other !== p) this._unsubscribe(other, ti.sid);
    p.log('unpublished ' + ti.sid);
  }

  _stopForwarder(fwd) {
    try { fwd.sink.stop(); } catch (_) { /* stopped */ }
  }

  /**
   * Active speakers: every interval, the RMS level of each published audio track over the last
   * interval (0..1 of full scale); active above -40 dBFS. speakers_changed goes to the room when
   * the set of active speakers changes; it lists the active ones (loudest first) and, with
   * active=false, those that went quiet.
   */
  _updateSpeakers() {
    for (const room of this.rooms.values()) {
      const now = new Map();
      for (const p of room.participants.values()) {
        let level = 0;
        for (const t of p.tracks) {
          const f = t._forwarder;
          if (!f) continue;
          const rms = f.samples ? Math.sqrt(f.sumSquares / f.samples) / 32768 : 0;
          f.sumSquares = 0;
          f.samples = 0;
          if (!t.muted && rms > level) level = rms;
        }
        if (level > 0.01) now.set(p.sid, level);
      }
      const before = room.activeSpeakers || new Map();
      const changed = now.size !== before.size || [...now.keys()].some((sid) => !before.has(sid));
      room.activeSpeakers = now;
      if (!changed) continue;
      const speakers = [...now.entries()].sort((a, b) => b[1] - a[1]).map(([sid, level]) => new P.SpeakerInfo({ sid, level: Math.min(1, level), active: true }));
      for (const sid of before.keys()) if (!now.has(sid)) speakers.push(new P.SpeakerInfo({ sid, level: 0, active: false }));
      for (const p of room.participants.values()) this._send(p, 'speakersChanged', new P.SpeakersChanged({ speakers }));
    }
  }

  _autoSubscribeExisting(p) {
    if (!p.autoSubscribe) return;
    for (const other of p.room.participants.values()) {
      if (other === p) continue;
      for (const ti of other.tracks) if (ti._forwarder) this._subscribe(p, other, ti);
    }
  }

  _subscribe(p, publisher, ti) {
    if (p.gone || p.subscriptions.has(ti.sid) || !p.permission.canSubscribe) return;
    const sub = { trackSid: ti.sid, publisherSid: publisher.sid, forwarder: ti._forwarder, transceiver: null, track: null };
    p.subscriptions.set(ti.sid, sub);
    p.log('subscribe ' + ti.sid);
    if (p.v1) {
      p.pendingSubscriptions.push(ti.sid);
      // The client offers; ask it for a new offer that carries one more recvonly audio m-line.
      this._send(p, 'mediaSectionsRequirement', new P.MediaSectionsRequirement({ numAudios: 1, numVideos: 0 }));
    } else {
      this._ensureSubscriber(p);
      const { MediaStream } = loadWrtc();
      sub.track = ti._forwarder.source.createTrack();
      const stream = new MediaStream();
      const sender = p.sub.pc.addTrack(sub.track, stream);
      sub.transceiver = p.sub.pc.getTransceivers().find((t) => t.sender === sender) || null;
      this._negotiateSubscriber(p);
    }
  }

  /** v1: put waiting subscriptions on free recvonly audio transceivers (called inside offer handling). */
  _attachPendingSubscriptions(p) {
    const pc = p.pub.pc;
    // m-lines that carried a track before are not reused (a client may not signal a new track on them).
    const used = new Set([...p.subscriptions.values()].map((s) => s.transceiver).filter(Boolean).concat([...(p.spentTransceivers || [])]));
    const remaining = [];
    for (const sid of p.pendingSubscriptions) {
      const sub = p.subscriptions.get(sid);
      if (!sub) continue;
      const free = pc.getTransceivers().find((t) => !used.has(t) && t.mid !== null && t.receiver.track && t.receiver.track.kind === 'audio' && !t.sender.track && !t.stopped && (t.direction === 'recvonly' || t.direction === 'inactive' || t.direction === 'sendrecv') && this._remoteDirection(pc, t.mid) === 'recvonly');
      if (!free) { remaining.push(sid); continue; }
      used.add(free);
      sub.track = sub.forwarder.source.createTrack();
      free.sender.replaceTrack(sub.track);
      free.direction = 'sendonly';
      sub.transceiver = free;
      p.log('subscription ' + sid + ' on mid ' + free.mid);
    }
    p.pendingSubscriptions = remaining;
  }

  _remoteDirection(pc, mid) {
    const m = sdpUtil.describeMedia(pc.remoteDescription.sdp).find((x) => x.mid === mid);
    return m ? m.direction : null;
  }

  _unsubscribe(p, trackSid) {
    const sub = p.subscriptions.get(trackSid);
    if (!sub) return;
    p.subscriptions.delete(trackSid);
    p.pendingSubscriptions = p.pendingSubscriptions.filter((s) => s !== trackSid);
    if (sub.transceiver) {
      if (!p.spentTransceivers) p.spentTransceivers = new Set();
      p.spentTransceivers.add(sub.transceiver);
    }
    if (sub.transceiver && !p.gone) {
      try { sub.transceiver.sender.replaceTrack(null); } catch (_) { /* closed */ }
      try { sub.transceiver.direction = 'inactive'; } catch (_) { /* closed */ }
      if (!p.v1) this._negotiateSubscriber(p);
    }
    if (sub.track) { try { sub.track.stop(); } catch (_) { /* stopped */ } }
  }
}

module.exports = { LocalLiveKitServer, HttpError };
