// The reference surfaces: one Roslyn compilation per nanoFramework package, compiled from
// tools/nfgate/surface/<folder>/*.cs with the package's real assembly name.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NfGate
{
    internal sealed class Surfaces
    {
        private sealed class Entry
        {
            public string PackageId;
            public string AssemblyName;
            public string Folder;
            public string[] Dependencies;
            public MetadataReference Reference;
        }

        private readonly string _dir;
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _order = new List<string>();

        public Surfaces(string dir)
        {
            _dir = dir;
            foreach (string raw in File.ReadAllLines(Path.Combine(dir, "packages.txt")))
            {
                string line = raw.Trim();
                if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal))
                {
                    continue;
                }

                string[] parts = line.Split('|');
                if (parts.Length != 4)
                {
                    throw new GateException("bad line in packages.txt: " + line);
                }

                Entry e = new Entry
                {
                    PackageId = parts[0].Trim(),
                    AssemblyName = parts[1].Trim(),
                    Folder = parts[2].Trim(),
                    Dependencies = parts[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                };
                _entries[e.PackageId] = e;
                _order.Add(e.PackageId);
            }
        }

        public IReadOnlyList<string> PackageIds => _order;

        public string Directory => _dir;

        public bool Has(string packageId) => _entries.ContainsKey(packageId);

        public string AssemblyNameOf(string packageId) => _entries[packageId].AssemblyName;

        public static CSharpParseOptions ParseOptions(IEnumerable<string> defines)
        {
            return new CSharpParseOptions(LanguageVersion.CSharp13, DocumentationMode.None, SourceCodeKind.Regular, defines);
        }

        private Dictionary<string, List<string>> _typeIndex;

        /// <summary>The packages whose surface declares a type (or namespace) of this simple name.</summary>
        public List<string> PackagesDeclaring(string name)
        {
            if (_typeIndex == null)
            {
                _typeIndex = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (string id in _order)
                {
                    CSharpCompilation c = CSharpCompilation.Create("index", null, new[] { Get(id) });
                    IAssemblySymbol assembly = c.GetAssemblyOrModuleSymbol(Get(id)) as IAssemblySymbol;
                    if (assembly != null)
                    {
                        Index(assembly.GlobalNamespace, id);
                    }
                }
            }

            return _typeIndex.TryGetValue(name, out List<string> ids) ? ids : new List<string>();
        }

        private void Index(INamespaceSymbol ns, string packageId)
        {
            foreach (INamespaceOrTypeSymbol member in ns.GetMembers())
            {
                if (member is INamedTypeSymbol type && type.DeclaredAccessibility == Accessibility.Public)
                {
                    Add(type.Name, packageId);
                }
                else if (member is INamespaceSymbol child)
                {
                    Add(child.Name, packageId);
                    Index(child, packageId);
                }
            }
        }

        private void Add(string name, string packageId)
        {
            if (!_typeIndex.TryGetValue(name, out List<string> ids))
            {
                ids = new List<string>();
                _typeIndex[name] = ids;
            }

            if (!ids.Contains(packageId))
            {
                ids.Add(packageId);
            }
        }

        /// <summary>The compiled surface of a package (compiled once, on first use).</summary>
        public MetadataReference Get(string packageId)
        {
            if (!_entries.TryGetValue(packageId, out Entry e))
            {
                throw new GateException("no surface for package " + packageId);
            }

            if (e.Reference != null)
            {
                return e.Reference;
            }

            List<MetadataReference> refs = new List<MetadataReference>();
            foreach (string dep in e.Dependencies)
            {
                refs.Add(Get(dep));
            }

            string folder = Path.Combine(_dir, e.Folder);
            List<SyntaxTree> trees = new List<SyntaxTree>();
            foreach (string file in System.IO.Directory.GetFiles(folder, "*.cs").OrderBy(f => f, StringComparer.Ordinal))
            {
                trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(file), ParseOptions(Array.Empty<string>()), file));
            }

            CSharpCompilation c = CSharpCompilation.Create(
                e.AssemblyName,
                trees,
                refs,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable, allowUnsafe: true));

            List<Diagnostic> errors = c.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                foreach (Diagnostic d in errors.Take(40))
                {
                    Console.Error.WriteLine(Gate.Format(d.Location, d.Id, d.GetMessage()));
                }

                throw new GateException("the surface of " + packageId + " does not compile (" + errors.Count + " errors)");
            }

            using (MemoryStream ms = new MemoryStream())
            {
                var result = c.Emit(ms);
                if (!result.Success)
                {
                    throw new GateException("the surface of " + packageId + " does not emit");
                }

                ms.Position = 0;
                e.Reference = MetadataReference.CreateFromStream(ms, filePath: e.AssemblyName + ".dll");
            }

            return e.Reference;
        }
    }
}
