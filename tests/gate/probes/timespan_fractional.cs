// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect CS1503 'double' to 'long'
using System;
namespace Probe
{
    public class Delays
    {
        public TimeSpan Half()
        {
            return TimeSpan.FromSeconds(0.5);
        }
    }
}
