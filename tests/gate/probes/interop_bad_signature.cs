// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1016 parameter 'written' is out
using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyNativeVersion("1.0.0.0")]

namespace Probe
{
    public class Peer
    {
    }

    internal static class NativeBinding
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int Poll(int handle, byte[] buffer, out int written);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int Attach(Peer peer);
    }
}
