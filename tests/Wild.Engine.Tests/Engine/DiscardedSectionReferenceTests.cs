// A relocation from a kept section to a local symbol of a COMDAT group's losing copy (binutils pr17550c): the symbol
// has no address in the output. GNU ld refuses the link, final or -r, and so does lld's final link; wild used to write 0 there and link a program that
// read a null pointer. The same group referenced only from inside itself, or from .eh_frame, links as before.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class DiscardedSectionReferenceTests
{
    private const string Winner = """
        .section .data.g,"awG",@progbits,g_group,comdat
        x: .long 1
        """;

    // The loser's group is discarded; its .data, outside the group, still points at y inside it.
    private const string Loser = """
        .text
        .globl _start
        _start:
            mov $60, %eax
            xor %edi, %edi
            syscall
        .data
        .quad y
        .section .data.g,"awG",@progbits,g_group,comdat
        y: .long 2
        """;

    [Theory]
    [InlineData]
    [InlineData("-r")]
    public void IsRefusedAsGnuLdRefusesIt(params string[] extra)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string winner = Tools.Assemble(dir, "winner", Winner);
        string loser = Tools.Assemble(dir, "loser", Loser);
        var gnu = ProcessRunner.Run("ld.bfd", [.. extra, winner, loser, "-o", "ref"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(gnu.ExitCode != 0 && gnu.Stderr.Contains("defined in discarded section", StringComparison.Ordinal), gnu.Describe());
        var wild = ProcessRunner.Run(Path.Combine(dist, "wild"), [.. extra, winner, loser, "-o", "wild"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(wild.ExitCode != 0, wild.Describe());
        Assert.Contains("relocation refers to a symbol in a discarded section: y", wild.Stderr, StringComparison.Ordinal);
        Assert.Contains(">>> referenced by loser.o:(.data+0x0)", wild.Stderr.Replace(dir.Dir + "/", ""), StringComparison.Ordinal);
        Assert.False(File.Exists(dir.PathOf("wild")));
    }

    [Fact]
    public void AGroupThatOnlyReferencesItselfLinks()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string winner = Tools.Assemble(dir, "winner", Winner);
        // The reference to y is inside the group: discarded with it.
        string loser = Tools.Assemble(dir, "loser", Loser.Replace(".data\n.quad y\n", "", StringComparison.Ordinal)
            + "\n.section .data.g2,\"awG\",@progbits,g_group,comdat\n.quad y\n");
        var wild = ProcessRunner.Run(Path.Combine(dist, "wild"), [winner, loser, "-o", "wild"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(wild.ExitCode == 0, wild.Describe());
        Assert.Equal(0, Tools.Exec(dir.PathOf("wild")).ExitCode);
    }
}
