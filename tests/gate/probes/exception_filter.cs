// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1015 exception filter
using System;
namespace Probe
{
    public class Filters
    {
        public int Run(int x)
        {
            try
            {
                return 10 / x;
            }
            catch (Exception e) when (x == 0)
            {
                return e.Message.Length;
            }
        }
    }
}
