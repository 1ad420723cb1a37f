// SHF_X86_64_LARGE (readelf's `l`), compared with GNU ld's output of the same link: an output section named .ldata,
// .lbss or .lrodata has it whatever its inputs say, and any other takes it from its first input section alone; a GOT
// load of a symbol in a large input section is never relaxed to a PC-relative lea (its data may be GiB away). Read
// with ELFSharp; the programs run.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class LargeSectionTests
{
    private const ulong Large = 0x10000000;

    // Large and small inputs in every order: .other's first input is small here and large in Second (so which comes
    // first decides); .ldata.b is not marked large, yet lands in .ldata; .text's second input is large.
    private const string First = """
        .section .ldata.a,"awl",@progbits
        .quad 1
        .section .data.x,"awl",@progbits
        .quad 2
        .section .lrodata,"al",@progbits
        .quad 3
        .section .lbss,"awl",@nobits
        .zero 8
        .section .text.foo,"axl",@progbits
        ret
        .section .mystuff,"al",@progbits
        .quad 4
        .section .other,"a",@progbits
        .quad 5
        .text
        .globl _start
        _start: ret
        """;

    private const string Second = """
        .section .ldata.b,"aw",@progbits
        .quad 9
        .section .other,"al",@progbits
        .quad 6
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OutputSectionsAreLargeAsGnuLdMarksThem(bool secondFirst)
    {
        using var dir = new Scratch();
        string a = Tools.Assemble(dir, "a", First), b = Tools.Assemble(dir, "b", Second);
        string[] objects = secondFirst ? [b, a] : [a, b];
        Tools.Run("ld.bfd", dir.Dir, ["-e", "_start", "-o", dir.PathOf("ref"), .. objects]);
        Tools.Link(Tools.Bare(dir.PathOf("wild"), objects));
        var expected = LargeFlags(dir.PathOf("ref"));
        var actual = LargeFlags(dir.PathOf("wild"));
        // GNU ld's answer, pinned: by name for the three, by the first input for the rest.
        Assert.True(expected[".ldata"] && expected[".lbss"] && expected[".lrodata"] && expected[".mystuff"]);
        Assert.False(expected[".text"] || expected[".data"]);
        Assert.Equal(secondFirst, expected[".other"]);
        foreach (string name in new[] { ".text", ".mystuff", ".other", ".data", ".lbss", ".lrodata", ".ldata" })
            Assert.True(expected[name] == actual[name], $"{name}: GNU ld {(expected[name] ? "sets" : "clears")} SHF_X86_64_LARGE, wild does not");
    }

    /// <summary>gcc's medium model (-mlarge-data-threshold puts big arrays in .ldata/.lbss/.lrodata), linked as a PIE
    /// through gcc: every output section both linkers make has GNU ld's flag, and the program runs.</summary>
    [Fact]
    public void MediumModelProgramKeepsTheLargeFlags()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "main", """
            #include <stdio.h>
            char big_data[4096] = { 1 };
            char big_bss[8192];
            const char big_ro[2048] = { 3 };
            int small = 4;
            int main(void)
            {
                big_bss[100] = 2;
                printf("%d\n", big_data[0] + big_bss[100] + big_ro[0] + small);
                return 0;
            }
            """, "-mcmodel=medium", "-mlarge-data-threshold=1000");
        Tools.Run("gcc", dir.Dir, [obj, "-o", "ref"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", obj, "-o", "wild"]);
        Tools.AssertRuns(dir.PathOf("wild"), 0, "10\n");
        var expected = LargeFlags(dir.PathOf("ref"));
        var actual = LargeFlags(dir.PathOf("wild"));
        Assert.True(expected[".ldata"] && expected[".lbss"] && expected[".lrodata"]);
        Assert.Contains(".ldata", actual.Keys);
        foreach (var (name, large) in expected)
            if (actual.TryGetValue(name, out bool ours))
                Assert.True(large == ours, $"{name}: GNU ld {(large ? "sets" : "clears")} SHF_X86_64_LARGE, wild does not");
    }

    /// <summary>A GOT load of a symbol 2.25 GiB into .lbss (no file bytes: a cheap far target) stays a GOT load, as in
    /// GNU ld: relaxed to lea, its displacement would not fit (wild refused the link with an out-of-range error). A
    /// near symbol of a large section is not relaxed either, in both linkers.</summary>
    [Fact]
    public void GotLoadsOfLargeDataAreNotRelaxed()
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "far", """
                    .section .lbss,"awl",@nobits
                    .zero 0x90000000
                    .globl far
            far:    .zero 8
                    .section .ldata,"awl",@progbits
                    .globl near
            near:   .quad 7
                    .text
                    .globl _start
            _start: movq far@GOTPCREL(%rip), %rax
                    movq $35, (%rax)
                    movq near@GOTPCREL(%rip), %rcx
                    movq (%rcx), %rdi
                    add (%rax), %rdi
                    mov $60, %eax
                    syscall
            """);
        Tools.Run("ld.bfd", dir.Dir, ["-static", "-o", dir.PathOf("ref"), obj]);
        Tools.AssertRuns(dir.PathOf("ref"), 42, "");
        Tools.Link(Tools.Bare(dir.PathOf("wild"), obj));
        Tools.AssertRuns(dir.PathOf("wild"), 42, "");
        Assert.Equal(MovOpcodes(dir.PathOf("ref")), MovOpcodes(dir.PathOf("wild")));
        Assert.Equal([0x8b, 0x8b], MovOpcodes(dir.PathOf("wild")));
    }

    /// <summary>The opcodes of _start's two GOT loads (0x8b: a mov from the GOT; 0x8d: relaxed to lea).</summary>
    private static byte[] MovOpcodes(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        var text = elf.Sections.OfType<ProgBitsSection<ulong>>().Single(s => s.Name == ".text");
        var code = text.GetContents();
        return [code[1], code[15]];
    }

    /// <summary>Each section's name, in order, and whether it has SHF_X86_64_LARGE.</summary>
    private static Dictionary<string, bool> LargeFlags(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        var flags = new Dictionary<string, bool>();
        foreach (var s in elf.Sections)
            flags.TryAdd(s.Name, ((ulong)s.Flags & Large) != 0);
        return flags;
    }
}
