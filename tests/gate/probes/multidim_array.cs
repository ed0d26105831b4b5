// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1008 multi-dimensional array
namespace Probe
{
    public class Grid
    {
        private readonly int[,] _cells = new int[4, 4];

        public int Get(int x, int y)
        {
            return _cells[x, y];
        }
    }
}
