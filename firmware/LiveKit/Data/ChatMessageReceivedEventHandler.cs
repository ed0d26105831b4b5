//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>Handles <see cref="ChatMessageReceivedEventArgs"/>.</summary>
    public delegate void ChatMessageReceivedEventHandler(object sender, ChatMessageReceivedEventArgs e);
}
