// Which of the linker-made .got.plt and .rela.dyn an output has, and the DT_RELA entries that name .rela.dyn, compared
// with GNU ld on the same links: GNU ld writes no .got.plt that holds only its reserved header (no PLT, no GOT entry, no
// _GLOBAL_OFFSET_TABLE_ reference) and no empty .rela.dyn, unless -z pack-relative-relocs emptied it. Build scripts
// that check `readelf -S` for these notice the difference; the programs still run.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class LinkerMadeSectionParityTests
{
    private const string Exit = "  mov $60, %eax\n  xor %edi, %edi\n  syscall\n";

    /// <summary>Whether the output has each of .got.plt, .rela.dyn and DT_RELA, as "name=yes|no".</summary>
    private static string Shape(Scratch dir, string file)
    {
        string sections = Tools.Run("readelf", dir.Dir, "-SW", file).Stdout;
        string dynamic = Tools.Run("readelf", dir.Dir, "-dW", file).Stdout;
        bool Has(string text, string what) => text.Contains(what, StringComparison.Ordinal);
        return $".got.plt={(Has(sections, " .got.plt ") ? "yes" : "no")} .rela.dyn={(Has(sections, " .rela.dyn ") ? "yes" : "no")} DT_RELA={(Has(dynamic, "(RELA)") ? "yes" : "no")}";
    }

    [Theory]
    // A GOT load the linker relaxes to a lea leaves no GOT entry: no .got.plt, and nothing for .rela.dyn.
    [InlineData("relaxed", ".globl _start\n_start:\n  mov x@GOTPCREL(%rip), %rax\n" + Exit + ".data\nx: .quad 1\n", "-static", ".got.plt=no .rela.dyn=no DT_RELA=no")]
    [InlineData("relaxed", ".globl _start\n_start:\n  mov x@GOTPCREL(%rip), %rax\n" + Exit + ".data\nx: .quad 1\n", "-pie", ".got.plt=no .rela.dyn=no DT_RELA=no")]
    [InlineData("relaxed", ".globl _start\n_start:\n  mov x@GOTPCREL(%rip), %rax\n" + Exit + ".data\nx: .quad 1\n", "-shared", ".got.plt=no .rela.dyn=no DT_RELA=no")]
    // _GLOBAL_OFFSET_TABLE_ named: .got.plt stays, with its reserved entries.
    [InlineData("gotsym", ".globl _start\n_start:\n  lea _GLOBAL_OFFSET_TABLE_(%rip), %rax\n" + Exit, "-static", ".got.plt=yes .rela.dyn=no DT_RELA=no")]
    [InlineData("gotsym", ".globl _start\n_start:\n  lea _GLOBAL_OFFSET_TABLE_(%rip), %rax\n" + Exit, "-pie", ".got.plt=yes .rela.dyn=no DT_RELA=no")]
    // A GOT entry the linker cannot relax (a PIE's address of its own data is a RELATIVE relocation).
    [InlineData("got", ".globl _start\n_start:\n  mov x@GOTPCREL(%rip), %rcx\n  add (%rcx), %rcx\n" + Exit + ".data\nx: .quad 1\n",
        "-pie --no-relax", ".got.plt=yes .rela.dyn=yes DT_RELA=yes")]
    // -z pack-relative-relocs moves every relocation to .relr.dyn: .rela.dyn and DT_RELA stay, empty.
    [InlineData("packed", ".globl _start\n_start:\n" + Exit + ".data\np: .quad p\n", "-pie -z pack-relative-relocs", ".got.plt=no .rela.dyn=yes DT_RELA=yes")]
    [InlineData("unpacked", ".globl _start\n_start:\n" + Exit + ".data\np: .quad p\n", "-pie", ".got.plt=no .rela.dyn=yes DT_RELA=yes")]
    public void LinkerMadeSectionsAreThoseGnuLdWrites(string name, string source, string options, string expected)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, name, source);
        string[] args = [.. options.Split(' '), "-nostdlib", obj];
        Tools.Run("ld.bfd", dir.Dir, [.. args, "-o", "ref"]);
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, [.. args, "-o", "wild"]);
        Assert.Equal(expected, Shape(dir, "ref")); // the expectation is GNU ld's own output
        Assert.Equal(expected, Shape(dir, "wild"));
        if (!options.Contains("-shared", StringComparison.Ordinal))
            Assert.Equal(0, ProcessRunner.Run(dir.PathOf("wild"), [], dir.Dir, TimeSpan.FromMinutes(1)).ExitCode);
    }

    [Fact]
    public void GotRelativeOffsetKeepsTheAddressGnuLdGivesTheMissingGotPlt()
    {
        // With no .got.plt written, R_X86_64_GOTOFF64 is still measured from where it would have been: GNU ld's location
        // counter at .got.plt, which is where .data then starts.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "gotoff", ".globl _start\n_start:\n  movabs $x@GOTOFF, %rax\n" + Exit + ".data\nx: .quad 1\n");
        Tools.Run("ld.bfd", dir.Dir, ["-static", "-nostdlib", obj, "-o", "ref"]);
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, ["-static", "-nostdlib", obj, "-o", "wild"]);
        string Movabs(string file) => Tools.Run("objdump", dir.Dir, "-d", file).Stdout.Split('\n').Single(l => l.Contains("movabs", StringComparison.Ordinal)).Split('\t')[^1];
        Assert.Equal(Movabs("ref"), Movabs("wild"));
    }
}
