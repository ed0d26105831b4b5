//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("LiveKit for .NET nanoFramework")]
[assembly: AssemblyDescription("LiveKit client: Room, participants, data, RPC and data streams over a native WebRTC transport")]
[assembly: AssemblyCompany("LiveKit for nanoFramework contributors")]
[assembly: AssemblyProduct("LiveKit.nanoFramework")]
[assembly: AssemblyCopyright("Copyright (c) LiveKit for nanoFramework contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: InternalsVisibleTo("NFUnitTest")]
[assembly: InternalsVisibleTo("LiveKit.IntegrationTests")]

#if !LIVEKIT_HOST
// The version of the native interop library (native-interop/nanoclr) this assembly was built
// against; the MetadataProcessor writes it, with the checksum of the InternalCall signatures,
// into the stubs, and nanoCLR refuses a mismatch at boot.
[assembly: AssemblyNativeVersion("0.1.0.0")]
#endif
