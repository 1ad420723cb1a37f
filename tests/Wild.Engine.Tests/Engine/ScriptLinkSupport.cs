// What the script tests that compare with GNU ld share: one link by GNU ld and one by wild (gcc -B dist/) of the
// same arguments, a corpus case's file copied into the scratch directory, and "both programs run the same".
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
}
