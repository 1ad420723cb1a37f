// The flags of .gnu.version_d entries: a version node that names no symbol and that no symbol takes (a
// dependency-only node such as `FOO_DEP { };`) is VER_FLG_WEAK in GNU ld's output (binutils' ld-elf/pr24718-1);
// every other node (one with patterns, even only local ones, or one a .symver takes) has no flag. Compared with
// ld.bfd's `readelf -V` lines for the same object and script.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class VersionDefinitionFlagTests
{
    private const string Source = """
        .text
        .globl foo, bar
        .type foo, @function
        foo:
            ret
        .type bar, @function
        bar:
            ret
        .symver bar, bar@@USED_BY_SYMVER, remove
        """;

    /// <summary>readelf -V's version definition lines, name and flags only (offsets and the base name differ).</summary>
    private static string[] Definitions(Scratch dir, string file) =>
        [.. Tools.Run("readelf", dir.Dir, ["-V", "-W", file]).Stdout.Split('\n')
            .Where(l => l.Contains("Rev: 1", StringComparison.Ordinal) && !l.Contains("BASE", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf("Flags:", StringComparison.Ordinal)..].Replace("  ", " ", StringComparison.Ordinal))];

    [Theory]
    [InlineData("FOO_DEP { };\nFOO { foo; };\nUSED_BY_SYMVER { };\n")]
    [InlineData("FOO { foo; };\nFOO_DEP { } FOO;\nUSED_BY_SYMVER { };\n")]
    [InlineData("FOO { global: foo; local: *; };\nEMPTY_LOCAL { local: nothing_matches; };\nUSED_BY_SYMVER { };\n")]
    public void EmptyUnusedNodesAreWeakAsInGnuLd(string script)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "lib", Source, "--64");
        File.WriteAllText(Path.Combine(dir.Dir, "v.map"), script);
        Tools.Run("ld.bfd", dir.Dir, ["-shared", "--version-script", "v.map", obj, "-o", "ref.so"]);
        var wild = ProcessRunner.Run(Path.Combine(CorpusCatalog.RequireDist(), "wild"),
            ["-shared", "--version-script", "v.map", obj, "-o", "wild.so"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(wild.ExitCode == 0, wild.Describe());
        string[] expected = Definitions(dir, "ref.so");
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Definitions(dir, "wild.so"));
    }
}
