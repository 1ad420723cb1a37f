// x86-64 PLT entries jump through their .got.plt slot with a 32-bit PC-relative displacement: a slot more than 2 GiB
// from the PLT cannot be reached (binutils pr17618). GNU ld refuses the link ("PC-relative offset overflow in PLT
// entry"); wild used to write the truncated displacement, a jump to nowhere. Moving .got.plt 4 GiB away with
// --section-start makes the case without a 2 GiB input.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class PltReachTests
{
    private const string Source = """
        .text
        .globl foo
        .type foo, @function
        foo:
            call bar@PLT
            ret
        """;

    [Fact]
    public void ASlotOutOfReachOfThePltIsRefusedAsGnuLdRefusesIt()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "plt", Source);
        string[] args = ["-shared", "--section-start=.got.plt=0x100001000", obj, "-o"];
        var gnu = ProcessRunner.Run("ld.bfd", [.. args, "ref.so"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(gnu.ExitCode != 0 && gnu.Stderr.Contains("PC-relative offset overflow in PLT", StringComparison.Ordinal), gnu.Describe());
        var wild = ProcessRunner.Run(Path.Combine(dist, "wild"), [.. args, "wild.so"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(wild.ExitCode != 0, wild.Describe());
        Assert.Contains("PC-relative offset overflow in PLT", wild.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.PathOf("wild.so")));
    }

    [Fact]
    public void ASlotWithinReachLinks()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "plt", Source);
        var wild = ProcessRunner.Run(Path.Combine(dist, "wild"), ["-shared", "--section-start=.got.plt=0x7fff0000", obj, "-o", "wild.so"],
            dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(wild.ExitCode == 0, wild.Describe());
    }
}
