// --sysroot and the files linker scripts name, linked by GNU ld and by wild (gcc -B dist/) from the same arguments:
// an absolute INPUT/GROUP name of a script inside the sysroot is the sysroot's file (and only that one), '=' and
// $SYSROOT prefixes name the sysroot, -L=dir and SEARCH_DIR("=dir") search it (the cases of mold's
// sysroot-linker-script and sysroot2 tests, and GNU ld's manual, section INPUT). Failing links must fail with both.
using Wild.Engine;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class ScriptSysrootTests
{
    private const string Main = "int foo(void);\nint main(void) { return foo() - 40; }\n";

    /// <summary>A scratch directory with main.o, and a sysroot "root" holding foo/bar.o and foo/bar/libfoo.a (foo returns 42).</summary>
    private static (string Main, string Root) Tree(Scratch dir)
    {
        string main = Tools.CompileC(dir, "main", Main);
        Directory.CreateDirectory(dir.PathOf("root/foo/bar"));
        string foo = Tools.CompileC(dir, "foo", "int foo(void) { return 42; }\n");
        File.Copy(foo, dir.PathOf("root/foo/bar.o"));
        Tools.Run("ar", dir.Dir, "rcs", "root/foo/bar/libfoo.a", foo);
        return (main, dir.PathOf("root"));
    }

    /// <summary>Links with gcc, by GNU ld and by wild; both must agree on success, and the programs must exit 2.</summary>
    private static bool LinkAgree(Scratch dir, params string[] args)
    {
        string dist = CorpusCatalog.RequireDist();
        var gnu = ProcessRunner.Run("gcc", [.. args, "-o", "prog.gnu"], dir.Dir, TimeSpan.FromMinutes(2));
        var wild = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", .. args, "-o", "prog.wild"], dir.Dir, TimeSpan.FromMinutes(2));
        Assert.True(gnu.ExitCode == wild.ExitCode, $"GNU ld and wild disagree on {string.Join(' ', args)}:\n{gnu.Describe()}\n{wild.Describe()}");
        if (gnu.ExitCode != 0) return false;
        ScriptLinkSupport.AssertSameRun(dir.PathOf("prog.gnu"), dir.PathOf("prog.wild"), 2);
        return true;
    }

    [Fact]
    public void AbsoluteNamesOfAScriptInsideTheSysrootAreTheSysrootsFiles()
    {
        using var dir = new Scratch();
        var (main, root) = Tree(dir);
        dir.Write("root/foo/bar/b.script", "INPUT(/foo/bar/libfoo.a)\n");
        Assert.True(LinkAgree(dir, main, $"-Wl,--sysroot={root}/", "root/foo/bar/b.script"));
        // The sysroot given relative, the script reached from inside it.
        Assert.True(LinkAgree(dir, main, "-Wl,--sysroot=root", "root/foo/bar/b.script"));
        // The same script outside the sysroot names /foo/bar/libfoo.a itself, which does not exist.
        dir.Write("b.script", "INPUT(/foo/bar/libfoo.a)\n");
        Assert.False(LinkAgree(dir, main, $"-Wl,--sysroot={root}/", "b.script"));
        // A script inside the sysroot naming a file outside it: GNU ld looks only inside, and so does wild.
        dir.Write("root/out.script", $"INPUT({dir.PathOf("foo.o")})\n");
        Assert.False(LinkAgree(dir, main, $"-Wl,--sysroot={root}", "root/out.script"));
        string dist = CorpusCatalog.RequireDist();
        var refused = ProcessRunner.Run("gcc", ["-B", dist + "/", main, $"-Wl,--sysroot={root}", "root/out.script", "-o", "x"], dir.Dir, TimeSpan.FromMinutes(2));
        Assert.Contains($"out.script:1:1: cannot find {dir.PathOf("foo.o")} inside {root}", refused.Stderr);
    }

    [Fact]
    public void ATScriptInsideTheSysrootTakesItsFilesFromThere()
    {
        // A -T script without SECTIONS lays out from address 0 (freestanding): linked, not run.
        using var dir = new Scratch();
        var (main, root) = Tree(dir);
        dir.Write("root/t.ld", "INPUT(/foo/bar.o)\n");
        string dist = CorpusCatalog.RequireDist();
        string[] args = [main, $"-Wl,--sysroot={root}", "-Wl,-T,root/t.ld", "-static", "-nostdlib", "-Wl,-e,main"];
        Tools.Run("gcc", dir.Dir, [.. args, "-o", "t.gnu"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist + "/", .. args, "-o", "t.wild"]);
        Assert.Equal(ScriptLinkSupport.Symbol(dir, "t.gnu", "foo"), ScriptLinkSupport.Symbol(dir, "t.wild", "foo"));
    }

    [Theory]
    [InlineData("INPUT(=/foo/bar.o)")]
    [InlineData("INPUT($SYSROOT/foo/bar.o)")]
    [InlineData("GROUP(=/foo/bar/libfoo.a)")]
    [InlineData("SEARCH_DIR(\"=/foo/bar\") INPUT(-lfoo)")]
    public void EqualsAndSysrootPrefixesNameTheSysroot(string script)
    {
        using var dir = new Scratch();
        var (main, root) = Tree(dir);
        dir.Write("s.script", script + "\n");
        Assert.True(LinkAgree(dir, main, $"-Wl,--sysroot={root}", "s.script"));
    }

    [Fact]
    public void SearchDirectoriesWithEqualsAreUnderTheSysroot()
    {
        using var dir = new Scratch();
        var (main, root) = Tree(dir);
        Assert.True(LinkAgree(dir, main, $"-Wl,--sysroot={root}", "-L=/foo/bar", "-lfoo"));
        // --sysroot after -L=: GNU ld reads it first.
        Assert.True(LinkAgree(dir, main, "-L=/foo/bar", "-lfoo", $"-Wl,--sysroot={root}"));
    }

    [Fact]
    public void SearchDirOfAScriptGivenToTheCmdletsJoinsTheLibraryPathsAfterTheirs()
    {
        var plan = Wild.Engine.Scripts.ScriptPlan.Build(Wild.Engine.Scripts.ScriptParser.Parse("t.ld", "SEARCH_DIR(/a) SEARCH_DIR(\"/b\")\n"));
        var options = new LinkOptions { OutputPath = "x", LibraryPaths = ["/l"] }.WithLinkerScript(plan);
        Assert.Equal(["/l", "/a", "/b"], options.LibraryPaths);
    }

    [Fact]
    public void SearchDirOfATScriptJoinsTheSearchListWhereTheScriptStands()
    {
        // Two libfoo.a: the one found first decides the exit code (2 from the sysroot's, 0x2b from the other).
        using var dir = new Scratch();
        var (main, root) = Tree(dir);
        Directory.CreateDirectory(dir.PathOf("other"));
        string other = Tools.CompileC(dir, "other", "int foo(void) { return 42; }\nint other_marker;\n");
        Tools.Run("ar", dir.Dir, "rcs", "other/libfoo.a", other);
        string dist = CorpusCatalog.RequireDist();
        // A -T script that only adds a search directory leaves the default layout to the rest: GNU ld takes it so.
        dir.Write("dirs.ld", "SEARCH_DIR(\"=/foo/bar\")\n");
        foreach (var order in (string[][])[["-Wl,-T,dirs.ld", "-L", "other"], ["-L", "other", "-Wl,-T,dirs.ld"]])
        {
            string[] args = [main, $"-Wl,--sysroot={root}", .. order, "-lfoo", "-static", "-nostdlib", "-Wl,-e,main"];
            Tools.Run("gcc", dir.Dir, [.. args, "-o", "t.gnu"]);
            Tools.Run("gcc", dir.Dir, ["-B", dist + "/", .. args, "-o", "t.wild"]);
            Assert.Equal(Tools.SymbolNames(dir.PathOf("t.gnu")).Contains("other_marker"), Tools.SymbolNames(dir.PathOf("t.wild")).Contains("other_marker"));
        }
    }
}
