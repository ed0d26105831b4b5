// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect CS7036 WaitHandle.WaitOne(int, bool)
using System.Threading;
namespace Probe
{
    public class Waiter
    {
        private readonly AutoResetEvent _event = new AutoResetEvent(false);

        public bool Wait()
        {
            return _event.WaitOne(100);
        }
    }
}
