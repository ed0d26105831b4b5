// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect CS0246 'StringBuilder' could not be found (are you missing a using directive or an assembly reference?) [declared by nanoFramework.System.Text
using System.Text;
namespace Probe
{
    public class Builder
    {
        public string Build()
        {
            StringBuilder sb = new StringBuilder();
            sb.Append("x");
            return sb.ToString();
        }
    }
}
