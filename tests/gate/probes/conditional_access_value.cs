// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1006 '?.' on a value-typed member
namespace Probe
{
    public class Names
    {
        public int Length(string s)
        {
            return s?.Length ?? 0;
        }
    }
}
