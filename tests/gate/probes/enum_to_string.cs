// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1014 ToString() of enum 'Color'
namespace Probe
{
    public enum Color { Red, Green }

    public class Names
    {
        public string Name(Color c)
        {
            return c.ToString();
        }
    }
}
