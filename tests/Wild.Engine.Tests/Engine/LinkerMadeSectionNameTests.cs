// Input sections named like a section the linker makes (.got, .got.plt, .dynamic: binutils' pr14207 test has all
// three): GNU ld merges their contents into its own. Wild writes those sections whole, so such an input used to be
// written over the output's start (a -shared or -pie output with an input .got began with the .got's bytes instead of
// the ELF header) or lost; it is now refused by name. Checked against ld.bfd on the same objects: GNU ld links them.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class LinkerMadeSectionNameTests
{
    private static ProcessResult LinkWild(Scratch dir, params string[] args) =>
        ProcessRunner.Run(Path.Combine(CorpusCatalog.RequireDist(), "wild"), args, dir.Dir, TimeSpan.FromMinutes(1));

    [Theory]
    [InlineData(".got", "-shared")]
    [InlineData(".got", "-pie")]
    [InlineData(".got.plt", "-shared")]
    [InlineData(".dynamic", "-shared")]
    public void AnInputWithTheNameIsRefusedByNameNeverWrittenOverTheHeader(string section, string kind)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "own", $"""
            .text
            .globl _start
            _start:
                ret
            .section {section},"aw"
            .space 8, 4
            """, "--64");
        Tools.Run("ld.bfd", dir.Dir, [kind, obj, "-o", "ref.out"]);
        Assert.Equal("\x7f" + "ELF", File.ReadAllText(Path.Combine(dir.Dir, "ref.out"))[..4]);

        var wild = LinkWild(dir, kind, obj, "-o", "wild.out");
        Assert.NotEqual(0, wild.ExitCode);
        Assert.Contains($"input section {section} has the name of a section the linker makes", wild.Stderr, StringComparison.Ordinal);
        Assert.Contains("own.o", wild.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Dir, "wild.out")), "a refused link leaves no output");
    }

    [Fact]
    public void AnInputGotInAStaticLinkWithoutGotSlotsStillLinksAsGnuLdDoes()
    {
        // No linker-made .got there: the input's .got is an ordinary output section, as before.
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "own", """
            .text
            .globl _start
            _start:
                ret
            .section .got,"aw"
            .space 8, 4
            """, "--64");
        Tools.Run("ld.bfd", dir.Dir, [obj, "-o", "ref.out"]);
        var wild = LinkWild(dir, obj, "-o", "wild.out");
        Assert.True(wild.ExitCode == 0, wild.Describe());
        // The contents words of objdump -s's one .got line, without the address (the two links place it differently).
        string Got(string f) => string.Join(' ', Tools.Run("objdump", dir.Dir, ["-s", "-j", ".got", f]).Stdout.Split('\n')
            .Single(l => l.Contains("04040404", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..3]);
        Assert.Equal(Got("ref.out"), Got("wild.out"));
    }
}
