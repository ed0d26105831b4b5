// A project to gate: its assembly name, sources, packages and referenced projects, read from a
// .nfproj + packages.config (or given directly for loose probe sources).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NfGate
{
    internal sealed class GateProject
    {
        public string Name;
        public string Path;
        public List<string> Sources = new List<string>();
        public List<string> Packages = new List<string>();
        public List<GateProject> References = new List<GateProject>();
        public List<string> Defines = new List<string>();
        public List<string> Problems = new List<string>();
        public bool AllowUnsafe = true;

        public static GateProject FromSources(string name, IEnumerable<string> sources, IEnumerable<string> packages)
        {
            GateProject p = new GateProject { Name = name, Path = null };
            p.Sources.AddRange(sources);
            p.Packages.AddRange(packages);
            return p;
        }

        public static string Rel(string path)
        {
            string rel = System.IO.Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
            return rel.Replace('\\', '/');
        }

        public static GateProject Load(string nfprojPath)
        {
            string full = System.IO.Path.GetFullPath(nfprojPath);
            if (!File.Exists(full))
            {
                throw new GateException("no such project: " + nfprojPath);
            }

            string dir = System.IO.Path.GetDirectoryName(full);
            XDocument doc = XDocument.Load(full);
            XNamespace ns = doc.Root.Name.Namespace;

            GateProject p = new GateProject { Path = full };
            p.Name = doc.Descendants(ns + "AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0)
                ?? System.IO.Path.GetFileNameWithoutExtension(full);

            // as msbuild: unsafe code compiles only with <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
            p.AllowUnsafe = doc.Descendants(ns + "AllowUnsafeBlocks").Any(e => string.Equals(e.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase));

            foreach (XElement d in doc.Descendants(ns + "DefineConstants"))
            {
                foreach (string sym in d.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!sym.StartsWith("$(", StringComparison.Ordinal) && !p.Defines.Contains(sym))
                    {
                        p.Defines.Add(sym);
                    }
                }
            }

            foreach (XElement c in doc.Descendants(ns + "Compile"))
            {
                string include = (string)c.Attribute("Include");
                if (include != null)
                {
                    p.Sources.Add(System.IO.Path.Combine(dir, include.Replace('\\', '/')));
                }
            }

            foreach (XElement r in doc.Descendants(ns + "ProjectReference"))
            {
                string include = (string)r.Attribute("Include");
                if (include != null)
                {
                    p.References.Add(Load(System.IO.Path.Combine(dir, include.Replace('\\', '/'))));
                }
            }

            // packages.config: every package the project compiles against (build-tool packages such as
            // Nerdbank.GitVersioning are skipped; nanoFramework.TestFramework is a developmentDependency but is
            // compiled against).
            string config = System.IO.Path.Combine(dir, "packages.config");
            Dictionary<string, string> versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (File.Exists(config))
            {
                foreach (XElement pkg in XDocument.Load(config).Descendants("package"))
                {
                    string id = (string)pkg.Attribute("id");
                    string version = (string)pkg.Attribute("version");
                    if (id.StartsWith("Nerdbank.", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    p.Packages.Add(id);
                    versions[id] = version;
                }
            }
            else
            {
                p.Problems.Add(Rel(full) + ": error NF0901: no packages.config next to the project");
            }

            // Each package must be referenced by the project (a HintPath into packages/<id>.<version>/), and each
            // package reference must come from packages.config: the two files must agree or Visual Studio breaks.
            HashSet<string> hinted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (XElement r in doc.Descendants(ns + "Reference"))
            {
                string hint = r.Element(ns + "HintPath")?.Value ?? string.Empty;
                Match m = Regex.Match(hint.Replace('\\', '/'), @"packages/([^/]+)/lib/");
                if (!m.Success)
                {
                    continue;
                }

                string folder = m.Groups[1].Value;
                string owner = versions.Keys.FirstOrDefault(id => string.Equals(folder, id + "." + versions[id], StringComparison.OrdinalIgnoreCase));
                if (owner == null)
                {
                    p.Problems.Add(Rel(full) + ": error NF0902: reference " + hint + " is not a package of packages.config (id.version)");
                }
                else
                {
                    hinted.Add(owner);
                }
            }

            foreach (string id in versions.Keys)
            {
                if (!hinted.Contains(id))
                {
                    p.Problems.Add(Rel(full) + ": error NF0903: package " + id + " " + versions[id] + " of packages.config has no <Reference> with a HintPath into packages/" + id + "." + versions[id] + "/lib/");
                }
            }

            return p;
        }
    }
}
