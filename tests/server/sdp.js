'use strict';
// SDP helpers for the local LiveKit-compatible server: keep traffic on loopback addresses and
// give forwarded tracks the stream and track ids LiveKit clients expect ("PA_x|TR_y" / "TR_y").

/** True when an IP address is one the tests may use (IPv4 127.0.0.0/8 only). */
function isAllowedAddress(addr, allow) {
  if (allow) return allow(addr);
  return /^127\./.test(addr);
}

/** Address of a candidate line ("candidate:..." with or without "a="), or null. */
function candidateAddress(line) {
  const s = line.replace(/^a=/, '').trim();
  const parts = s.split(/\s+/);
  if (parts.length < 8 || !/^candidate:/.test(parts[0])) return null;
  return parts[4];
}

/** True when a candidate may be used: UDP and an allowed address. */
function candidateAllowed(line, allow) {
  const s = line.replace(/^a=/, '').trim();
  const parts = s.split(/\s+/);
  if (parts.length < 8) return false;
  if (parts[2].toLowerCase() !== 'udp') return false;
  return isAllowedAddress(parts[4], allow);
}

/**
 * Remove every a=candidate line whose address is not allowed, and rewrite c= and a=rtcp
 * addresses that are not loopback to 0.0.0.0 / 9 so no host address leaks into signaling.
 */
function stripCandidates(sdp, allow) {
  const out = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (line === '') continue;
    if (line.startsWith('a=candidate:')) {
      if (!candidateAllowed(line, allow)) continue;
    } else if (line.startsWith('c=IN IP4 ')) {
      const a = line.slice(9).trim();
      if (!isAllowedAddress(a, allow)) { out.push('c=IN IP4 0.0.0.0'); continue; }
    } else if (line.startsWith('c=IN IP6 ')) {
      out.push('c=IN IP4 0.0.0.0');
      continue;
    } else if (/^a=rtcp:\d+ IN IP[46] /.test(line)) {
      const m = /^a=rtcp:(\d+) IN IP([46]) (.*)$/.exec(line);
      if (m[2] === '6' || !isAllowedAddress(m[3].trim(), allow)) { out.push('a=rtcp:9 IN IP4 0.0.0.0'); continue; }
    }
    out.push(line);
  }
  return out.join('\r\n') + '\r\n';
}

/** Split an SDP into its session part and media sections (arrays of lines). */
function splitSections(sdp) {
  const lines = sdp.split(/\r?\n/).filter((l) => l !== '');
  const session = [];
  const media = [];
  for (const l of lines) {
    if (l.startsWith('m=')) media.push([l]);
    else if (media.length) media[media.length - 1].push(l);
    else session.push(l);
  }
  return { session, media };
}

function joinSections(s) {
  const all = s.session.slice();
  for (const m of s.media) all.push(...m);
  return all.join('\r\n') + '\r\n';
}

function sectionMid(sec) {
  const l = sec.find((x) => x.startsWith('a=mid:'));
  return l ? l.slice(6).trim() : null;
}

function sectionDirection(sec) {
  for (const d of ['sendrecv', 'sendonly', 'recvonly', 'inactive']) {
    if (sec.includes('a=' + d)) return d;
  }
  return 'sendrecv';
}

/**
 * Media sections of an SDP: [{mid, kind, direction, msidStream, msidTrack}].
 */
function describeMedia(sdp) {
  const { media } = splitSections(sdp);
  return media.map((sec) => {
    const kind = sec[0].slice(2).split(' ')[0];
    const port = parseInt(sec[0].split(' ')[1], 10);
    const msid = sec.find((x) => x.startsWith('a=msid:'));
    let msidStream = null;
    let msidTrack = null;
    if (msid) {
      const p = msid.slice(7).trim().split(/\s+/);
      msidStream = p[0];
      msidTrack = p[1] || null;
    }
    if (!msidTrack) {
      const ssrc = sec.find((x) => /^a=ssrc:\d+ msid:/.test(x));
      if (ssrc) {
        const p = ssrc.replace(/^a=ssrc:\d+ msid:/, '').trim().split(/\s+/);
        msidStream = p[0];
        msidTrack = p[1] || null;
      }
    }
    return { mid: sectionMid(sec), kind, port, direction: sectionDirection(sec), msidStream, msidTrack };
  });
}

/**
 * Rewrite the msid of the media sections named in `byMid` ({mid: {stream, track}}): the
 * a=msid line and a=ssrc msid attributes. Sections that send but carry no msid get one.
 */
function rewriteMsid(sdp, byMid) {
  const s = splitSections(sdp);
  for (const sec of s.media) {
    const mid = sectionMid(sec);
    const want = mid !== null ? byMid[mid] : undefined;
    if (!want) continue;
    const value = `${want.stream} ${want.track}`;
    let had = false;
    for (let i = 0; i < sec.length; i++) {
      if (sec[i].startsWith('a=msid:')) { sec[i] = 'a=msid:' + value; had = true; }
      else if (/^a=ssrc:\d+ msid:/.test(sec[i])) sec[i] = sec[i].replace(/msid:.*$/, 'msid:' + value);
      else if (/^a=ssrc:\d+ mslabel:/.test(sec[i])) sec[i] = sec[i].replace(/mslabel:.*$/, 'mslabel:' + want.stream);
      else if (/^a=ssrc:\d+ label:/.test(sec[i])) sec[i] = sec[i].replace(/label:.*$/, 'label:' + want.track);
    }
    if (!had) {
      const at = sec.findIndex((x) => x.startsWith('a=mid:'));
      sec.splice(at + 1, 0, 'a=msid:' + value);
    }
  }
  return joinSections(s);
}

module.exports = {
  isAllowedAddress,
  candidateAddress,
  candidateAllowed,
  stripCandidates,
  splitSections,
  describeMedia,
  rewriteMsid,
};
