//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections;
using LiveKit.Rtc;

namespace NFUnitTest
{
    /// <summary>Creates <see cref="FakePeerConnectionForTests"/> doubles and remembers them.</summary>
    public sealed class FakePeerConnectionFactoryForTests : IPeerConnectionFactory
    {
        private readonly ArrayList _created = new ArrayList();

        /// <summary>Report connected on the local description (no answer needed).</summary>
        public bool ConnectOnLocalDescription { get; set; }

        /// <summary>Fail every create with this code when negative.</summary>
        public int FailWith { get; set; }

        /// <summary>The doubles created, in order.</summary>
        public FakePeerConnectionForTests[] Created
        {
            get
            {
                lock (_created)
                {
                    FakePeerConnectionForTests[] a = new FakePeerConnectionForTests[_created.Count];
                    for (int i = 0; i < a.Length; i++)
                    {
                        a[i] = (FakePeerConnectionForTests)_created[i];
                    }

                    return a;
                }
            }
        }

        /// <summary>The last double created, or null.</summary>
        public FakePeerConnectionForTests Last
        {
            get
            {
                lock (_created)
                {
                    return _created.Count == 0 ? null : (FakePeerConnectionForTests)_created[_created.Count - 1];
                }
            }
        }

        /// <inheritdoc/>
        public IPeerConnection Create(PeerConnectionConfig config, out int result)
        {
            if (FailWith < 0)
            {
                result = FailWith;
                return null;
            }

            FakePeerConnectionForTests pc = new FakePeerConnectionForTests(config, ConnectOnLocalDescription);
            lock (_created)
            {
                _created.Add(pc);
            }

            result = RtcResult.Ok;
            return pc;
        }
    }
}
