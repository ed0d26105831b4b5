// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect NF1006 nullable value type 'int?'
namespace Probe
{
    public class Settings
    {
        private int? _timeout;

        public bool HasTimeout()
        {
            return _timeout != null;
        }
    }
}
