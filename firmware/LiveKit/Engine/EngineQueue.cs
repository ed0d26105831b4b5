//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Threading;

namespace LiveKit.Engine
{
    /// <summary>
    /// The engine's one bounded queue. Many producers (the application's threads, the
    /// WebSocket's receive thread), one consumer (the worker).
    /// </summary>
    /// <remarks>
    /// Nothing that must not be lost can be lost:
    /// <list type="bullet">
    /// <item>Stop and Disconnect are flags, not entries: setting them never needs room and the
    /// worker looks at them before every dequeue.</item>
    /// <item>Network events may fill the queue only up to capacity minus a reserve; the reserve
    /// belongs to commands. A network event that does not fit is refused and counted: the
    /// engine then treats the signal connection as broken (state is resynchronised by a resume),
    /// instead of blocking the receive thread.</item>
    /// <item>A command that finds even the reserve full is refused to its caller (an
    /// exception at the API), never silently dropped.</item>
    /// </list>
    /// </remarks>
    internal sealed class EngineQueue
    {
        private readonly object _lock = new object();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly EngineEvent[] _items;
        private readonly int _networkLimit;
        private int _head;
        private int _count;
        private bool _stop;
        private bool _disconnect;
        private bool _wakeFlag;
        private int _networkRefused;

        /// <summary>Creates a queue of <paramref name="capacity"/> entries, <paramref name="commandReserve"/> of them for commands.</summary>
        public EngineQueue(int capacity, int commandReserve)
        {
            if (capacity < 2)
            {
                capacity = 2;
            }

            if (commandReserve < 1)
            {
                commandReserve = 1;
            }

            if (commandReserve >= capacity)
            {
                commandReserve = capacity - 1;
            }

            _items = new EngineEvent[capacity];
            _networkLimit = capacity - commandReserve;
        }

        /// <summary>Entries in the queue.</summary>
        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _count;
                }
            }
        }

        /// <summary>Network events refused because their share of the queue was full.</summary>
        public int NetworkRefused
        {
            get
            {
                lock (_lock)
                {
                    return _networkRefused;
                }
            }
        }

        /// <summary>True once <see cref="RequestStop"/> was called.</summary>
        public bool StopRequested
        {
            get
            {
                lock (_lock)
                {
                    return _stop;
                }
            }
        }

        /// <summary>Adds a command; false only when the whole queue is full.</summary>
        public bool TryPostCommand(EngineEvent ev)
        {
            return Post(ev, _items.Length);
        }

        /// <summary>Adds a network event; false (and counted) when the network share is full.</summary>
        public bool TryPostNetwork(EngineEvent ev)
        {
            if (Post(ev, _networkLimit))
            {
                return true;
            }

            lock (_lock)
            {
                _networkRefused++;
            }

            _wake.Set();
            return false;
        }

        /// <summary>Asks the worker to stop; needs no room; idempotent.</summary>
        public void RequestStop()
        {
            lock (_lock)
            {
                _stop = true;
            }

            _wake.Set();
        }

        /// <summary>Asks the worker to leave the room; needs no room; idempotent.</summary>
        public void RequestDisconnect()
        {
            lock (_lock)
            {
                _disconnect = true;
            }

            _wake.Set();
        }

        /// <summary>Wakes the worker without an entry (e.g. peer connection events pending).</summary>
        public void Wake()
        {
            lock (_lock)
            {
                _wakeFlag = true;
            }

            _wake.Set();
        }

        /// <summary>True while a disconnect request waits for the worker.</summary>
        public bool DisconnectPending
        {
            get
            {
                lock (_lock)
                {
                    return _disconnect;
                }
            }
        }

        /// <summary>Takes and clears the disconnect flag.</summary>
        public bool TakeDisconnectRequest()
        {
            lock (_lock)
            {
                bool d = _disconnect;
                _disconnect = false;
                return d;
            }
        }

        /// <summary>
        /// Takes the oldest entry, waiting up to <paramref name="timeoutMs"/> (-1: forever) for
        /// one. Returns null on timeout, on a stop or disconnect request, or on a bare wake, so
        /// that the worker re-checks its flags and deadlines.
        /// </summary>
        public EngineEvent Take(int timeoutMs)
        {
            lock (_lock)
            {
                EngineEvent ev = DequeueLocked();
                if (ev != null || _stop || _disconnect || _wakeFlag)
                {
                    _wakeFlag = false;
                    return ev;
                }
            }

            if (timeoutMs != 0)
            {
                _wake.WaitOne(timeoutMs < 0 ? Timeout.Infinite : timeoutMs, false);
            }

            lock (_lock)
            {
                _wakeFlag = false;
                return DequeueLocked();
            }
        }

        /// <summary>Removes every entry (after the worker stopped).</summary>
        public void Clear()
        {
            lock (_lock)
            {
                while (_count > 0)
                {
                    DequeueLocked();
                }
            }
        }

        private bool Post(EngineEvent ev, int limit)
        {
            lock (_lock)
            {
                if (_count >= limit)
                {
                    return false;
                }

                _items[(_head + _count) % _items.Length] = ev;
                _count++;
            }

            _wake.Set();
            return true;
        }

        private EngineEvent DequeueLocked()
        {
            if (_count == 0)
            {
                return null;
            }

            EngineEvent ev = _items[_head];
            _items[_head] = null;
            _head = (_head + 1) % _items.Length;
            _count--;
            return ev;
        }
    }
}
