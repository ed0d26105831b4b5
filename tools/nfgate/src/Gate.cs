// Compiles a project against nothing but the surfaces of its packages (and its referenced projects),
// then runs the nanoFramework 1.x rules (Rules.cs) over every source. Prints
// "path(line,col): error ID: message" lines; returns true when there is no error.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NfGate
{
    internal sealed class Gate
    {
        private readonly Surfaces _surfaces;
        private readonly TextWriter _out;
        private readonly Dictionary<string, CSharpCompilation> _built = new Dictionary<string, CSharpCompilation>(StringComparer.OrdinalIgnoreCase);

        public Gate(Surfaces surfaces, TextWriter output)
        {
            _surfaces = surfaces;
            _out = output;
        }

        public static string Format(Location location, string id, string message)
        {
            if (location != null && location.IsInSource)
            {
                FileLinePositionSpan span = location.GetLineSpan();
                return GateProject.Rel(span.Path) + "(" + (span.StartLinePosition.Line + 1) + "," + (span.StartLinePosition.Character + 1) + "): error " + id + ": " + message;
            }

            return "error " + id + ": " + message;
        }

        /// <summary>
        /// For "type or namespace not found" errors: names the nanoFramework package that declares it when the
        /// project does not list that package (e.g. StringBuilder without nanoFramework.System.Text).
        /// </summary>
        private string MissingPackageHint(Diagnostic d, GateProject project)
        {
            if (d.Id != "CS0246" && d.Id != "CS0234" && d.Id != "CS0103")
            {
                return string.Empty;
            }

            if (d.Location == null || !d.Location.IsInSource)
            {
                return string.Empty;
            }

            string name = d.Location.SourceTree.GetText().ToString(d.Location.SourceSpan);
            int dot = name.LastIndexOf('.');
            if (dot >= 0)
            {
                name = name.Substring(dot + 1);
            }

            int angle = name.IndexOf('<');
            if (angle >= 0)
            {
                name = name.Substring(0, angle);
            }

            List<string> missing = _surfaces.PackagesDeclaring(name).Where(id => !project.Packages.Contains(id)).ToList();
            if (missing.Count == 0)
            {
                return string.Empty;
            }

            return " [declared by " + string.Join(", ", missing) + ", which packages.config does not list]";
        }

        /// <summary>Gates a project (and first the projects it references). True when clean.</summary>
        public bool Run(GateProject project)
        {
            int errors = 0;
            Build(project, ref errors, _out);
            _out.WriteLine(project.Name + ": " + (errors == 0 ? "clean" : errors + " error(s)"));
            return errors == 0;
        }

        private CSharpCompilation Build(GateProject project, ref int errors, TextWriter output)
        {
            string key = project.Path ?? project.Name;
            if (_built.TryGetValue(key, out CSharpCompilation done))
            {
                return done;
            }

            foreach (string problem in project.Problems)
            {
                output.WriteLine(problem);
                errors++;
            }

            List<MetadataReference> refs = new List<MetadataReference>();
            foreach (string id in project.Packages)
            {
                if (!_surfaces.Has(id))
                {
                    output.WriteLine((project.Path == null ? project.Name : GateProject.Rel(project.Path)) + ": error NF0900: no 1.17 surface for package " + id + " (add one under tools/nfgate/surface)");
                    errors++;
                    continue;
                }

                refs.Add(_surfaces.Get(id));
            }

            foreach (GateProject r in project.References)
            {
                // a referenced project's own errors are summarised in one line: gate it on its own for details
                int referenceErrors = 0;
                refs.Add(Build(r, ref referenceErrors, TextWriter.Null).ToMetadataReference());
                if (referenceErrors > 0)
                {
                    output.WriteLine(GateProject.Rel(r.Path ?? r.Name) + ": error NF0908: referenced project " + r.Name + " has " + referenceErrors + " error(s) (gate it on its own for the details)");
                    errors++;
                }
            }

            CSharpParseOptions parse = Surfaces.ParseOptions(project.Defines);
            List<SyntaxTree> trees = new List<SyntaxTree>();
            foreach (string file in project.Sources)
            {
                if (!File.Exists(file))
                {
                    output.WriteLine(GateProject.Rel(file) + ": error NF0905: listed source file does not exist");
                    errors++;
                    continue;
                }

                trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(file), parse, Path.GetFullPath(file)));
            }

            CSharpCompilation compilation = CSharpCompilation.Create(
                project.Name,
                trees,
                refs,
                new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Disable,
                    allowUnsafe: project.AllowUnsafe,
                    concurrentBuild: false));

            List<(Location Where, string Text)> lines = new List<(Location, string)>();
            // Emit (to memory), not only GetDiagnostics(): some requirements surface only when the IL is
            // generated (iterators need IEnumerator<T>, for instance), and those must fail here too.
            System.Collections.Immutable.ImmutableArray<Diagnostic> diagnostics;
            using (MemoryStream image = new MemoryStream())
            {
                diagnostics = compilation.Emit(image).Diagnostics;
            }

            foreach (Diagnostic d in diagnostics)
            {
                if (d.Severity == DiagnosticSeverity.Error)
                {
                    lines.Add((d.Location, Format(d.Location, d.Id, d.GetMessage() + MissingPackageHint(d, project))));
                }
            }

            Location firstInternalCall = null;
            foreach (SyntaxTree tree in trees)
            {
                SemanticModel model = compilation.GetSemanticModel(tree);
                Rules rules = new Rules(model);
                rules.Visit(tree.GetRoot());
                foreach (RuleHit hit in rules.Hits)
                {
                    lines.Add((hit.Location, Format(hit.Location, hit.Id, hit.Message)));
                }

                if (rules.HasInternalCall && firstInternalCall == null)
                {
                    firstInternalCall = rules.FirstInternalCall;
                }
            }

            // NF1017: an assembly with native (InternalCall) methods must declare its native version, which the
            // MetadataProcessor puts in the stubs and nanoCLR checks at boot.
            if (firstInternalCall != null && !compilation.Assembly.GetAttributes().Any(a => a.AttributeClass != null && a.AttributeClass.Name == "AssemblyNativeVersionAttribute"))
            {
                lines.Add((firstInternalCall, Format(firstInternalCall, "NF1017", project.Name + " declares InternalCall methods but no [assembly: AssemblyNativeVersion(\"x.y.z.w\")]: the interop stubs and nanoCLR need it")));
            }

            IEnumerable<string> ordered = lines
                .OrderBy(l => l.Where.IsInSource ? l.Where.SourceTree.FilePath : string.Empty, StringComparer.Ordinal)
                .ThenBy(l => l.Where.IsInSource ? l.Where.SourceSpan.Start : -1)
                .ThenBy(l => l.Text, StringComparer.Ordinal)
                .Select(l => l.Text)
                .Distinct();
            foreach (string line in ordered)
            {
                output.WriteLine(line);
                errors++;
            }

            _built[key] = compilation;
            return compilation;
        }
    }
}
