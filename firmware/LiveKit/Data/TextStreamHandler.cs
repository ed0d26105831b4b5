//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>
    /// Receives a complete incoming text stream of a registered topic, on the room's event
    /// thread, after its trailer arrived.
    /// </summary>
    public delegate void TextStreamHandler(TextStreamInfo info, string text, string participantIdentity);
}
