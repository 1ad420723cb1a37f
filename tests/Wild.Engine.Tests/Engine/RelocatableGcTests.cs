// --gc-sections with -r (issue 16): GNU ld -r and wild -r collect the same objects from the same roots, and the two
// partial objects must have the same sections (.eh_frame without the FDEs of removed functions, debug sections without
// the relocations that named removed code), the same symbols, and programs linked from them by GNU ld and by wild must
// behave as the direct link.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class RelocatableGcTests
{
    private const string C = """
        #include <stdio.h>
        extern int only_from_unused(int);
        static int helper(int x) { return x * 3; }
        int used(int x) { return helper(x) + 1; }
        int unused_fn(int x) { puts("unused"); return only_from_unused(x) - 1; }
        static void __attribute__((constructor)) ctor(void) { puts("ctor"); }
        int data_used = 5;
        int data_unused = 6;
        __attribute__((section(".text.retained"), retain)) int retained_fn(void) { return 1; }
        int used_cc(int);
        int main(void) { printf("%d %d %d\n", used(2), data_used, used_cc(3)); return 0; }
        """;

    private const string Cc = """
        #include <cstdio>
        #include <stdexcept>
        template <class T> T twice(T x) { return x * 2; }
        template <class T> T thrice(T x) { return x * 3; }
        extern "C" int used_cc(int x)
        {
            try { if (x > 1) throw std::runtime_error("caught"); }
            catch (const std::exception& e) { std::puts(e.what()); }
            return twice(x);
        }
        extern "C" int unused_cc(int x)
        {
            try { throw x; } catch (int y) { return thrice<long>(y); }
        }
        """;

    // An object none of whose code is reached: its debug sections and .eh_frame records go with it.
    private const string Unreached = """
        int never_called(int x) { return x + 42; }
        """;

    [Theory]
    [InlineData("-e main")]
    [InlineData("-u main")]
    [InlineData("-e main -u unused_fn")]
    [InlineData("-e main --print-gc-sections")]
    public void PartialLinkCollectsAsGnuLd(string roots)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string c = Tools.CompileC(dir, "c", C, "-g", "-ffunction-sections", "-fdata-sections");
        string n = Tools.CompileC(dir, "n", Unreached, "-g", "-ffunction-sections");
        dir.Write("cc.cc", Cc);
        Tools.Run("g++", dir.Dir, ["-c", "-g", "-O1", "-ffunction-sections", "cc.cc", "-o", "cc.o"]);
        string cc = dir.PathOf("cc.o");
        string[] opts = ["-r", "--gc-sections", .. roots.Split(' '), c, cc, n];
        // What unused_fn needs, for the direct link and for a partial that keeps it (-u unused_fn).
        string[] extra = [Tools.CompileC(dir, "x", "int only_from_unused(int x) { return x; }\n")];
        var gnu = Tools.Run("ld.bfd", dir.Dir, [.. opts, "-o", "gnu.o"]);
        var wild = Tools.Run(Path.Combine(dist, "wild"), dir.Dir, [.. opts, "-o", "wild.o"]);
        if (roots.Contains("--print-gc-sections", StringComparison.Ordinal))
            Assert.Equal(Removed(gnu.Stderr), Removed(wild.Stderr + wild.Stdout));

        // .eh_frame's size aside, the same sections, and the same FDEs, for the same functions, in the same order (GNU ld
        // re-pads FDEs: each input's last one to 8 bytes, the output's last one trimmed; wild packs the records at 4
        // bytes, so CIEs may lie at other offsets). No gap of zeros between records (a terminator) in either.
        Assert.Equal(RelocatableOptionTests.Sections(dir, "gnu.o").Where(s => !s.StartsWith(".eh_frame ", StringComparison.Ordinal)),
            RelocatableOptionTests.Sections(dir, "wild.o").Where(s => !s.StartsWith(".eh_frame ", StringComparison.Ordinal)));
        Assert.Equal(Fdes(dir, "gnu.o"), Fdes(dir, "wild.o"));
        var gnuSymbols = Symbols(dir, "gnu.o");
        var wildSymbols = Symbols(dir, "wild.o");
        Assert.True(gnuSymbols.SequenceEqual(wildSymbols),
            $"symbols differ:\nonly GNU ld: {string.Join("; ", gnuSymbols.Except(wildSymbols))}\nonly wild: {string.Join("; ", wildSymbols.Except(gnuSymbols))}");
        Assert.DoesNotContain(wildSymbols, s => s.StartsWith("never_called ", StringComparison.Ordinal) || s.StartsWith("data_unused ", StringComparison.Ordinal));
        Assert.Contains(wildSymbols, s => s.StartsWith("retained_fn ", StringComparison.Ordinal));

        Tools.Run("g++", dir.Dir, [c, cc, n, .. extra, "-o", "direct"]);
        var expected = Tools.Exec(dir.PathOf("direct"));
        Assert.Equal("ctor\ncaught\n7 5 6\n", expected.Stdout);
        foreach (string partial in (string[])["wild.o", "gnu.o"])
            RelocatableOptionTests.RunsAsExpected(dir, dist, "g++", partial, extra, expected);
    }

    /// <summary>RelocatableOptionTests' symbol list, less what GNU ld 2.40 leaves of a removed function's undefined
    /// references: local undefined symbols after an STT_FILE without a name, which wild does not write.</summary>
    private static List<string> Symbols(Scratch dir, string file) =>
        RelocatableOptionTests.Symbols(dir, file).Where(s => !s.Contains(" LOCAL NOTYPE UND ", StringComparison.Ordinal) && !s.StartsWith(" LOCAL FILE", StringComparison.Ordinal)).ToList();

    /// <summary>Each FDE's function range as readelf --debug-dump=frames lists them, and every zero terminator.</summary>
    private static List<string> Fdes(Scratch dir, string file) =>
        [.. Tools.Run("readelf", dir.Dir, ["--debug-dump=frames", file]).Stdout.Split('\n')
            .Where(l => l.Contains(" FDE ", StringComparison.Ordinal) || l.Contains("ZERO terminator", StringComparison.Ordinal))
            .Select(l => l.Contains("pc=", StringComparison.Ordinal) ? l[l.IndexOf("pc=", StringComparison.Ordinal)..].Trim() : "ZERO terminator")];

    private static List<string> Removed(string output) =>
        [.. output.Split('\n').Where(l => l.Contains("removing unused section", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf("removing", StringComparison.Ordinal)..].Trim()).Order(StringComparer.Ordinal)];
}
