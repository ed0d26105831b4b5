// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1013 numeric format '0.00'
namespace Probe
{
    public class Formats
    {
        public string Show(double value)
        {
            return $"{value:0.00}";
        }
    }
}
