//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>Handles <see cref="Room.ConnectionStateChanged"/>.</summary>
    public delegate void ConnectionStateChangedEventHandler(object sender, ConnectionStateChangedEventArgs e);

    /// <summary>Handles <see cref="Room.Disconnected"/>.</summary>
    public delegate void DisconnectedEventHandler(object sender, DisconnectedEventArgs e);

    /// <summary>Handles ParticipantConnected and ParticipantDisconnected.</summary>
    public delegate void ParticipantEventHandler(object sender, ParticipantEventArgs e);

    /// <summary>Handles <see cref="Room.ParticipantMetadataChanged"/>.</summary>
    public delegate void ParticipantMetadataChangedEventHandler(object sender, ParticipantMetadataChangedEventArgs e);

    /// <summary>Handles <see cref="Room.ParticipantNameChanged"/>.</summary>
    public delegate void ParticipantNameChangedEventHandler(object sender, ParticipantNameChangedEventArgs e);

    /// <summary>Handles <see cref="Room.ParticipantAttributesChanged"/>.</summary>
    public delegate void ParticipantAttributesChangedEventHandler(object sender, ParticipantAttributesChangedEventArgs e);

    /// <summary>Handles TrackPublished and TrackUnpublished.</summary>
    public delegate void TrackEventHandler(object sender, TrackEventArgs e);

    /// <summary>Handles <see cref="Room.ActiveSpeakersChanged"/>.</summary>
    public delegate void ActiveSpeakersChangedEventHandler(object sender, ActiveSpeakersChangedEventArgs e);

    /// <summary>Handles <see cref="Room.RoomMetadataChanged"/>.</summary>
    public delegate void RoomMetadataChangedEventHandler(object sender, RoomMetadataChangedEventArgs e);
}
