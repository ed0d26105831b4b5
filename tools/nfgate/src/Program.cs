// nfgate: the nanoFramework 1.17 compile gate (see docs/compile-gate.md).
//
//   nfgate check <Project.nfproj>                 gate a project: its Compile items, against the surfaces of
//                                                 the packages in its packages.config (+ its ProjectReferences)
//   nfgate check --packages A,B [--name N] f.cs.. gate loose sources against the surfaces of packages A,B
//   nfgate sync  <Project.nfproj> [--check]       rewrite (or, with --check, compare) the Compile items of a
//                                                 .nfproj from the .cs files on disk
//   nfgate surfaces                               compile every surface (self-check of the surfaces)
//   nfgate probes <dir>                           gate each <dir>/*.cs alone, against the packages named in its
//                                                 "// nfgate-probe packages=A,B" line; prints "@@ <file> rc=N"
//                                                 then that probe's output (one process for all probes)
//
// Exit codes: 0 clean, 1 errors found (or --check found differences), 2 usage or surface error.
using System;
using System.Collections.Generic;
using System.IO;

namespace NfGate
{
    internal static class Program
    {
        private static int Main(string[] args)
        {
            try
            {
                if (args.Length == 0)
                {
                    return Usage();
                }

                switch (args[0])
                {
                    case "check":
                        return Check(args);
                    case "sync":
                        return Sync(args);
                    case "surfaces":
                        return SurfacesCheck(args);
                    case "probes":
                        return Probes(args);
                    default:
                        return Usage();
                }
            }
            catch (GateException e)
            {
                Console.Error.WriteLine("nfgate: " + e.Message);
                return 2;
            }
        }

        private static int Usage()
        {
            Console.Error.WriteLine("usage: nfgate check <Project.nfproj> | check --packages A,B [--name Asm] file.cs... | sync <Project.nfproj> [--check] | surfaces");
            return 2;
        }

        private static string FindSurfaceDir(List<string> rest)
        {
            int i = rest.IndexOf("--surface");
            if (i >= 0 && i + 1 < rest.Count)
            {
                string dir = rest[i + 1];
                rest.RemoveRange(i, 2);
                return Path.GetFullPath(dir);
            }

            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                DirectoryInfo d = new DirectoryInfo(start);
                while (d != null)
                {
                    string candidate = Path.Combine(d.FullName, "tools", "nfgate", "surface");
                    if (File.Exists(Path.Combine(candidate, "packages.txt")))
                    {
                        return candidate;
                    }

                    d = d.Parent;
                }
            }

            throw new GateException("cannot find tools/nfgate/surface (pass --surface DIR)");
        }

        private static int Check(string[] args)
        {
            List<string> rest = new List<string>(args);
            rest.RemoveAt(0);
            Surfaces surfaces = new Surfaces(FindSurfaceDir(rest));
            Gate gate = new Gate(surfaces, Console.Out);

            int p = rest.IndexOf("--packages");
            if (p >= 0)
            {
                if (p + 1 >= rest.Count)
                {
                    return Usage();
                }

                string[] packages = rest[p + 1].Split(',', StringSplitOptions.RemoveEmptyEntries);
                rest.RemoveRange(p, 2);
                string name = "GateProbe";
                int n = rest.IndexOf("--name");
                if (n >= 0 && n + 1 < rest.Count)
                {
                    name = rest[n + 1];
                    rest.RemoveRange(n, 2);
                }

                if (rest.Count == 0)
                {
                    return Usage();
                }

                GateProject project = GateProject.FromSources(name, rest, packages);
                return gate.Run(project) ? 0 : 1;
            }

            if (rest.Count != 1)
            {
                return Usage();
            }

            GateProject proj = GateProject.Load(rest[0]);
            return gate.Run(proj) ? 0 : 1;
        }

        private static int Sync(string[] args)
        {
            List<string> rest = new List<string>(args);
            rest.RemoveAt(0);
            bool checkOnly = rest.Remove("--check");
            if (rest.Count != 1)
            {
                return Usage();
            }

            return NfprojSync.Run(rest[0], checkOnly, Console.Out) ? 0 : 1;
        }

        private static int Probes(string[] args)
        {
            List<string> rest = new List<string>(args);
            rest.RemoveAt(0);
            Surfaces surfaces = new Surfaces(FindSurfaceDir(rest));
            if (rest.Count != 1)
            {
                return Usage();
            }

            string[] files = Directory.GetFiles(rest[0], "*.cs");
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string file in files)
            {
                string packages = null;
                foreach (string line in File.ReadLines(file))
                {
                    const string Marker = "// nfgate-probe packages=";
                    if (line.StartsWith(Marker, StringComparison.Ordinal))
                    {
                        packages = line.Substring(Marker.Length).Trim();
                        break;
                    }
                }

                StringWriter output = new StringWriter();
                int rc;
                if (packages == null)
                {
                    output.WriteLine(GateProject.Rel(file) + ": error NF0907: probe has no '// nfgate-probe packages=' line");
                    rc = 2;
                }
                else
                {
                    GateProject project = GateProject.FromSources(Path.GetFileNameWithoutExtension(file), new[] { file }, packages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    rc = new Gate(surfaces, output).Run(project) ? 0 : 1;
                }

                Console.WriteLine("@@ " + GateProject.Rel(file) + " rc=" + rc);
                Console.Write(output.ToString());
            }

            return 0;
        }

        private static int SurfacesCheck(string[] args)
        {
            List<string> rest = new List<string>(args);
            rest.RemoveAt(0);
            Surfaces surfaces = new Surfaces(FindSurfaceDir(rest));
            foreach (string id in surfaces.PackageIds)
            {
                surfaces.Get(id);
            }

            Console.WriteLine("surfaces: " + surfaces.PackageIds.Count + " assemblies compile cleanly");
            return 0;
        }
    }

    internal sealed class GateException : Exception
    {
        public GateException(string message) : base(message)
        {
        }
    }
}
