// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1010 tuple
namespace Probe
{
    public class Pairs
    {
        public int Sum()
        {
            (int a, int b) pair = (1, 2);
            return pair.a + pair.b;
        }
    }
}
