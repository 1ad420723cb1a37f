// What the script tests that compare with GNU ld share: one link by GNU ld and one by wild (gcc -B dist/) of the
// same arguments, a corpus case's file copied into the scratch directory, and "both programs run the same".
using System.Text.RegularExpressions;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

internal static class ScriptLinkSupport
{
    public static (string Gnu, string Wild) LinkBoth(Scratch dir, params string[] args)
    {
        string dist = CorpusCatalog.RequireDist();
        string gnu = dir.PathOf("prog.gnu"), wild = dir.PathOf("prog.wild");
        Tools.Run("gcc", dir.Dir, [.. args, "-o", gnu]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", .. args, "-o", wild]);
        return (gnu, wild);
    }

    /// <summary>Copies file <paramref name="file"/> of corpus case <paramref name="caseName"/> into the scratch directory.</summary>
    public static string CaseFile(Scratch dir, string caseName, string file) =>
        dir.Write(file, File.ReadAllText(Path.Combine(CorpusPaths.ProgramsDir, caseName, file)));

    public static void AssertSameRun(string gnu, string wild, int exit)
    {
        var g = Tools.Exec(gnu);
        Assert.Equal(exit, g.ExitCode);
        Tools.AssertRuns(wild, g.ExitCode, g.Stdout);
    }

    /// <summary>"name type address size" of every allocated section, from readelf -SW.</summary>
    public static List<string> AllocSections(Scratch dir, string file) =>
        Regex.Matches(Tools.Run("readelf", dir.Dir, "-SW", file).Stdout,
                @"^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+(\S*A\S*)\s", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value} {m.Groups[4].Value}").ToList();

    /// <summary>Every program header but its alignment, from readelf -lW.</summary>
    public static List<string> ProgramHeaders(Scratch dir, string file) =>
        Regex.Matches(Tools.Run("readelf", dir.Dir, "-lW", file).Stdout,
                @"^\s{2}(\w+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+([RWE ]+?)\s+0x[0-9a-f]+\s*$", RegexOptions.Multiline)
            .Select(m => string.Join(' ', m.Groups.Values.Skip(1).Select(g => g.Value))).ToList();

    /// <summary>A symbol's value and section (by name: section numbers may differ), from readelf -sW and -SW.</summary>
    public static string Symbol(Scratch dir, string file, string name)
    {
        var sections = Regex.Matches(Tools.Run("readelf", dir.Dir, "-SW", file).Stdout, @"^\s*\[\s*(\d+)\]\s+(\S+)", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var m = Regex.Match(Tools.Run("readelf", dir.Dir, "-sW", file).Stdout, $@"^\s*\d+:\s+([0-9a-f]+)\s+\d+\s+\w+\s+\w+\s+\w+\s+(\w+)\s+{Regex.Escape(name)}$", RegexOptions.Multiline);
        Assert.True(m.Success, $"{file} has no symbol {name}");
        string ndx = m.Groups[2].Value;
        return $"{m.Groups[1].Value} {(sections.TryGetValue(ndx, out var s) ? s : ndx)}";
    }
}
