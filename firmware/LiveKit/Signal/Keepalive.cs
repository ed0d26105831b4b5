//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Signal
{
    /// <summary>
    /// The signal keepalive as a deadline machine (no timers, no threads): ping_req every
    /// ping_interval with the last measured rtt; the connection counts as lost when nothing at
    /// all arrived for ping_timeout. The JoinResponse gives both (the server sends 5 s and
    /// 15 s). The engine feeds it the time and asks it what is due.
    /// </summary>
    internal sealed class Keepalive
    {
        private long _intervalMs;
        private long _timeoutMs;
        private long _nextPingAt;
        private long _lastReceivedAt;
        private long _lastRttMs;
        private bool _running;

        /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>.</summary>
        public bool Running
        {
            get { return _running; }
        }

        /// <summary>The round-trip time of the last answered ping, in milliseconds (0: none yet).</summary>
        public long LastRttMs
        {
            get { return _lastRttMs; }
        }

        /// <summary>The ping interval in use, in milliseconds.</summary>
        public long IntervalMs
        {
            get { return _intervalMs; }
        }

        /// <summary>The timeout in use, in milliseconds.</summary>
        public long TimeoutMs
        {
            get { return _timeoutMs; }
        }

        /// <summary>
        /// Starts with the server's values in seconds. A zero or negative interval disables
        /// pings; a zero or negative timeout disables the timeout. The first ping is due now.
        /// </summary>
        public void Start(int pingIntervalS, int pingTimeoutS, long nowMs)
        {
            _intervalMs = pingIntervalS > 0 ? pingIntervalS * 1000L : 0;
            _timeoutMs = pingTimeoutS > 0 ? pingTimeoutS * 1000L : 0;
            _lastReceivedAt = nowMs;
            _nextPingAt = nowMs;
            _running = _intervalMs > 0 || _timeoutMs > 0;
        }

        /// <summary>Stops; nothing is due any more.</summary>
        public void Stop()
        {
            _running = false;
        }

        /// <summary>Any message arrived: the timeout starts again.</summary>
        public void OnReceived(long nowMs)
        {
            _lastReceivedAt = nowMs;
        }

        /// <summary>A pong_resp for a ping sent at <paramref name="pingTimestampMs"/> (our clock) arrived.</summary>
        public void OnPong(long pingTimestampMs, long nowMs)
        {
            _lastReceivedAt = nowMs;
            long rtt = nowMs - pingTimestampMs;
            if (rtt >= 0 && rtt < 600000)
            {
                _lastRttMs = rtt;
            }
        }

        /// <summary>The time of the next thing due, or long.MaxValue when nothing is.</summary>
        public long NextDeadline
        {
            get
            {
                if (!_running)
                {
                    return long.MaxValue;
                }

                long d = long.MaxValue;
                if (_intervalMs > 0)
                {
                    d = _nextPingAt;
                }

                if (_timeoutMs > 0 && _lastReceivedAt + _timeoutMs < d)
                {
                    d = _lastReceivedAt + _timeoutMs;
                }

                return d;
            }
        }

        /// <summary>True when nothing arrived for the timeout: the signal is lost.</summary>
        public bool TimedOut(long nowMs)
        {
            return _running && _timeoutMs > 0 && nowMs - _lastReceivedAt >= _timeoutMs;
        }

        /// <summary>True when a ping is due; schedules the next one.</summary>
        public bool PingDue(long nowMs)
        {
            if (!_running || _intervalMs <= 0 || nowMs < _nextPingAt)
            {
                return false;
            }

            _nextPingAt = nowMs + _intervalMs;
            return true;
        }
    }
}
