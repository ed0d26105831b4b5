// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1004 LINQ query
namespace Probe
{
    public class Query2
    {
        public object Evens(int[] values)
        {
            return from v in values select v;
        }
    }
}
