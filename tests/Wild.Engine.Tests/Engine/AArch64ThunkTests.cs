// AArch64 range-extension thunks: code spread over more than B/BL's ±128 MiB (three 96 MiB stretches of `.space`
// between the callers and their callees, both ways) links and runs as the cross GNU ld links it, in static,
// static-PIE, PIE, non-PIE and shared outputs; a call to a PLT entry that far goes through a thunk too, and callers
// of one group share a thunk. Conditional branches get no thunk: beyond their reach they are an error naming the
// relocation, the symbol and the file, as in GNU ld. Skipped where the cross toolchain or qemu is missing.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Diagnostics;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class AArch64ThunkTests
{
    private const string Main = """
        #include <stdio.h>
        int near_fn(int);
        int far_fn(int);
        int main(void) { printf("%d %d\n", near_fn(1), far_fn(2)); return 0; }
        """;

    // Calls forward (bl) and a tail call (b, JUMP26) from the start of the code to its far end.
    private const string Near = """
          .text
          .globl near_fn
          .type near_fn, %function
        near_fn:
          stp x29, x30, [sp, -16]!
          add w0, w0, 1
          bl far_leaf
          ldp x29, x30, [sp], 16
          b far_tail
          .size near_fn, .-near_fn
          .globl near_leaf
          .type near_leaf, %function
        near_leaf:
          add w0, w0, 100
          ret
          .size near_leaf, .-near_leaf
        .section .note.GNU-stack,"",@progbits
        """;

    // Calls back to near_leaf twice (a bl and a tail call: one thunk) and to libc's puts (a PLT entry when dynamic).
    private const string Far = """
          .section .rodata.str1.1,"aMS",@progbits,1
        msg: .string "far side"
          SECTION
          .globl far_fn
          .type far_fn, %function
        far_fn:
          stp x29, x30, [sp, -32]!
          str x19, [sp, 16]
          mov w19, w0
          adrp x0, msg
          add x0, x0, :lo12:msg
          bl puts
          mov w0, w19
          bl near_leaf
          ldr x19, [sp, 16]
          ldp x29, x30, [sp], 32
          ret
          .size far_fn, .-far_fn
          .globl far_leaf
          .type far_leaf, %function
        far_leaf:
          add w0, w0, 1000
          ret
          .size far_leaf, .-far_leaf
          .globl far_tail
          .type far_tail, %function
        far_tail:
          add w0, w0, 2000
          b near_leaf
          .size far_tail, .-far_tail
        .section .note.GNU-stack,"",@progbits
        """;

    private const string Expected = "far side\n3102 102\n";

    /// <summary>Writes near.o, three 96 MiB pads and far.o, the pads and far code in <paramref name="section"/>.</summary>
    private static string[] FarObjects(Scratch dir, string section)
    {
        var objects = new List<string> { AArch64Toolchain.Assemble(dir, "near", Near) };
        for (int i = 1; i <= 3; i++)
            objects.Add(AArch64Toolchain.Assemble(dir, $"pad{i}", $"  {section}\n  .space 0x6000000\n.section .note.GNU-stack,\"\",@progbits\n"));
        objects.Add(AArch64Toolchain.Assemble(dir, "far", Far.Replace("SECTION", section)));
        return [.. objects.Select(Path.GetFileName)!];
    }

    /// <summary>Dynamic outputs keep all the code in one .text of over 256 MiB. The static ones put the pads and the far
    /// code in an executable section of their own after .text (GNU ld places it there, as wild does): GNU ld 2.40 gives
    /// no veneer to a call to a static IFUNC's .iplt entry, so libc's calls of memcpy from beyond 128 MiB would not
    /// link with the reference (wild's thunks serve them; the dynamic cases cover that path against PLT entries).</summary>
    [AArch64Theory]
    [InlineData("-static")]
    [InlineData("-static-pie")]
    [InlineData("-pie")]
    [InlineData("-no-pie")]
    public void CallsBeyondTheBranchRangeGoThroughThunks(string mode)
    {
        using var link = new AArch64CrossLink();
        link.Write("main.c", Main);
        link.Run(AArch64CrossLink.Gcc, "-O2", "-c", "main.c", "-o", "main.o");
        bool isStatic = mode.StartsWith("-static", StringComparison.Ordinal);
        string[] objects = ["main.o", .. FarObjects(link.Dir, isStatic ? ".section .text_far,\"ax\",@progbits" : ".text")];
        link.LinkBoth(AArch64CrossLink.Gcc, [mode, .. objects]);
        link.AssertSameRun(Expected);

        string wild = link.PathOf("wild");
        using var elf = ELFReader.Load<ulong>(wild);
        ulong code = elf.Sections.Where(s => (s.Flags & SectionFlags.Executable) != 0).Aggregate(0UL, (sum, s) => sum + ((Section<ulong>)s).Size);
        Assert.True(code > 0x10000000, $"the test's code spans only 0x{code:x} bytes");
        // far_fn's `bl near_leaf` and far_tail's `b near_leaf` are in one group: they share a thunk, which jumps there.
        var symbols = ((ISymbolTable)elf.GetSection(".symtab")).Entries.Cast<SymbolEntry<ulong>>()
            .Where(s => s.Name is "far_fn" or "far_tail" or "near_leaf").ToDictionary(s => s.Name, s => s.Value);
        ulong fromFn = BranchTarget(elf, wild, symbols["far_fn"] + 0x1c), fromTail = BranchTarget(elf, wild, symbols["far_tail"] + 4);
        Assert.Equal(fromFn, fromTail);
        Assert.NotEqual(symbols["near_leaf"], fromFn);
        Assert.Equal(symbols["near_leaf"], ThunkTarget(elf, wild, fromFn));
    }

    /// <summary>A shared object's own calls bind through its PLT (the callees are preemptible), which sits before
    /// .text: the far code's calls reach it through thunks. GNU ld's program runs with wild's library as with GNU ld's.</summary>
    [AArch64Fact]
    public void SharedObjectReachesItsFarPltEntriesThroughThunks()
    {
        using var link = new AArch64CrossLink();
        link.Write("main.c", Main);
        link.Run(AArch64CrossLink.Gcc, "-O2", "-c", "main.c", "-o", "main.o");
        link.LinkBoth(AArch64CrossLink.Gcc, ["-shared", .. FarObjects(link.Dir, ".text")], "wild-lib/libfar.so", "gnu-lib/libfar.so");
        link.Run(AArch64CrossLink.Gcc, "main.o", "-Lgnu-lib", "-lfar", "-o", "main");
        link.AssertSameRun(Expected, gnu: "main", libraryPath: "gnu-lib", wild: "main", wildLibraryPath: "wild-lib");
    }

    [AArch64Theory]
    [InlineData("cbz x0, far_target", "R_AARCH64_CONDBR19", 0x200000)]
    [InlineData("b.ne far_target", "R_AARCH64_CONDBR19", 0x200000)]
    [InlineData("tbz x0, #3, far_target", "R_AARCH64_TSTBR14", 0x10000)]
    public void ConditionalBranchBeyondItsReachIsRefusedNamingSymbolAndFile(string branch, string relocation, int gap)
    {
        using var dir = new Scratch();
        string obj = AArch64Toolchain.Assemble(dir, "cond", $"""
            .text
            .globl _start
            _start:
              {branch}
              ret
            .section .text.far,"ax",@progbits
              .space {gap}
            .globl far_target
            far_target:
              ret
            """);
        var e = Assert.Throws<LinkException>(() => Tools.Link(Tools.Bare(dir.PathOf("out"), obj) with { Machine = Elf.ElfConstants.EM_AARCH64 }));
        Assert.Equal(ErrorId.RelocationOverflow, e.Id);
        Assert.Contains(relocation, e.Message);
        Assert.Contains("'far_target'", e.Message);
        Assert.Contains($"{obj}:(.text+0x0)", e.Message);
        // GNU ld refuses it too.
        var gnu = ProcessRunner.Run("aarch64-linux-gnu-ld", [obj, "-o", dir.PathOf("gnu")], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, gnu.ExitCode);
        Assert.Contains("relocation truncated to fit: " + relocation, gnu.Stdout + gnu.Stderr);
    }

    /// <summary>The instruction word at an address of the output, read from the file through its section header.</summary>
    private static uint Word(IELF elf, string path, ulong address)
    {
        var s = elf.Sections.Cast<Section<ulong>>().Single(x => x.Type == SectionType.ProgBits && (x.Flags & SectionFlags.Allocatable) != 0
            && address >= x.LoadAddress && address < x.LoadAddress + x.Size);
        using var file = File.OpenRead(path);
        file.Position = (long)(s.Offset + (address - s.LoadAddress));
        var bytes = new byte[4];
        file.ReadExactly(bytes);
        return BitConverter.ToUInt32(bytes);
    }

    /// <summary>Where the B or BL at <paramref name="at"/> goes.</summary>
    private static ulong BranchTarget(IELF elf, string path, ulong at)
    {
        uint insn = Word(elf, path, at);
        Assert.True((insn & 0x7c000000) == 0x14000000, $"0x{insn:x8} at 0x{at:x} is not B or BL");
        return at + (ulong)((long)((int)(insn << 6) >> 6) * 4);
    }

    /// <summary>Where an `adrp x16; add x16, x16; br x16` thunk at <paramref name="at"/> goes.</summary>
    private static ulong ThunkTarget(IELF elf, string path, ulong at)
    {
        uint adrp = Word(elf, path, at), add = Word(elf, path, at + 4), br = Word(elf, path, at + 8);
        Assert.Equal(0x90000010u, adrp & 0x9f00001f);
        Assert.Equal(0x91000210u, add & 0xffc003ff);
        Assert.Equal(0xd61f0200u, br);
        long pages = (long)(((adrp >> 5) & 0x7ffff) << 2 | (adrp >> 29) & 3) << 43 >> 43;
        return (at & ~0xfffUL) + (ulong)(pages << 12) + ((add >> 10) & 0xfff);
    }
}
