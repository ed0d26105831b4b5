// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary
// expect clean
//
// Newer C# syntax that compiles to IL nanoFramework 1.x runs: it must pass the gate (no false positives).
#nullable enable
using System;
using System.Collections;

namespace Probe
{
    public delegate int IntSource();

    public sealed class ModernSyntax
    {
        private readonly ArrayList _items = new ArrayList();
        private string? _name;

        public string Name
        {
            get => _name ?? string.Empty;
            set => _name = value;
        }

        public int Classify(object o)
        {
            int n = o switch
            {
                int i when i > 0 => i,
                string s => s.Length,
                ModernSyntax { Name: "x" } => 1,
                null => -1,
                _ => 0,
            };

            if (o is not null && o is string text && text.Length > 2)
            {
                n += text[0];
            }

            int Twice(int k) => k * 2;
            IntSource one = static () => 1;
            string label = $"{nameof(Classify)}:{n,5}|{Name,-4}|{n:D3}";
            _items.Add(label);
            return Twice(n) + one() + label.Length + (_name == null ? 0 : _name.Length);
        }

        public string Describe(int value)
        {
            switch (value)
            {
                case < 0:
                    return "negative";
                case 0:
                    return "zero";
                default:
                    return value.ToString("X4") + " " + value.ToString();
            }
        }

        public int Guarded(int divisor)
        {
            try
            {
                return 100 / divisor;
            }
            catch (Exception e) when (divisor == 0)
            {
                return e.Message.Length;
            }
        }

        public byte[] Copy(byte[] source)
        {
            byte[] copy = new byte[source.Length];
            Array.Copy(source, copy, source.Length);
            int[] table = { 1, 2, 3 };
            return table.Length == 3 ? copy : source;
        }
    }
}
