// Segments of a script that names its sections out of address order, against GNU ld on the same object (binutils'
// ld-elf/seg): GNU ld maps sections to PT_LOADs by load address, so a section placed below one named before it
// shares that section's page and segment, and the PT_LOADs come in ascending address order as the gABI requires.
// Wild used to follow the script's order: three PT_LOADs in one page, out of order (the later mapping over the
// earlier). A section that reaches the very top of the address space is refused by name: its end does not fit in
// 64 bits (wild wrote a PT_LOAD whose memory size wrapped to 0). And when no segment loads the ELF header, GNU ld
// leaves __ehdr_start undefined (ld-elf/ehdr_start-missing, -weak); wild gave it the unmapped address below.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class ScriptSegmentOrderTests
{
    private const string Source = """
        .section boot,"ax"
        .4byte 0x76543210
        .section reset,"ax"
        .4byte 0xfedcba98
        .text
        .4byte 0x12345678
        """;

    private static string Script(string resetAddress) => $$"""
        SECTIONS
        {
          reset {{resetAddress}} : { *(reset) }
          boot - 0x1000 : { *(boot) } = 0xffff
          . = + SIZEOF_HEADERS;
          .text : { *(.text) }
          .data : { *(.data) }
          .bss : { *(.bss) }
        }
        """;

    private static ProcessResult Link(Scratch dir, string linker, string script, string obj, string output) =>
        ProcessRunner.Run(linker, ["-T", script, "-z", "max-page-size=0x1000", "-z", "common-page-size=0x1000", obj, "-o", output],
            dir.Dir, TimeSpan.FromMinutes(1));

    [Fact]
    public void ASectionBelowAnEarlierOneSharesItsSegmentAsInGnuLd()
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "seg", Source, "--64");
        string script = dir.Write("seg.t", Script("- 0x10"));
        var gnu = Link(dir, "ld.bfd", script, obj, "gnu.out");
        Assert.True(gnu.ExitCode == 0, gnu.Describe());
        var wild = Link(dir, Path.Combine(CorpusCatalog.RequireDist(), "wild"), script, obj, "wild.out");
        Assert.True(wild.ExitCode == 0, wild.Describe());

        var headers = ScriptLinkSupport.ProgramHeaders(dir, "wild.out");
        Assert.Equal(ScriptLinkSupport.ProgramHeaders(dir, "gnu.out"), headers);
        Assert.Equal(2, headers.Count(h => h.StartsWith("LOAD", StringComparison.Ordinal)));
        Assert.Equal(ScriptLinkSupport.AllocSections(dir, "gnu.out"), ScriptLinkSupport.AllocSections(dir, "wild.out"));
        Assert.Equal(SectionBytes(dir, "gnu.out"), SectionBytes(dir, "wild.out"));
    }

    [Fact]
    public void ASectionEndingAtTheTopOfTheAddressSpaceIsRefusedByName()
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "seg", Source, "--64");
        string script = dir.Write("seg.t", Script("- 4"));
        var wild = Link(dir, Path.Combine(CorpusCatalog.RequireDist(), "wild"), script, obj, "wild.out");
        Assert.NotEqual(0, wild.ExitCode);
        Assert.Contains("section reset at 0xfffffffffffffffc with size 0x4 reaches past 0xffffffffffffffff", wild.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.PathOf("wild.out")), "a refused link leaves no output");
    }

    private const string HeadersOutOfMemory = """
        SECTIONS
        {
          . = 0x10000000;
          .text : { *(.text) }
          . = 0x20000000;
          .rodata : { *(.rodata) }
        }
        """;

    [Theory]
    [InlineData(".weak __ehdr_start")]
    [InlineData("")]
    public void EhdrStartIsUndefinedWhenNoSegmentLoadsTheHeaders(string weak)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "ehdr", $"""
            .text
            .globl _start
            _start:
                .space 16
            .section .rodata,"a"
            {weak}
            .quad __ehdr_start
            """, "--64");
        string script = dir.Write("ehdr.t", HeadersOutOfMemory);
        string[] args = ["-e", "_start", "-T", script, "--no-dynamic-linker", obj];
        var gnu = ProcessRunner.Run("ld.bfd", [.. args, "-o", "gnu.out"], dir.Dir, TimeSpan.FromMinutes(1));
        var wild = ProcessRunner.Run(Path.Combine(CorpusCatalog.RequireDist(), "wild"), [.. args, "-o", "wild.out"], dir.Dir, TimeSpan.FromMinutes(1));
        if (weak.Length == 0)
        {
            Assert.Contains("undefined reference to `__ehdr_start'", gnu.Stderr, StringComparison.Ordinal);
            Assert.NotEqual(0, wild.ExitCode);
            Assert.Contains("undefined symbol: __ehdr_start", wild.Stderr, StringComparison.Ordinal);
            return;
        }
        Assert.True(gnu.ExitCode == 0 && wild.ExitCode == 0, gnu.Describe() + "\n" + wild.Describe());
        // The weak reference reads 0 from both (wild used to write 0xffff000, where nothing is mapped).
        string Rodata(string f) => Tools.Run("objdump", dir.Dir, ["-s", "-j", ".rodata", f]).Stdout.Split('\n').Single(l => l.StartsWith(' ')).Trim();
        Assert.Equal(Rodata("gnu.out"), Rodata("wild.out"));
    }

    /// <summary>The contents of boot and reset as objdump -s prints them (the bytes of each line, addresses kept).</summary>
    private static string SectionBytes(Scratch dir, string file) =>
        string.Join('|', Tools.Run("objdump", dir.Dir, ["-s", "-j", "boot", "-j", "reset", file]).Stdout.Split('\n')
            .Where(l => l.StartsWith(' ')).Select(l => l.Trim()));
}
