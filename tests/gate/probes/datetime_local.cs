// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect CS0619 'DateTimeKind.Local' is obsolete
using System;
namespace Probe
{
    public class Clock
    {
        public DateTime Local()
        {
            return new DateTime(0, DateTimeKind.Local);
        }
    }
}
