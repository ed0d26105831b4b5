// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1005 dynamic
namespace Probe
{
    public class Late
    {
        public object Call(dynamic d)
        {
            return d;
        }
    }
}
