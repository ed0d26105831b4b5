// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1001 generic class 'Box<T>'
namespace Probe
{
    public class Box<T>
    {
        public T Value;
    }
}
