// Keeps the explicit <Compile Include> items of a .nfproj equal to the .cs files on disk
// (every *.cs under the project folder, bin/ and obj/ excluded), as Visual Studio writes them.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace NfGate
{
    internal static class NfprojSync
    {
        private static readonly Regex s_compile = new Regex(@"^[ \t]*<Compile\s+Include=""([^""]+)""\s*/>[ \t]*\r?\n", RegexOptions.Multiline);

        public static List<string> OnDisk(string dir)
        {
            List<string> files = new List<string>();
            foreach (string f in Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                string rel = Path.GetRelativePath(dir, f).Replace('/', '\\');
                string first = rel.Split('\\')[0];
                if (first == "bin" || first == "obj")
                {
                    continue;
                }

                files.Add(rel);
            }

            files.Sort(StringComparer.Ordinal);
            return files;
        }

        public static bool Run(string nfproj, bool checkOnly, TextWriter output)
        {
            string full = Path.GetFullPath(nfproj);
            if (!File.Exists(full))
            {
                throw new GateException("no such project: " + nfproj);
            }

            string dir = Path.GetDirectoryName(full);
            string text = File.ReadAllText(full);
            List<string> listed = s_compile.Matches(text).Select(m => m.Groups[1].Value).ToList();
            List<string> disk = OnDisk(dir);

            List<string> missing = disk.Where(f => !listed.Contains(f)).ToList();
            List<string> stale = listed.Where(f => !disk.Contains(f)).ToList();
            List<string> dup = listed.GroupBy(f => f).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            bool same = missing.Count == 0 && stale.Count == 0 && dup.Count == 0;

            if (checkOnly)
            {
                foreach (string f in missing)
                {
                    output.WriteLine(GateProject.Rel(full) + ": error NF0904: " + f + " is on disk but not listed as <Compile Include>");
                }

                foreach (string f in stale)
                {
                    output.WriteLine(GateProject.Rel(full) + ": error NF0905: " + f + " is listed as <Compile Include> but not on disk");
                }

                foreach (string f in dup)
                {
                    output.WriteLine(GateProject.Rel(full) + ": error NF0906: " + f + " is listed more than once");
                }

                return same;
            }

            if (same && listed.SequenceEqual(disk))
            {
                output.WriteLine(GateProject.Rel(full) + ": Compile items up to date (" + disk.Count + " files)");
                return true;
            }

            Match first = s_compile.Match(text);
            string newline = text.Contains("\r\n") ? "\r\n" : "\n";
            StringBuilder items = new StringBuilder();
            foreach (string f in disk)
            {
                items.Append("    <Compile Include=\"").Append(f).Append("\" />").Append(newline);
            }

            string updated;
            if (first.Success)
            {
                int at = first.Index;
                updated = s_compile.Replace(text, string.Empty);
                updated = updated.Insert(at, items.ToString());
            }
            else
            {
                int at = text.LastIndexOf("<Import Project=\"$(NanoFrameworkProjectSystemPath)NFProjectSystem.CSharp.targets\"", StringComparison.Ordinal);
                if (at < 0)
                {
                    throw new GateException(nfproj + ": no Compile items and no NFProjectSystem.CSharp.targets import to insert before");
                }

                at = text.LastIndexOf('\n', at) + 1;
                updated = text.Insert(at, "  <ItemGroup>" + newline + items + "  </ItemGroup>" + newline);
            }

            File.WriteAllText(full, updated);
            output.WriteLine(GateProject.Rel(full) + ": Compile items rewritten (" + disk.Count + " files, +" + missing.Count + " -" + stale.Count + ")");
            return true;
        }
    }
}
