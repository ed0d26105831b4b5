//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Threading;
using LiveKit.Data;
using LiveKit.Protocol;

namespace NFUnitTest.Data
{
    /// <summary>
    /// A test double for the room and the server between data layers: every packet is encoded
    /// with the real codec, "forwarded" as the server does (sender identity set, destinations
    /// honoured) and decoded again on the receiving side, where one delivery thread per endpoint
    /// plays the room's event thread. Named as a double: no network is involved.
    /// </summary>
    internal sealed class InMemoryDataRouterForTests
    {
        private readonly ArrayList _endpoints = new ArrayList();
        private readonly object _lock = new object();
        private int _packets;
        private int _largestChunk;
        private bool _chunksSplitUtf8;

        /// <summary>Packets routed so far.</summary>
        public int Packets
        {
            get { return _packets; }
        }

        /// <summary>The largest stream chunk content seen, in bytes.</summary>
        public int LargestChunk
        {
            get { return _largestChunk; }
        }

        /// <summary>True when a text chunk did not hold whole UTF-8 characters.</summary>
        public bool ChunksSplitUtf8
        {
            get { return _chunksSplitUtf8; }
        }

        public Endpoint Add(string identity, int clientProtocol)
        {
            Endpoint e = new Endpoint(this, identity, clientProtocol);
            lock (_lock)
            {
                _endpoints.Add(e);
            }

            return e;
        }

        /// <summary>Takes a participant out of the room; the others hear that it left.</summary>
        public void Remove(Endpoint gone)
        {
            lock (_lock)
            {
                _endpoints.Remove(gone);
                foreach (Endpoint e in _endpoints)
                {
                    e.Enqueue(null, false, gone.LocalIdentity);
                }
            }

            gone.Stop();
        }

        public void StopAll()
        {
            ArrayList copy;
            lock (_lock)
            {
                copy = (ArrayList)_endpoints.Clone();
                _endpoints.Clear();
            }

            foreach (Endpoint e in copy)
            {
                e.Stop();
            }
        }

        internal Endpoint Find(string identity)
        {
            lock (_lock)
            {
                foreach (Endpoint e in _endpoints)
                {
                    if (e.LocalIdentity == identity)
                    {
                        return e;
                    }
                }
            }

            return null;
        }

        internal bool Route(Endpoint from, DataPacket packet, bool reliable)
        {
            byte[] bytes = packet.ToByteArray();
            DataPacket check = DataPacket.Decode(bytes, 0, bytes.Length);
            if (check.ValueCase == DataPacketValueCase.StreamChunk)
            {
                byte[] content = check.StreamChunk.Content;
                lock (_lock)
                {
                    if (content.Length > _largestChunk)
                    {
                        _largestChunk = content.Length;
                    }
                }

                // A chunk that starts with a continuation byte split a character.
                if (content.Length > 0 && (content[0] & 0xC0) == 0x80)
                {
                    _chunksSplitUtf8 = true;
                }
            }

            // The server sets the sender on every forwarded packet.
            check.ParticipantIdentity = from.LocalIdentity;
            bytes = check.ToByteArray();
            string[] to = check.DestinationIdentities;
            lock (_lock)
            {
                _packets++;
                foreach (Endpoint e in _endpoints)
                {
                    if (e == from || (to != null && to.Length > 0 && Array.IndexOf(to, e.LocalIdentity) < 0))
                    {
                        continue;
                    }

                    e.Enqueue(bytes, reliable, null);
                }
            }

            return true;
        }

        /// <summary>One participant: a data layer over this router, with its own event thread.</summary>
        internal sealed class Endpoint : IDataPacketTransport
        {
            private readonly InMemoryDataRouterForTests _router;
            private readonly string _identity;
            private readonly int _clientProtocol;
            private readonly Queue _inbox = new Queue();
            private readonly AutoResetEvent _wake = new AutoResetEvent(false);
            private readonly Thread _thread;
            private readonly DataLayer _layer;
            private bool _stopping;

            public Endpoint(InMemoryDataRouterForTests router, string identity, int clientProtocol)
            {
                _router = router;
                _identity = identity;
                _clientProtocol = clientProtocol;
                _layer = new DataLayer(this);
                _thread = new Thread(Run);
                _thread.Start();
            }

            /// <summary>When set, incoming packets are dropped (a participant that went silent).</summary>
            public bool DropIncoming;

            /// <summary>When set, outgoing packets are lost (a participant whose link died).</summary>
            public bool DropOutgoing;

            public DataLayer Layer
            {
                get { return _layer; }
            }

            public int ClientProtocol
            {
                get { return _clientProtocol; }
            }

            public int LocalClientProtocol
            {
                get { return _clientProtocol; }
            }

            public string LocalIdentity
            {
                get { return _identity; }
            }

            public bool IsEventThread
            {
                get { return Thread.CurrentThread == _thread; }
            }

            public bool SendDataPacket(DataPacket packet, bool reliable)
            {
                if (DropOutgoing)
                {
                    return true;
                }

                return !_stopping && _router.Route(this, packet, reliable);
            }

            public int RemoteClientProtocol(string identity)
            {
                Endpoint e = _router.Find(identity);
                return e == null ? -1 : e.ClientProtocol;
            }

            internal void Enqueue(byte[] bytes, bool reliable, string leftIdentity)
            {
                lock (_inbox)
                {
                    _inbox.Enqueue(new object[] { bytes, reliable, leftIdentity });
                }

                _wake.Set();
            }

            internal void Stop()
            {
                _stopping = true;
                _wake.Set();
                _thread.Join();
            }

            private void Run()
            {
                while (true)
                {
                    object[] item = null;
                    lock (_inbox)
                    {
                        if (_inbox.Count > 0)
                        {
                            item = (object[])_inbox.Dequeue();
                        }
                    }

                    if (item == null)
                    {
                        if (_stopping)
                        {
                            return;
                        }

                        _wake.WaitOne();
                        continue;
                    }

                    if (item[2] != null)
                    {
                        _layer.HandleParticipantLeft((string)item[2]);
                        continue;
                    }

                    if (DropIncoming)
                    {
                        continue;
                    }

                    byte[] bytes = (byte[])item[0];
                    DataPacket packet = DataPacket.Decode(bytes, 0, bytes.Length);
                    _layer.HandlePacket(packet, (bool)item[1]);
                }
            }
        }
    }
}
