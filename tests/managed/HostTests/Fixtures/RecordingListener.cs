//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections.Generic;
using System.Threading;

namespace LiveKit.IntegrationTests
{
    /// <summary>Records a room's events as short strings (for waits and messages) and the threads they came on.</summary>
    public sealed class RecordingListener
    {
        private readonly List<string> _events = new List<string>();
        private readonly HashSet<int> _threads = new HashSet<int>();

        /// <summary>Subscribes to every event of <paramref name="room"/>.</summary>
        public RecordingListener(Room room)
        {
            room.ConnectionStateChanged += (s, e) => Add("state:" + e.State.ToString().ToLowerInvariant());
            room.Reconnecting += (s, e) => Add("reconnecting");
            room.Reconnected += (s, e) => Add("reconnected");
            room.Disconnected += (s, e) => Add("disconnected:" + (int)e.Reason + ":" + (int)e.Error);
            room.ParticipantConnected += (s, e) => Add("joined:" + e.Participant.Identity);
            room.ParticipantDisconnected += (s, e) => Add("left:" + e.Participant.Identity);
            room.ParticipantMetadataChanged += (s, e) => Add("metadata:" + e.Participant.Identity + "=" + e.Participant.Metadata);
            room.ParticipantNameChanged += (s, e) => Add("name:" + e.Participant.Identity + "=" + e.Participant.Name);
            room.ParticipantAttributesChanged += (s, e) => Add("attributes:" + e.Participant.Identity + ":" + e.ChangedAttributes.Count);
            room.TrackPublished += (s, e) => Add("published:" + e.Publication.Sid);
            room.TrackUnpublished += (s, e) => Add("unpublished:" + e.Publication.Sid);
            room.ActiveSpeakersChanged += (s, e) => Add("speakers:" + e.Speakers.Length);
            room.RoomMetadataChanged += (s, e) => Add("roommetadata:" + e.Metadata);
        }

        /// <summary>Distinct threads events came on.</summary>
        public int ThreadCount
        {
            get
            {
                lock (_events)
                {
                    return _threads.Count;
                }
            }
        }

        /// <summary>All events joined with '|'.</summary>
        public string Joined
        {
            get
            {
                lock (_events)
                {
                    return string.Join("|", _events);
                }
            }
        }

        /// <summary>How many events equal <paramref name="e"/>.</summary>
        public int Count(string e)
        {
            lock (_events)
            {
                return _events.FindAll(x => x == e).Count;
            }
        }

        /// <summary>Waits until <paramref name="e"/> was recorded.</summary>
        public bool WaitFor(string e, int timeoutMs)
        {
            lock (_events)
            {
                long end = System.Environment.TickCount64 + timeoutMs;
                while (!_events.Contains(e))
                {
                    long left = end - System.Environment.TickCount64;
                    if (left <= 0)
                    {
                        return false;
                    }

                    Monitor.Wait(_events, (int)left);
                }

                return true;
            }
        }

        private void Add(string e)
        {
            lock (_events)
            {
                _events.Add(e);
                _threads.Add(Thread.CurrentThread.ManagedThreadId);
                Monitor.PulseAll(_events);
            }
        }
    }
}
