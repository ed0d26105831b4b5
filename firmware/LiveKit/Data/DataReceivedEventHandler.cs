//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>Handles <see cref="DataReceivedEventArgs"/>.</summary>
    public delegate void DataReceivedEventHandler(object sender, DataReceivedEventArgs e);
}
