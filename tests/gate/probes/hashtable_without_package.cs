// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect CS0246 'Hashtable' could not be found (are you missing a using directive or an assembly reference?) [declared by nanoFramework.System.Collections
using System.Collections;
namespace Probe
{
    public class Table
    {
        private readonly Hashtable _t = new Hashtable();
    }
}
