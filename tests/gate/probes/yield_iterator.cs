// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1011 yield
using System.Collections;
namespace Probe
{
    public class Numbers
    {
        public IEnumerable Three()
        {
            yield return 1;
            yield return 2;
            yield return 3;
        }
    }
}
