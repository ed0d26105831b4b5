// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1002 Span<byte>
using System;
namespace Probe
{
    public class Spans
    {
        public int Length(byte[] data)
        {
            Span<byte> s = data;
            return s.Length;
        }
    }
}
