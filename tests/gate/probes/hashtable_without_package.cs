// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect CS0246 'Hashtable'
using System.Collections;
namespace Probe
{
    public class Table
    {
        private readonly Hashtable _t = new Hashtable();
    }
}
