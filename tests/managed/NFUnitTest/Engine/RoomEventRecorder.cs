//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Threading;
using LiveKit;

namespace NFUnitTest
{
    /// <summary>Records a room's events as short strings, and on which thread they came.</summary>
    public sealed class RoomEventRecorder
    {
        private readonly object _lock = new object();
        private readonly ArrayList _events = new ArrayList();

        /// <summary>Subscribes to every event of <paramref name="room"/>.</summary>
        public RoomEventRecorder(Room room)
        {
            Changed = new AutoResetEvent(false);
            room.ConnectionStateChanged += (s, e) => Add("state:" + Name(e.State));
            room.Reconnecting += (s, e) => Add("reconnecting");
            room.Reconnected += (s, e) => Add("reconnected");
            room.Disconnected += (s, e) => Add("disconnected:" + ((int)e.Reason).ToString() + ":" + ((int)e.Error).ToString());
            room.ParticipantConnected += (s, e) => Add("joined:" + e.Participant.Identity);
            room.ParticipantDisconnected += (s, e) => Add("left:" + e.Participant.Identity);
            room.ParticipantMetadataChanged += (s, e) => Add("metadata:" + e.Participant.Identity + "=" + e.Participant.Metadata);
            room.ParticipantNameChanged += (s, e) => Add("name:" + e.Participant.Identity + "=" + e.Participant.Name);
            room.ParticipantAttributesChanged += (s, e) => Add("attributes:" + e.Participant.Identity + ":" + e.ChangedAttributes.Count.ToString());
            room.TrackPublished += (s, e) => Add("published:" + e.Publication.Sid);
            room.TrackUnpublished += (s, e) => Add("unpublished:" + e.Publication.Sid);
            room.ActiveSpeakersChanged += (s, e) => Add("speakers:" + e.Speakers.Length.ToString());
            room.RoomMetadataChanged += (s, e) => Add("roommetadata:" + e.Metadata);
        }

        /// <summary>Pulsed on every event.</summary>
        public AutoResetEvent Changed { get; private set; }

        /// <summary>Thread ids the events came on (distinct).</summary>
        public ArrayList ThreadIds { get; } = new ArrayList();

        /// <summary>The events so far.</summary>
        public string[] Events
        {
            get
            {
                lock (_lock)
                {
                    string[] a = new string[_events.Count];
                    for (int i = 0; i < a.Length; i++)
                    {
                        a[i] = (string)_events[i];
                    }

                    return a;
                }
            }
        }

        /// <summary>All events joined with '|'.</summary>
        public string Joined
        {
            get
            {
                string[] a = Events;
                string s = string.Empty;
                for (int i = 0; i < a.Length; i++)
                {
                    s += (i == 0 ? string.Empty : "|") + a[i];
                }

                return s;
            }
        }

        /// <summary>True when an event equal to <paramref name="e"/> was recorded.</summary>
        public bool Has(string e)
        {
            lock (_lock)
            {
                return _events.Contains(e);
            }
        }

        /// <summary>How many events equal <paramref name="e"/>.</summary>
        public int Count(string e)
        {
            int n = 0;
            lock (_lock)
            {
                for (int i = 0; i < _events.Count; i++)
                {
                    if ((string)_events[i] == e)
                    {
                        n++;
                    }
                }
            }

            return n;
        }

        /// <summary>Waits until <paramref name="e"/> was recorded.</summary>
        public bool WaitFor(string e, int timeoutMs)
        {
            return TestWait.Until(() => Has(e), timeoutMs, Changed);
        }

        /// <summary>The state's name (enum ToString gives a number on the device).</summary>
        public static string Name(ConnectionState s)
        {
            switch (s)
            {
                case ConnectionState.Connecting:
                    return "connecting";
                case ConnectionState.Connected:
                    return "connected";
                case ConnectionState.Reconnecting:
                    return "reconnecting";
                default:
                    return "disconnected";
            }
        }

        private void Add(string e)
        {
            lock (_lock)
            {
                _events.Add(e);
                int id = Thread.CurrentThread.ManagedThreadId;
                if (!ThreadIds.Contains(id))
                {
                    ThreadIds.Add(id);
                }
            }

            Changed.Set();
        }
    }
}
