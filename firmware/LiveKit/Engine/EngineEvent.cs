//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Engine
{
    /// <summary>One entry of the engine's queue: a command from the application or news from the network.</summary>
    internal sealed class EngineEvent
    {
        /// <summary>What to do.</summary>
        public EngineEventKind Kind;

        /// <summary>The signal connection a network event belongs to (stale ones are ignored).</summary>
        public int Generation;

        /// <summary>Message bytes.</summary>
        public byte[] Data;

        /// <summary>Bytes of <see cref="Data"/> used.</summary>
        public int Length;

        /// <summary>A number (close status).</summary>
        public int Number;

        /// <summary>First text argument.</summary>
        public string Text1;

        /// <summary>Second text argument.</summary>
        public string Text2;

        /// <summary>An object argument (a message to send).</summary>
        public object Object;

        /// <summary>Creates an event of a kind.</summary>
        public EngineEvent(EngineEventKind kind)
        {
            Kind = kind;
        }

        /// <summary>True for events that come from the application (commands).</summary>
        public bool IsCommand
        {
            get { return Kind < EngineEventKind.SignalMessage; }
        }
    }
}
