// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect CS0518 'System.Decimal'
namespace Probe
{
    public class Money
    {
        public decimal Total = 1.5m;
    }
}
