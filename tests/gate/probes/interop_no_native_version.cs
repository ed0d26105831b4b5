// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1017 no [assembly: AssemblyNativeVersion
using System.Runtime.CompilerServices;

namespace Probe
{
    internal static class NativeBinding3
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int Create(string config);
    }
}
