// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1003 async
namespace Probe
{
    public class Worker
    {
        public async void Run()
        {
            await Run2();
        }

        private object Run2()
        {
            return null;
        }
    }
}
