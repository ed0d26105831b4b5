// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect CS1503 'ref long'
using System.Threading;
namespace Probe
{
    public class Counter
    {
        private long _n;

        public long Next()
        {
            return Interlocked.Increment(ref _n);
        }
    }
}
