// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect CS0117 'GetNames'
using System;
namespace Probe
{
    public enum Level { Low, High }

    public class Levels
    {
        public string[] All()
        {
            return Enum.GetNames(typeof(Level));
        }
    }
}
