// Version scripts whose nodes disagree about a name, compared with GNU ld on the same link: a pattern one node makes
// global and another local is GNU ld's "duplicate expression in version information" error; the same pattern global in
// two nodes, or global and local in one node, is accepted (the first node wins). A C name matches an extern "C++"
// pattern by its own spelling, and an exact C++ name in an earlier node beats an exact C name in a later one.
using System.Text.RegularExpressions;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class VersionNodeConflictTests
{
    private const string Source = "int foo(void) { return 1; }\nint foobar(void) { return 2; }\nint bar(void) { return 3; }\n";

    /// <summary>The exported definitions as "name@version" (readelf's spelling), sorted; ABS version names left out.</summary>
    private static string Exports(string dir, string file) =>
        string.Join(' ', Tools.Run("readelf", dir, "-W", "--dyn-syms", file).Stdout.Split('\n')
            .Select(l => Regex.Match(l, @"^\s*\d+:\s+[0-9a-f]+\s+\d+\s+FUNC\s+GLOBAL\s+DEFAULT\s+\d+\s+(\S+)$"))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));

    /// <summary>Links the library with GNU ld and with wild: both outputs' exports, or each linker's failure.</summary>
    private static (ProcessResult Gnu, ProcessResult Wild, string Dir, Scratch Owner) LinkBoth(string script)
    {
        string dist = CorpusCatalog.RequireDist();
        var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", Source, "-fPIC");
        string map = dir.Write("lib.map", script + "\n");
        var gnu = ProcessRunner.Run("gcc", ["-fuse-ld=bfd", "-shared", obj, "-Wl,--version-script=" + map, "-o", "ref.so"], dir.Dir, TimeSpan.FromMinutes(2));
        var wild = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", "-shared", obj, "-Wl,--version-script=" + map, "-o", "wild.so"],
            dir.Dir, TimeSpan.FromMinutes(2));
        return (gnu, wild, dir.Dir, dir);
    }

    [Theory]
    [InlineData("V1 { global: foo; };\nV2 { local: foo; };", "foo")]
    [InlineData("V1 { local: foo; };\nV2 { global: foo; };", "foo")]
    [InlineData("V1 { global: f*; };\nV2 { global: bar; local: f*; };", "f*")]
    [InlineData("V1 { global: *; };\nV2 { local: *; };", "*")]
    [InlineData("V1 { global: \"f*\"; };\nV2 { local: \"f*\"; };", "f*")]
    public void PatternGlobalInOneNodeAndLocalInAnotherIsRefused(string script, string pattern)
    {
        var (gnu, wild, _, owner) = LinkBoth(script);
        using var _ = owner;
        Assert.NotEqual(0, gnu.ExitCode); // GNU ld: duplicate expression `...' in version information
        Assert.Contains("duplicate expression", gnu.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, wild.ExitCode);
        Assert.Contains($"lib.map: duplicate expression '{pattern}' in version information", wild.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    // Global in two nodes, or global and local in one, is no conflict: the first node, or the global side, wins.
    [InlineData("V1 { foo; };\nV2 { foo; };", "bar foo@@V1 foobar")]
    [InlineData("V1 { global: foo; local: foo; };", "bar foo@@V1 foobar")]
    [InlineData("V1 { local: foo; };\nV2 { local: foo; };", "bar foobar")]
    // A C pattern and a C++ one are different expressions, even with the same text.
    [InlineData("V1 { global: foo; };\nV2 { local: extern \"C++\" { foo; }; };", "bar foo@@V1 foobar")]
    // A name that is not mangled matches an extern "C++" pattern as it is spelled...
    [InlineData("V1 { extern \"C++\" { foo; }; };", "bar foo@@V1 foobar")]
    [InlineData("V1 { global: extern \"C++\" { f*; }; local: *; };", "foo@@V1 foobar@@V1")]
    // ...and an exact one in an earlier node comes before an exact C name of a later node.
    [InlineData("V1 { extern \"C++\" { foo; }; };\nV2 { local: foo; };", "bar foo@@V1 foobar")]
    [InlineData("V1 { global: extern \"C++\" { foo; }; local: foo; };", "bar foo@@V1 foobar")]
    public void AcceptedOverlapsExportWhatGnuLdExports(string script, string expected)
    {
        var (gnu, wild, dir, owner) = LinkBoth(script);
        using var _ = owner;
        Assert.True(gnu.ExitCode == 0, gnu.Describe());
        Assert.True(wild.ExitCode == 0, wild.Describe());
        Assert.Equal(expected, Exports(dir, "ref.so")); // the expectation is GNU ld's own output
        Assert.Equal(expected, Exports(dir, "wild.so"));
    }

    [Fact]
    public void ConflictAcrossTwoScriptsNamesBothVersions()
    {
        var nodes = VersionScript.Parse("a.map", "V1 { global: api_*; };").Concat(VersionScript.Parse("b.map", "V2 { local: api_*; };"));
        var options = new LinkOptions { OutputPath = "out.so" };
        var e = Assert.Throws<LinkException>(() => VersionScript.LoadAll(options with { InputScriptVersionNodes = [.. nodes] }));
        Assert.Equal("b.map: duplicate expression 'api_*' in version information: version 'V1' makes it global and 'V2' local", e.Message);
    }
}
