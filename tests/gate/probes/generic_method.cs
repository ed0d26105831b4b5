// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1001 generic method 'Echo<T>'
namespace Probe
{
    public static class Generic
    {
        public static T Echo<T>(T value)
        {
            return value;
        }

        public static int Use()
        {
            return Echo(3);
        }
    }
}
