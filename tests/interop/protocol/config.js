// Which LiveKit messages the managed codec implements (firmware/LiveKit/Protocol/Messages) and
// how proto names become C# names. Shared by gen-csharp.js (the generator of the message
// classes), crosscheck.js (which fields to fill) and gen-proto.js.
'use strict';

const MESSAGES = [
  // signalling envelopes
  'SignalRequest', 'SignalResponse',
  // join
  'WrappedJoinRequest', 'JoinRequest', 'ClientInfo', 'ConnectionSettings', 'JoinResponse', 'ReconnectResponse',
  'Room', 'ParticipantInfo', 'ParticipantPermission', 'TrackInfo', 'ICEServer', 'ServerInfo',
  'ClientConfiguration', 'VideoConfiguration', 'DisabledCodecs', 'Codec', 'TimedVersion',
  'SimulcastCodecInfo', 'VideoLayer', 'SimulcastCodec',
  // requests
  'SessionDescription', 'TrickleRequest', 'AddTrackRequest', 'MuteTrackRequest', 'UpdateSubscription',
  'ParticipantTracks', 'LeaveRequest', 'RegionSettings', 'RegionInfo', 'Ping', 'Pong',
  'UpdateParticipantMetadata', 'SyncState', 'DataChannelInfo', 'DataChannelReceiveState',
  // responses
  'ParticipantUpdate', 'TrackPublishedResponse', 'TrackUnpublishedResponse', 'SpeakersChanged', 'SpeakerInfo',
  'RoomUpdate', 'ConnectionQualityUpdate', 'ConnectionQualityInfo', 'SubscriptionResponse', 'RequestResponse',
  'TrackSubscribed', 'MediaSectionsRequirement',
  // data packets
  'DataPacket', 'UserPacket', 'ChatMessage', 'SipDTMF', 'Transcription', 'TranscriptionSegment',
  'RpcRequest', 'RpcAck', 'RpcResponse', 'RpcError',
  'DataStream.Header', 'DataStream.TextHeader', 'DataStream.ByteHeader', 'DataStream.Chunk', 'DataStream.Trailer',
].map((n) => 'livekit.' + n);

function pascalSegment(s) {
  if (s.length > 1 && s === s.toUpperCase() && /[A-Z]/.test(s)) {
    return s[0] + s.slice(1).toLowerCase();
  }
  return s[0].toUpperCase() + s.slice(1);
}

// livekit.DataStream.Header -> DataStreamHeader, livekit.ClientInfo.SDK -> ClientInfoSdk
function csTypeName(typeName) {
  return typeName.replace(/^livekit\./, '').split('.').map(pascalSegment).join('');
}

// other_participants -> OtherParticipants, candidateInit -> CandidateInit
function csFieldName(name) {
  return name.split('_').filter((p) => p.length).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}

// RR_SIGNAL_DISCONNECTED -> RrSignalDisconnected
function csEnumValueName(name) {
  return name.split('_').filter((p) => p.length).map((p) => p[0].toUpperCase() + p.slice(1).toLowerCase()).join('');
}

function isSupportedField(f) {
  if (f.kind === 'map') return f.key === 'string' && f.value === 'string';
  if (f.kind === 'message') return MESSAGES.includes(f.type.slice('message:'.length));
  return true;
}

// The schema limited to the supported messages and fields.
function supportedSchema(schema) {
  const out = { package: schema.package, version: schema.version, messages: {}, enums: {} };
  for (const name of MESSAGES) {
    const m = schema.messages[name];
    if (!m) throw new Error('message not in schema: ' + name);
    const fields = m.fields.filter(isSupportedField);
    out.messages[name] = { name, csName: csTypeName(name), fields: fields.map((f) => Object.assign({ csName: csFieldName(f.name) }, f)) };
    for (const f of fields) {
      if (f.kind === 'enum') {
        const en = f.type.slice('enum:'.length);
        out.enums[en] = Object.assign({ csName: csTypeName(en) }, schema.enums[en]);
      }
    }
  }
  return out;
}

module.exports = { MESSAGES, csTypeName, csFieldName, csEnumValueName, isSupportedField, supportedSchema };
