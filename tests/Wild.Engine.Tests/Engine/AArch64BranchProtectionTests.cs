// AArch64 BTI and PAC: GNU_PROPERTY_AARCH64_FEATURE_1_AND is ANDed over the inputs as the cross GNU ld ANDs it (the
// note's bytes compared), -z force-bti forces BTI with GNU ld's warning for each input without it, and the PLT takes
// GNU ld's shape for BTI and -z pac-plt (PLT0 and the entries compared instruction by instruction, addresses masked).
// Those programs run on a CPU without BTI and PAC (qemu's cortex-a72): Debian's crt files have no `bti c`, and glibc
// does not sign .got.plt slots, so under `-cpu max` GNU ld's -z force-bti and -z pac-plt programs fault as wild's do.
// A program whose every object has BTI runs under `-cpu max`, which enforces it on guarded pages: a call through a
// pointer to an IFUNC lands on the `bti c` of its canonical PLT entry.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Elf;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class AArch64BranchProtectionTests
{
    /// <summary>An object with code and, unless <paramref name="features"/> is null, a FEATURE_1_AND property.</summary>
    private static string Object(Scratch dir, string name, uint? features, bool entry = false) =>
        AArch64Toolchain.Assemble(dir, name, $"""
            .text
            {(entry ? ".globl _start\n_start:" : $".globl {name}\n{name}:")}
              ret
            {(features is { } f ? $"""
            .section .note.gnu.property,"a"
            .p2align 3
            .word 4, 16, 5
            .asciz "GNU"
            .word 0xc0000000, 4, {f}, 0
            """ : "")}
            """);

    [AArch64Theory]
    [InlineData(3u, 3u)]
    [InlineData(3u, 1u)]
    [InlineData(1u, 2u)]
    [InlineData(3u, null)]
    [InlineData(2u, 2u)]
    public void FeaturePropertyIsAndedOverTheInputsAsGnuLdAndsIt(uint first, uint? second)
    {
        using var dir = new Scratch();
        string a = Object(dir, "a", first, entry: true), b = Object(dir, "b", second);
        Tools.Link(Tools.Bare(dir.PathOf("wild"), a, b) with { Machine = ElfConstants.EM_AARCH64 });
        Tools.Run("aarch64-linux-gnu-ld", dir.Dir, a, b, "-o", dir.PathOf("gnu"));
        Assert.Equal(Hex(Note(dir.PathOf("gnu"))), Hex(Note(dir.PathOf("wild"))));
    }

    [AArch64Fact]
    public void ForceBtiSetsTheBitAndWarnsForEachInputWithoutIt()
    {
        using var dir = new Scratch();
        string a = Object(dir, "a", 3, entry: true), b = Object(dir, "b", null), c = Object(dir, "c", 2);
        var diagnostics = new Diagnostics.DiagnosticBag();
        var options = Tools.Bare(dir.PathOf("wild"), a, b, c) with { Machine = ElfConstants.EM_AARCH64 };
        Linker.Link(options with { Z = options.Z with { ForceBti = true } }, diagnostics);
        var gnu = Tools.Run("aarch64-linux-gnu-ld", dir.Dir, "-z", "force-bti", a, b, c, "-o", dir.PathOf("gnu"));
        Assert.Equal(Hex(Note(dir.PathOf("gnu"))), Hex(Note(dir.PathOf("wild"))));
        var warnings = diagnostics.Items.Where(d => d.Kind == Diagnostics.DiagnosticKind.Warning).Select(d => d.Message).ToList();
        foreach (string o in new[] { b, c })
        {
            Assert.Contains(warnings, w => w.StartsWith(o + ": BTI turned on by -z force-bti", StringComparison.Ordinal));
            Assert.Contains(o + ": warning: BTI turned on by -z force-bti when all inputs do not have BTI in NOTE section.", gnu.Stderr + gnu.Stdout);
        }
        Assert.DoesNotContain(warnings, w => w.StartsWith(a + ":", StringComparison.Ordinal));
    }

    /// <summary>A library function called directly and through a pointer, from a program built with BTI and PAC
    /// (Debian's crt files have no BTI note, so BTI needs -z force-bti, as with GNU ld).</summary>
    [AArch64Theory]
    [InlineData("-no-pie", "-z,force-bti")]
    [InlineData("-no-pie", "-z,force-bti,-z,pac-plt")]
    [InlineData("-pie", "-z,force-bti")]
    [InlineData("-pie", "-z,pac-plt")]
    [InlineData("-pie", "-z,force-bti,-z,pac-plt")]
    [InlineData("-static", "-z,force-bti")]
    [InlineData("-shared", "-z,force-bti,-z,pac-plt")]
    public void PltHasGnuLdsBtiAndPacShapeAndRunsWithBtiEnforced(string mode, string flags)
    {
        using var link = new AArch64CrossLink();
        link.Write("lib.c", "int lib_func(int x) { return x + 1; }\n");
        link.Write("main.c", """
            #include <stdio.h>
            int lib_func(int);
            int (*volatile fp)(int) = lib_func;
            int main(void) { printf("%d %d\n", lib_func(41), fp(1)); return 0; }
            """);
        string[] bp = ["-O2", "-mbranch-protection=standard"];
        link.Run(AArch64CrossLink.Gcc, [.. bp, "-fPIC", "-c", "lib.c", "-o", "lib.o"]);
        link.Run(AArch64CrossLink.Gcc, [.. bp, mode == "-no-pie" ? "-fno-pic" : "-fPIE", "-c", "main.c", "-o", "main.o"]);
        if (mode == "-shared")
        {
            // The library is the output compared; GNU ld's program runs with each.
            link.Write("lib2.c", "#include <stdio.h>\nint lib_func(int);\nint lib_call(int x) { puts(\"lib\"); return lib_func(x); }\n");
            link.Run(AArch64CrossLink.Gcc, [.. bp, "-fPIC", "-c", "lib2.c", "-o", "lib2.o"]);
            var w = link.LinkBoth(AArch64CrossLink.Gcc, ["-shared", "-Wl," + flags, "lib.o", "lib2.o"], "wild-lib/libl.so", "gnu-lib/libl.so");
            link.Run(AArch64CrossLink.Gcc, "main.o", "-Lgnu-lib", "-ll", "-o", "main");
            Assert.Contains("BTI turned on by -z force-bti", w.Stderr);
            ComparePlts(link.PathOf("wild-lib/libl.so"), link.PathOf("gnu-lib/libl.so"));
            link.AssertSameRun("42 2\n", gnu: "main", libraryPath: "gnu-lib", wild: "main", wildLibraryPath: "wild-lib", cpu: "cortex-a72");
            return;
        }
        if (mode != "-static")
            link.Run(AArch64CrossLink.Gcc, [.. bp, "-fPIC", "-shared", "lib.o", "-o", "libl.so"]);
        link.LinkBoth(AArch64CrossLink.Gcc, [mode, "-Wl," + flags, .. mode == "-static" ? ["main.o", "lib.o"] : new[] { "main.o", "-L.", "-ll" }]);
        ComparePlts(link.PathOf("wild"), link.PathOf("gnu"));
        link.AssertSameRun("42 2\n", libraryPath: ".", cpu: "cortex-a72");
    }

    /// <summary>Every object has BTI (no C library): the output is BTI and qemu's `-cpu max` guards its code pages. The
    /// IFUNC's canonical address is its PLT entry, reached by `blr`: without the entry's `bti c` it faults (SIGILL).</summary>
    [AArch64Fact]
    public void IfuncCalledThroughAPointerLandsOnItsPltEntrysBtiPad()
    {
        using var link = new AArch64CrossLink();
        link.Write("bti.c", """
            typedef unsigned long u64;
            struct rela { u64 off, info; long addend; };
            extern const struct rela __rela_iplt_start[] __attribute__((weak)), __rela_iplt_end[] __attribute__((weak));
            static int impl(int x) { return x * 2; }
            static void *resolve(void) { return (void *)impl; }
            int twice(int) __attribute__((ifunc("resolve")));
            int (*volatile fp)(int) = twice;
            static void sys_exit(int code)
            {
                register long x0 __asm__("x0") = code;
                register long x8 __asm__("x8") = 93;
                __asm__ volatile("svc 0" :: "r"(x0), "r"(x8));
                __builtin_unreachable();
            }
            void _start(void)
            {
                for (const struct rela *r = __rela_iplt_start; r < __rela_iplt_end; r++)
                    *(u64 *)r->off = ((u64 (*)(void))r->addend)();
                sys_exit(twice(10) + fp(1));
            }
            """);
        link.Run(AArch64CrossLink.Gcc, "-O2", "-mbranch-protection=standard", "-fno-pic", "-ffreestanding", "-c", "bti.c", "-o", "bti.o");
        link.LinkBoth(AArch64CrossLink.Gcc, ["-static", "-nostdlib", "bti.o"]);
        ComparePlts(link.PathOf("wild"), link.PathOf("gnu"));
        link.AssertSameRun("", 22, cpu: "max");
    }

    /// <summary>The .note.gnu.property bytes are equal and the PLTs hold the same instructions, ADRP's page and the
    /// LDR/ADD offsets (which depend on where each linker put .got.plt) masked.</summary>
    private static void ComparePlts(string wild, string gnu)
    {
        Assert.Equal(Hex(Note(gnu)), Hex(Note(wild)));
        Assert.Equal(Shape(gnu), Shape(wild));
    }

    /// <summary>PLT0's instructions and those of the entries (each up to its `br x17` and the nops after it; the
    /// linkers give PLT entries to different symbol sets, so the distinct shapes are compared, not the count).</summary>
    private static string Shape(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        byte[] plt = ((Section<ulong>)elf.GetSection(".plt")).GetContents();
        var pieces = new List<string>();
        var current = new List<string>();
        for (int i = 0; i + 4 <= plt.Length; i += 4)
        {
            uint w = BitConverter.ToUInt32(plt, i);
            if ((w & 0x9f000000) == 0x90000000) w &= 0x9f00001f;                      // adrp: the page
            else if ((w & 0xffc00000) is 0xf9400000 or 0x91000000) w &= 0xffc003ff;    // ldr/add: the offset
            bool nop = w == 0xd503201f;
            if (!nop && current.Count > 0 && current.Contains("d61f0220"))
            {
                pieces.Add(string.Join(' ', current));
                current.Clear();
            }
            current.Add(w.ToString("x8"));
        }
        if (current.Count > 0) pieces.Add(string.Join(' ', current));
        bool header = pieces.Count > 0 && pieces[0].Contains("a9bf7bf0", StringComparison.Ordinal);
        return (header ? "PLT0: " + pieces[0] + "\n" : "") + "entries: " + string.Join(" | ", pieces.Skip(header ? 1 : 0).Distinct());
    }

    private static byte[] Note(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        return elf.TryGetSection(".note.gnu.property", out var s) ? ((Section<ulong>)s).GetContents() : [];
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
