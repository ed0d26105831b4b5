// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1002 List<int>
using System.Collections.Generic;
namespace Probe
{
    public static class UsesList
    {
        public static int Count()
        {
            List<int> items = new List<int>();
            return items.Count;
        }
    }
}
