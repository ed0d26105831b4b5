// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1002 Func<int>
using System;
namespace Probe
{
    public class Callbacks
    {
        public Func<int> Source;
    }
}
