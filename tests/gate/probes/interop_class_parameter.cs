// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1016 parameter 'peer' is Probe.Peer2
using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyNativeVersion("1.0.0.0")]

namespace Probe
{
    public class Peer2
    {
    }

    internal static class NativeBinding2
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int Attach(Peer2 peer);
    }
}
