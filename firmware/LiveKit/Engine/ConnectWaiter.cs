//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Threading;

namespace LiveKit.Engine
{
    /// <summary>The outcome of one Connect call, signalled by the worker.</summary>
    internal sealed class ConnectWaiter
    {
        /// <summary>Set once the attempt connected or failed.</summary>
        public readonly ManualResetEvent Done = new ManualResetEvent(false);

        /// <summary>True when the room reached Connected.</summary>
        public bool Connected;

        /// <summary>Why it failed.</summary>
        public ConnectionError Error;

        /// <summary>The failure's details.</summary>
        public string Message;

        /// <summary>Completes the wait (first call wins).</summary>
        public void Complete(bool connected, ConnectionError error, string message)
        {
            lock (this)
            {
                if (Done.WaitOne(0, false))
                {
                    return;
                }

                Connected = connected;
                Error = error;
                Message = message;
                Done.Set();
            }
        }
    }
}
