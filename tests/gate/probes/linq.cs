// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1004 System.Linq
using System.Linq;
namespace Probe
{
    public class Query
    {
        public object Evens(int[] values)
        {
            return from v in values where v % 2 == 0 select v;
        }
    }
}
