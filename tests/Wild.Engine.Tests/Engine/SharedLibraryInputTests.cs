// Shared libraries as inputs, where GNU ld's behaviour is visible to a build: the DT_NEEDED a library without
// DT_SONAME gets (the path as given, the file name when -l found it), the undefined symbols a needed library
// leaves (--no-allow-shlib-undefined for executables, with the exceptions lld makes), and archive members pulled
// in for a library's undefined symbol. Each case is linked by GNU ld and by wild through gcc, and compared.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class SharedLibraryInputTests
{
    private static ProcessResult Gcc(Scratch dir, string? dist, params string[] args)
    {
        List<string> all = dist is null ? [.. args] : ["-B", dist.TrimEnd('/') + "/", .. args];
        return ProcessRunner.Run("gcc", all, dir.Dir, TimeSpan.FromMinutes(1));
    }

    private static List<string> Needed(Scratch dir, string program) =>
        Tools.Run("readelf", dir.Dir, ["-dW", program]).Stdout.Split('\n')
            .Where(l => l.Contains("(NEEDED)", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf('[') + 1)..l.LastIndexOf(']')]).ToList();

    [Theory]
    [InlineData("sub/libplain.so")]
    [InlineData("./sub/../sub/libplain.so")]
    [InlineData("-Lsub -lplain")]
    [InlineData("-Lsub -l:libplain.so")]
    public void ALibraryWithoutSonameIsNeededByTheNameGnuLdRecords(string named)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        Directory.CreateDirectory(dir.PathOf("sub"));
        string lib = dir.Write("lib.c", "int plain(void) { return 42; }\n");
        Tools.Run("gcc", dir.Dir, ["-shared", "-fPIC", lib, "-o", "sub/libplain.so"]);
        string main = Tools.CompileC(dir, "main", "int plain(void);\nint main(void) { return plain() == 42 ? 0 : 1; }\n");
        string[] libArgs = named.Split(' ');
        Tools.Run("gcc", dir.Dir, [main, .. libArgs, "-o", "ref"]);
        var wild = Gcc(dir, dist, [main, .. libArgs, "-o", "wild"]);
        Assert.True(wild.ExitCode == 0, wild.Describe());
        Assert.Equal(Needed(dir, "ref"), Needed(dir, "wild"));
        // The program runs from the directory the path is relative to, as GNU ld's does.
        if (!named.StartsWith('-')) Tools.AssertRuns(dir.PathOf("wild"), 0, "");
    }

    private const string NeedyLibrary = "int helper(int);\nint entry(int x) { return helper(x) + 1; }\n";
    private const string Caller = "int entry(int);\nint main(void) { return entry(1) == 3 ? 0 : 1; }\n";

    private static (string Main, string Lib) Needy(Scratch dir)
    {
        string lib = dir.Write("needy.c", NeedyLibrary);
        Tools.Run("gcc", dir.Dir, ["-shared", "-fPIC", lib, "-Wl,-soname,libneedy.so", "-o", "libneedy.so"]);
        return (Tools.CompileC(dir, "main", Caller), dir.PathOf("libneedy.so"));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("-Wl,--no-allow-shlib-undefined", false)]
    [InlineData("-Wl,--allow-shlib-undefined", true)]
    [InlineData("-Wl,--no-allow-shlib-undefined -Wl,--allow-shlib-undefined", true)]
    public void AnExecutableFailsWhenANeededLibraryLeavesASymbolUndefined(string options, bool links)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        var (main, lib) = Needy(dir);
        string[] extra = options.Length == 0 ? [] : options.Split(' ');
        var reference = Gcc(dir, null, [main, lib, .. extra, "-o", "ref"]);
        var wild = Gcc(dir, dist, [main, lib, .. extra, "-o", "wild"]);
        Assert.Equal(links, reference.ExitCode == 0);
        Assert.True(links == (wild.ExitCode == 0), wild.Describe());
        if (!links)
        {
            Assert.Contains("undefined reference due to --no-allow-shlib-undefined: helper\n>>> referenced by " + lib, wild.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(dir.PathOf("wild")));
        }
    }

    [Fact]
    public void ASharedOutputChecksItsLibrariesOnlyWhenAsked()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        var (_, lib) = Needy(dir);
        string user = Tools.CompileC(dir, "user", "int entry(int);\nint use(void) { return entry(2); }\n", "-fPIC");
        var allowed = Gcc(dir, dist, ["-shared", user, lib, "-o", "libuser.so"]);
        Assert.True(allowed.ExitCode == 0, allowed.Describe());
        var refused = Gcc(dir, dist, ["-shared", user, lib, "-Wl,--no-allow-shlib-undefined", "-o", "libuser2.so"]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--no-allow-shlib-undefined: helper", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, Gcc(dir, null, ["-shared", user, lib, "-Wl,--no-allow-shlib-undefined", "-o", "libuser3.so"]).ExitCode);
    }

    [Fact]
    public void AnArchiveMemberIsPulledInForALibrarysUndefinedSymbolAndExported()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        var (main, lib) = Needy(dir);
        string helper = Tools.CompileC(dir, "helper", "int helper(int x) { return x + 1; }\n");
        Tools.Run("ar", dir.Dir, ["rcs", "libhelper.a", helper]);
        foreach (var (name, d) in new[] { ("ref", (string?)null), ("wild", dist) })
        {
            var r = Gcc(dir, d, [main, lib, "libhelper.a", "-Wl,-rpath,$ORIGIN", "-o", name]);
            Assert.True(r.ExitCode == 0, r.Describe());
            Tools.AssertRuns(dir.PathOf(name), 0, "");
        }
    }

    [Fact]
    public void ALibraryWhoseOwnDependenciesAreNotInTheLinkIsNotChecked()
    {
        // lld's rule: libneedy.so's DT_NEEDED libhelper.so is not in the link, so helper may come from it.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string helper = dir.Write("helper.c", "int helper(int x) { return x + 1; }\n");
        Tools.Run("gcc", dir.Dir, ["-shared", "-fPIC", helper, "-Wl,-soname,libhelper.so", "-o", "libhelper.so"]);
        string lib = dir.Write("needy.c", NeedyLibrary);
        Tools.Run("gcc", dir.Dir, ["-shared", "-fPIC", lib, "-L.", "-lhelper", "-Wl,-rpath,$ORIGIN", "-Wl,-soname,libneedy.so", "-o", "libneedy.so"]);
        string main = Tools.CompileC(dir, "main", Caller);
        var wild = Gcc(dir, dist, [main, "libneedy.so", "-Wl,-rpath,$ORIGIN", "-o", "wild"]);
        Assert.True(wild.ExitCode == 0, wild.Describe());
        Tools.AssertRuns(dir.PathOf("wild"), 0, "");
    }
}
