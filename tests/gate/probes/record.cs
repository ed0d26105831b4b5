// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1007 record 'Point'
namespace Probe
{
    public record Point(int X, int Y);
}
