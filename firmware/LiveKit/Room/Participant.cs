//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections;
using LiveKit.Protocol;

namespace LiveKit
{
    /// <summary>
    /// A participant of the room (LiveKit's Participant). Its fields are replaced by the engine's
    /// worker when the server sends a newer version; read them from any thread.
    /// </summary>
    public abstract class Participant
    {
        private readonly object _lock = new object();
        private Hashtable _attributes = new Hashtable();
        private Hashtable _tracks = new Hashtable();

        /// <summary>The participant sid (PA_...).</summary>
        public string Sid { get; internal set; }

        /// <summary>The identity from the token.</summary>
        public string Identity { get; internal set; }

        /// <summary>The display name.</summary>
        public string Name { get; internal set; }

        /// <summary>The metadata string.</summary>
        public string Metadata { get; internal set; }

        /// <summary>STANDARD, AGENT, SIP, ...</summary>
        public ParticipantInfoKind Kind { get; internal set; }

        /// <summary>True while the server lists the participant among the active speakers.</summary>
        public bool IsSpeaking { get; internal set; }

        /// <summary>The last audio level the server reported (0..1).</summary>
        public float AudioLevel { get; internal set; }

        /// <summary>The ParticipantInfo version applied last (updates with an older or equal one are ignored).</summary>
        internal uint Version { get; set; }

        /// <summary>
        /// The participant's client_protocol: 1 or more means it takes RPC over data streams
        /// (RPC v2); 0 is a legacy client.
        /// </summary>
        public int ClientProtocol { get; internal set; }

        /// <summary>True once a ParticipantInfo was applied (so version 0 can be applied once).</summary>
        internal bool HasInfo { get; set; }

        /// <summary>A copy of the attributes (string to string).</summary>
        public Hashtable Attributes
        {
            get
            {
                lock (_lock)
                {
                    return CopyTable(_attributes);
                }
            }
        }

        /// <summary>The published tracks by sid (a copy).</summary>
        public Hashtable TrackPublications
        {
            get
            {
                lock (_lock)
                {
                    return CopyTable(_tracks);
                }
            }
        }

        internal void SetAttributes(Hashtable attributes)
        {
            lock (_lock)
            {
                _attributes = attributes == null ? new Hashtable() : CopyTable(attributes);
            }
        }

        internal void SetTracks(Hashtable tracks)
        {
            lock (_lock)
            {
                _tracks = tracks;
            }
        }

        /// <summary>A shallow copy of a table (nanoFramework's Hashtable has no Clone).</summary>
        internal static Hashtable CopyTable(Hashtable source)
        {
            Hashtable copy = new Hashtable();
            if (source == null)
            {
                return copy;
            }

            foreach (DictionaryEntry e in source)
            {
                copy[e.Key] = e.Value;
            }

            return copy;
        }

        internal Hashtable RawTracks
        {
            get
            {
                lock (_lock)
                {
                    return _tracks;
                }
            }
        }
    }
}
