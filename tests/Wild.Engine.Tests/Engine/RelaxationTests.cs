// GOT-load relaxation as the options ask for it: by default `movq x@GOTPCREL(%rip)` of a symbol defined in the
// link becomes a lea and needs no GOT slot; with --no-relax it stays a load through the GOT, as GNU ld and lld
// leave it. The GOT's size, read with ELFSharp (an independent reader), tells which happened.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class RelaxationTests
{
    private const string Source = """
        #include <stdio.h>
        int local_value = 5;
        static int *load(void)
        {
            int *v;
            __asm__("movq local_value@GOTPCREL(%%rip), %0" : "=r"(v));
            return v;
        }
        int main(void) { printf("%d\n", *load()); return 0; }
        """;

    private static ulong GotSize(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        return elf.Sections.FirstOrDefault(s => s.Name == ".got")?.Size ?? 0;
    }

    [Theory]
    [InlineData("-static")]
    [InlineData("-no-pie")]
    [InlineData("-pie")]
    public void NoRelaxKeepsGotLoadsAndTheProgramRuns(string mode)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "main", Source, "-fPIC");
        ulong Link(string output, params string[] extra)
        {
            Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", mode, obj, .. extra, "-o", output]);
            Tools.AssertRuns(dir.PathOf(output), 0, "5\n");
            return GotSize(dir.PathOf(output));
        }
        ulong relaxed = Link("relaxed");
        ulong kept = Link("kept", "-Wl,--no-relax");
        Assert.True(kept >= relaxed + 8, $"--no-relax should keep local_value's GOT slot: .got {relaxed} bytes relaxed, {kept} with --no-relax");
    }
}
