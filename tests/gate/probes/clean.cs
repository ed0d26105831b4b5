// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary,nanoFramework.System.Collections,nanoFramework.System.Text,nanoFramework.Runtime.Events
// expect clean
//
// Everything here is what nanoFramework 1.17 runs: it must pass the gate.
using System;
using System.Collections;
using System.Text;
using System.Threading;
using nanoFramework.Runtime.Events;

namespace Probe
{
    public delegate void ValueChangedHandler(object sender, int value);

    public enum Mode
    {
        Idle,
        Busy,
    }

    public struct Sample
    {
        public int Level;
        public long Timestamp;
    }

    public interface IChannel
    {
        bool Send(byte[] data, int offset, int count);
    }

    public sealed class CleanProbe : IChannel, IDisposable
    {
        private readonly ArrayList _items = new ArrayList();
        private readonly Hashtable _byName = new Hashtable();
        private readonly Queue _queue = new Queue();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly ManualResetEvent _done = new ManualResetEvent(false);
        private readonly object _lock = new object();
        private int _counter;
        private Mode _mode = Mode.Idle;
        private Thread _worker;
        private Timer _timer;
        private NativeEventDispatcher _dispatcher;

        public event ValueChangedHandler ValueChanged;

        public event EventHandler Closed;

        public int this[int index] => (int)_items[index];

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _items.Count;
                }
            }
        }

        public void Start()
        {
            _worker = new Thread(Run);
            _worker.Start();
            _timer = new Timer(state => _wake.Set(), null, 1000, 1000);
            ValueChanged += (sender, value) => Interlocked.Increment(ref _counter);
            _dispatcher = new NativeEventDispatcher("LiveKitRtc", 0);
            _dispatcher.OnInterrupt += OnNative;
        }

        private void OnNative(uint data1, uint data2, DateTime time)
        {
            _queue.Enqueue(data1);
            _wake.Set();
        }

        private void Run()
        {
            while (!_done.WaitOne(0, false))
            {
                if (_wake.WaitOne(500, false))
                {
                    Drain();
                }
            }
        }

        private void Drain()
        {
            while (_queue.Count > 0)
            {
                uint value = (uint)_queue.Dequeue();
                _items.Add((int)value);
                ValueChanged?.Invoke(this, (int)value);
            }
        }

        public string Describe(string name, Sample sample)
        {
            StringBuilder sb = new StringBuilder();
            sb.Append(name).Append(':').Append(sample.Level);
            sb.Append($" ts={sample.Timestamp:X8} mode={(int)_mode} n={_counter:D4}");
            switch (name)
            {
                case "a":
                    sb.Append(" first");
                    break;
                default:
                    sb.Append(" other");
                    break;
            }

            foreach (DictionaryEntry entry in _byName)
            {
                sb.Append((string)entry.Key);
            }

            byte[] utf8 = Encoding.UTF8.GetBytes(sb.ToString());
            return Encoding.UTF8.GetString(utf8, 0, utf8.Length) + sample.Level.ToString("X2") + Convert.ToBase64String(utf8);
        }

        public bool Send(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            byte[] copy = new byte[count];
            Array.Copy(data, offset, copy, 0, count);
            int[][] jagged = new int[2][];
            jagged[0] = new int[] { 1, 2, 3 };
            int sum = 0;
            foreach (int v in jagged[0])
            {
                sum += v;
            }

            return sum == 6 && BitConverter.ToInt32(new byte[] { 1, 0, 0, 0 }, 0) == 1;
        }

        public void Dispose()
        {
            _done.Set();
            if (_worker != null && !_worker.Join(2000))
            {
                Console.WriteLine("worker did not stop");
            }

            _timer?.Dispose();
            _dispatcher?.Dispose();
            Closed?.Invoke(this, EventArgs.Empty);
        }
    }
}
