// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1012 default interface member
namespace Probe
{
    public interface IGreeter
    {
        string Name { get; }

        string Greet()
        {
            return "hi " + Name;
        }
    }
}
