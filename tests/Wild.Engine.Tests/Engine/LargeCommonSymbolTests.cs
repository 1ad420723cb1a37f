// x86-64 large common symbols (st_shndx SHN_X86_64_LCOMMON, from gas .largecomm or gcc -mcmodel=large -fcommon):
// GNU ld allocates them in .lbss. Wild does not, and used to take such a symbol as defined nowhere, so references
// read 0 (and -r crashed). Until it allocates them, the input is refused by name, never linked into a wrong program.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class LargeCommonSymbolTests
{
    private const string Source = """
        .text
        .globl _start
        _start:
            ret
        .data
        .quad foobar
        .largecomm foobar,30,4
        """;

    [Theory]
    [InlineData]
    [InlineData("-r")]
    public void IsRefusedByNameWhereGnuLdPlacesItInLbss(params string[] extra)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "large", Source, "--64");
        // The reference: GNU ld gives foobar a place (a nonzero address) in .lbss.
        Tools.Run("ld.bfd", dir.Dir, [.. extra, obj, "-o", "ref"]);
        string symbols = Tools.Run("readelf", dir.Dir, ["-sW", "ref"]).Stdout;
        Assert.Contains(extra.Length == 0 ? "OBJECT  GLOBAL DEFAULT" : "LARGE_COM", symbols.Split('\n').Single(l => l.EndsWith(" foobar", StringComparison.Ordinal)), StringComparison.Ordinal);
        var wild = ProcessRunner.Run(Path.Combine(dist, "wild"), [.. extra, obj, "-o", "wild"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(wild.ExitCode != 0 && wild.Stderr.Contains("symbol 'foobar' has st_shndx SHN_X86_64_LCOMMON, which is not supported", StringComparison.Ordinal)
            && !wild.Stderr.Contains("internal error", StringComparison.Ordinal), wild.Describe());
        Assert.False(File.Exists(dir.PathOf("wild")));
    }
}
