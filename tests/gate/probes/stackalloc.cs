// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1009 stackalloc
namespace Probe
{
    public class Stack
    {
        public unsafe int First()
        {
            int* p = stackalloc int[4];
            return p[0];
        }
    }
}
