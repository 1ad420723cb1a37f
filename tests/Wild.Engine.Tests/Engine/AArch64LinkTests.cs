// AArch64 executables (-static, -static-pie, -pie, -no-pie): each program is cross-compiled with Debian's toolchain, linked by wild (through
// `aarch64-linux-gnu-gcc -B dist/`) and by the cross GNU ld, and both run under qemu-user: same stdout and exit
// code, and the segment facts that must agree (entry at _start, PT_TLS size and alignment, 64 KiB load alignment);
// a GNU ld-made library's data, functions and TLS reach a wild-linked program as they reach GNU ld's, and a
// wild-made shared object works under both linkers' programs.
// The TLS relaxations are compared with GNU ld's bytes, and the refusals AArch64 makes by name are checked in
// process. Skipped, with the reason, only where the cross toolchain or qemu is not installed: .ci/run installs them.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using ELFSharp.ELF.Segments;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class AArch64LinkTests
{
    public static TheoryData<string, string> Programs()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in AArch64Programs.All.Keys.Order(StringComparer.Ordinal))
            foreach (string mode in new[] { "-static", "-static-pie", "-pie", "-no-pie" })
                data.Add(name, mode);
        return data;
    }

    [AArch64Theory]
    [MemberData(nameof(Programs))]
    public void ProgramRunsAsTheCrossGnuLdLinksIt(string name, string mode)
    {
        var program = AArch64Programs.All[name];
        using var link = new AArch64CrossLink();
        string source = link.Write(name + program.Extension, program.Source);
        string driver = program.Extension == ".cpp" ? AArch64CrossLink.Gxx : AArch64CrossLink.Gcc;
        link.Run(driver, "-O2", "-c", source, "-o", name + ".o");

        // -Wl,-v makes the linker name itself, so the test knows wild linked the first one.
        var wildLink = link.LinkBoth(driver, [mode, name + ".o", .. program.LinkFlags], wildArgs: ["-B", link.Bin, "-Wl,-v"]);
        Assert.Contains("Wild", wildLink.Stdout);
        var (theirs, _) = link.AssertSameRun(null, program.ExitCode);
        Assert.Contains(program.Expected, theirs.Stdout);

        var wild = SegmentFacts.Read(link.PathOf("wild"));
        var gnu = SegmentFacts.Read(link.PathOf("gnu"));
        Assert.Equal(gnu.Machine, wild.Machine);
        Assert.Equal(gnu.Type, wild.Type);
        Assert.Equal(wild.Start, wild.Entry);
        Assert.Equal(gnu.Tls, wild.Tls);
        Assert.All(wild.LoadAlignments, a => Assert.Equal(0x10000UL, a));
        Assert.Equal(gnu.LoadAlignments.Distinct(), wild.LoadAlignments.Distinct());
    }

    /// <summary>Initial-exec and TLS-descriptor accesses of an executable's own variable become local exec: the same
    /// MOVZ/MOVK/NOP words GNU ld writes (the code holds no address, only the offset from the thread pointer).</summary>
    [AArch64Fact]
    public void TlsRelaxationsWriteGnuLdsInstructions()
    {
        using var dir = new Scratch();
        string obj = AArch64Toolchain.Assemble(dir, "tls", """
            .text
            .globl _start
            _start:
              adrp x1, :gottprel:v
              ldr  x1, [x1, :gottprel_lo12:v]
              adrp x0, :tlsdesc:w
              ldr  x2, [x0, :tlsdesc_lo12:w]
              add  x0, x0, :tlsdesc_lo12:w
              .tlsdesccall w
              blr  x2
              add  x3, x3, #:tprel_hi12:w, lsl #12
              add  x3, x3, #:tprel_lo12_nc:w
              movz x4, :tprel_g1:w
              movk x4, :tprel_g0_nc:w
              ret
            .section .tbss,"awT",@nobits
            .p2align 6
            v: .zero 8
            w: .zero 4
            """);
        string wild = dir.PathOf("wild"), gnu = dir.PathOf("gnu");
        Tools.Link(Tools.Bare(wild, obj) with { Machine = ElfConstants.EM_AARCH64 });
        Tools.Run("aarch64-linux-gnu-ld", dir.Dir, "-static", obj, "-o", gnu);
        byte[] ours = TextOf(wild), theirs = TextOf(gnu);
        Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(ours));
        // And what that is: the thread pointer is 64 bytes (the 16-byte TCB rounded to .tbss's alignment) before v.
        Assert.Equal(0xd2a00001u, BitConverter.ToUInt32(ours, 0));      // movz x1, #0, lsl #16
        Assert.Equal(0xf2800001u | 64 << 5, BitConverter.ToUInt32(ours, 4)); // movk x1, #64
        Assert.Equal(0xd503201fu, BitConverter.ToUInt32(ours, 16));     // nop where the add was
    }

    [AArch64Fact]
    public void MixedMachinesAreRefusedNamingBoth()
    {
        using var dir = new Scratch();
        string arm = AArch64Toolchain.Assemble(dir, "arm", ".text\n.globl _start\n_start:\n ret\n");
        string x86 = Tools.Assemble(dir, "x86", ".text\n.globl f\nf:\n ret\n");
        string output = dir.PathOf("prog");
        foreach (var order in new[] { new[] { arm, x86 }, [x86, arm] })
        {
            var e = Assert.Throws<LinkException>(() => Tools.Link(Tools.Bare(output, order)));
            Assert.Equal(ErrorId.WrongMachine, e.Id);
            Assert.Contains($"{arm} is AArch64", e.Message);
            Assert.Contains($"{x86} is x86-64", e.Message);
        }
        Assert.False(File.Exists(output));

        var m = Assert.Throws<LinkException>(() => Tools.Link(Tools.Bare(output, arm) with { Machine = ElfConstants.EM_X86_64 }));
        Assert.Equal($"{arm} is AArch64 but -m asked for x86-64", m.Message);
    }

    [AArch64Fact]
    public void BranchOutOfRangeIsRefusedNamingTheRelocationAndSymbol()
    {
        using var dir = new Scratch();
        string arm = AArch64Toolchain.Assemble(dir, "far", ".text\n.globl _start\n_start:\n bl far_away\n ret\n");
        var e = Assert.Throws<LinkException>(() => Tools.Link(Tools.Bare(dir.PathOf("out"), arm) with
        {
            DefSym = [new("far_away", "0x20000000")],
        }));
        Assert.Equal(ErrorId.RelocationOverflow, e.Id);
        Assert.Contains("R_AARCH64_CALL26", e.Message);
        Assert.Contains("'far_away'", e.Message);
        Assert.Contains("(.text+0x0)", e.Message);
    }

    /// <summary>A library's data, functions and TLS from an executable (the library linked by the cross GNU ld, since
    /// wild makes no AArch64 shared objects yet): -no-pie code reaches them through copy relocations, a canonical PLT
    /// entry (the function's address compares equal to the library's own) and a TP-offset slot; -fPIE code through
    /// GOT slots; -fPIC code's TLS descriptor is relaxed to initial exec. Calls bind lazily through PLT0.</summary>
    [AArch64Theory]
    [InlineData("-no-pie", "-fno-pic", "R_AARCH64_COPY")]
    [InlineData("-pie", "-fPIE", "R_AARCH64_GLOB_DAT")]
    [InlineData("-pie", "-fPIC", "R_AARCH64_TLS_TPREL64")]
    public void ExecutableUsesALibrarysDataFunctionsAndTls(string mode, string codeModel, string relocation)
    {
        using var link = new AArch64CrossLink();
        link.Write("lib.c", """
            int lib_data = 41;
            int lib_array[4] = {1, 2, 3, 4};
            __thread int lib_tls = 7;
            int lib_func(int x) { return x + lib_data; }
            int (*lib_fp(void))(int) { return lib_func; }
            """);
        link.Write("main.c", """
            #include <stdio.h>
            extern int lib_data;
            extern int lib_array[4];
            extern __thread int lib_tls;
            int lib_func(int);
            int (*lib_fp(void))(int);
            int (*my_fp)(int) = lib_func;
            int *pdata = &lib_data;
            int main(void)
            {
                lib_tls += 5;
                lib_data++;
                printf("%d %d %d %d %d %d\n", lib_func(1), lib_array[2], lib_tls, *pdata, my_fp == lib_fp(), my_fp(2));
                return 0;
            }
            """);
        link.Run(AArch64CrossLink.Gcc, "-O2", "-fPIC", "-shared", "lib.c", "-o", "libl.so");
        link.Run(AArch64CrossLink.Gcc, "-O2", codeModel, "-c", "main.c", "-o", "main.o");
        link.LinkBoth(AArch64CrossLink.Gcc, [mode, "main.o", "-L.", "-ll"]);

        link.AssertSameRun("43 3 12 42 1 44\n", libraryPath: ".");
        Assert.Contains(relocation, DynamicRelocationTypes(link.PathOf("wild")));
        Assert.Contains("R_AARCH64_JUMP_SLOT", DynamicRelocationTypes(link.PathOf("wild")));
    }

    /// <summary>A shared object linked by wild works under GNU ld's program and under wild's, as GNU ld's library does:
    /// exported data and functions (a copy relocation and a canonical PLT entry in the program), lazy calls through
    /// its own PLT0 into libc, TLS descriptors kept for ld.so (TLSDESC), hidden data and RELATIVE pointers.</summary>
    [AArch64Fact]
    public void SharedObjectWorksWithGnuLdsProgramAndWilds()
    {
        using var link = new AArch64CrossLink();
        link.Write("lib.c", """
            #include <stdio.h>
            #include <string.h>
            int lib_data = 41;
            int lib_array[4] = {1, 2, 3, 4};
            __thread int lib_tls = 7;
            static __thread int lib_priv_tls = 100;
            __attribute__((visibility("hidden"))) int hidden_counter = 5;
            const char *names[] = {"zero", "one", "two"};
            int lib_func(int x) { lib_priv_tls++; return x + lib_data + lib_priv_tls - 101 + hidden_counter - 5; }
            int (*lib_fp(void))(int) { return lib_func; }
            int lib_puts(const char *s) { char buf[64]; strcpy(buf, s); return puts(buf) + (int)strlen(names[2]); }
            """);
        link.Write("main.c", """
            #include <stdio.h>
            extern int lib_data;
            extern int lib_array[4];
            extern __thread int lib_tls;
            int lib_func(int);
            int (*lib_fp(void))(int);
            int lib_puts(const char *);
            int main(void)
            {
                lib_tls += 5;
                lib_data++;
                printf("%d %d %d %d %d\n", lib_func(1), lib_array[2], lib_tls, lib_fp() == lib_func, lib_puts("from lib"));
                return 0;
            }
            """);
        link.Run(AArch64CrossLink.Gcc, "-O2", "-fPIC", "-c", "lib.c", "-o", "lib.o");
        link.Run(AArch64CrossLink.Gcc, "-O2", "-c", "main.c", "-o", "main.o");
        link.LinkBoth(AArch64CrossLink.Gcc, ["-shared", "lib.o"], "wild-lib/libl.so", "gnu-lib/libl.so");
        link.Run(AArch64CrossLink.Gcc, "main.o", "-Lgnu-lib", "-ll", "-o", "gnu-main");
        link.Run(AArch64CrossLink.Gcc, "-B", link.Bin, "main.o", "-Lwild-lib", "-ll", "-o", "wild-main");

        // GNU ld's program with GNU ld's library is the reference for each pairing that has wild's output.
        const string expected = "from lib\n43 3 12 1 12\n";
        foreach (var (main, lib) in new[] { ("gnu-main", "wild-lib"), ("wild-main", "wild-lib"), ("wild-main", "gnu-lib") })
            link.AssertSameRun(expected, gnu: "gnu-main", libraryPath: "gnu-lib", wild: main, wildLibraryPath: lib);
        var types = DynamicRelocationTypes(link.PathOf("wild-lib/libl.so"));
        Assert.Contains("R_AARCH64_TLSDESC", types);
        Assert.Contains("R_AARCH64_JUMP_SLOT", types);
        Assert.Contains("R_AARCH64_RELATIVE", types);
    }

    [AArch64Fact]
    public void LocalExecTlsInASharedObjectIsRefusedByName()
    {
        using var dir = new Scratch();
        string arm = AArch64Toolchain.Assemble(dir, "le", """
            .text
            .globl f
            f:
              add x0, x0, #:tprel_lo12_nc:v
              ret
            .section .tbss,"awT",@nobits
            .globl v
            v: .zero 4
            """);
        var e = Assert.Throws<LinkException>(() => Tools.Link(Tools.Bare(dir.PathOf("out.so"), arm) with { Kind = OutputKind.Shared }));
        Assert.Contains("relocation R_AARCH64_TLSLE_ADD_TPREL_LO12_NC against 'v' can not be used when making a shared object; recompile with -fPIC", e.Message);
    }

    /// <summary>The names of an output's dynamic relocation types (.rela.dyn and .rela.plt), read with ELFSharp.</summary>
    private static HashSet<string> DynamicRelocationTypes(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in elf.Sections.Where(x => x.Name is ".rela.dyn" or ".rela.plt"))
        {
            byte[] bytes = ((Section<ulong>)section).GetContents();
            for (int i = 0; i + 24 <= bytes.Length; i += 24)
                names.Add(Inspection.RelocationNames.Name(ElfConstants.EM_AARCH64, (uint)BitConverter.ToUInt64(bytes, i + 8)));
        }
        return names;
    }

    [AArch64Fact]
    public void AbsoluteAddressInAStaticPieIsRefusedByName()
    {
        using var dir = new Scratch();
        string arm = AArch64Toolchain.Assemble(dir, "movw", ".text\n.globl _start\n_start:\n movz x0, #:abs_g1:data\n movk x0, #:abs_g0_nc:data\n ret\n.data\n.globl data\ndata: .quad 0\n");
        var e = Assert.Throws<LinkException>(() => Tools.Link(Tools.Bare(dir.PathOf("out"), arm) with { Kind = OutputKind.StaticPie }));
        Assert.Equal(ErrorId.UnsupportedRelocation, e.Id);
        Assert.Contains("relocation R_AARCH64_MOVW_UABS_G1 against 'data' can not be used when making a PIE object; recompile with -fPIE", e.Message);
        // The same code links position-dependent.
        Tools.Link(Tools.Bare(dir.PathOf("static"), arm));
    }

    /// <summary>The bytes of an output's .text, read with ELFSharp.</summary>
    internal static byte[] TextOf(string path)
    {
        using var elf = ELFReader.Load(path);
        return ((Section<ulong>)elf.GetSection(".text")).GetContents();
    }

    private const uint PT_TLS = 7; // ELFSharp's SegmentType does not name it

    private sealed record SegmentFacts(Machine Machine, FileType Type, ulong Entry, ulong Start, (ulong Align, ulong MemorySize, ulong FileSize)? Tls, ulong[] LoadAlignments)
    {
        public static SegmentFacts Read(string path)
        {
            using var elf = ELFReader.Load<ulong>(path);
            var symtab = (ISymbolTable)elf.GetSection(".symtab");
            ulong start = symtab.Entries.Cast<SymbolEntry<ulong>>().Single(s => s.Name == "_start").Value;
            var tls = elf.Segments.FirstOrDefault(s => (uint)s.Type == PT_TLS);
            return new SegmentFacts(elf.Machine, elf.Type, elf.EntryPoint, start,
                tls is null ? null : ((ulong)tls.Alignment, (ulong)tls.Size, (ulong)tls.FileSize),
                [.. elf.Segments.Where(s => s.Type == SegmentType.Load).Select(s => (ulong)s.Alignment)]);
        }
    }
}

/// <summary>The cross toolchain and qemu-user these tests need, and why they are skipped where it is missing.</summary>
internal static class AArch64Toolchain
{
    public const string Sysroot = "/usr/aarch64-linux-gnu";

    private static readonly Lazy<string?> s_missing = new(() =>
    {
        var missing = new[] { "aarch64-linux-gnu-gcc", "aarch64-linux-gnu-g++", "aarch64-linux-gnu-ld", "aarch64-linux-gnu-as", "qemu-aarch64" }
            .Where(t => !OnPath(t)).ToList();
        if (!File.Exists(Path.Combine(Sysroot, "lib/libc.a"))) missing.Add($"{Sysroot}/lib/libc.a");
        return missing.Count == 0 ? null
            : $"AArch64 cross toolchain not installed ({string.Join(", ", missing)}): apt-get install gcc-aarch64-linux-gnu " +
              "g++-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user (.ci/run installs them)";
    });

    /// <summary>Why the AArch64 tests cannot run here, or null when they can.</summary>
    public static string? Missing => s_missing.Value;

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, tool)));

    public static string Assemble(Scratch dir, string name, string source)
    {
        string s = dir.Write(name + ".s", source);
        string o = dir.PathOf(name + ".o");
        Tools.Run("aarch64-linux-gnu-as", dir.Dir, s, "-o", o);
        return o;
    }

    /// <summary>Runs an AArch64 program under qemu-user, its loader and libraries from the cross sysroot (and
    /// <paramref name="libraryPath"/>, given to the program's ld.so as LD_LIBRARY_PATH), on qemu's default CPU or
    /// <paramref name="cpu"/> (`max` has BTI and PAC, and enforces BTI on guarded pages).</summary>
    public static ProcessResult Run(string program, string? libraryPath = null, string? cpu = null) =>
        ProcessRunner.Run("qemu-aarch64", ["-L", Sysroot, .. cpu is null ? Array.Empty<string>() : ["-cpu", cpu],
            .. libraryPath is null ? Array.Empty<string>() : ["-E", "LD_LIBRARY_PATH=" + libraryPath], program],
            Path.GetDirectoryName(program)!, TimeSpan.FromMinutes(1));
}

/// <summary>A fact that is skipped, with the reason, where the AArch64 cross toolchain is not installed.</summary>
public sealed class AArch64FactAttribute : FactAttribute
{
    public AArch64FactAttribute()
    {
        if (AArch64Toolchain.Missing is { } why) Skip = why;
    }

    /// <summary>The test also needs rustc-web and its aarch64 std (RustStd), and is skipped where they are missing.</summary>
    public bool Rust { get => _rust; set => Skip ??= (_rust = value) ? RustStd.Missing : null; }

    private bool _rust;
}

/// <summary>A theory that is skipped, with the reason, where the AArch64 cross toolchain is not installed.</summary>
public sealed class AArch64TheoryAttribute : TheoryAttribute
{
    public AArch64TheoryAttribute()
    {
        if (AArch64Toolchain.Missing is { } why) Skip = why;
    }

    /// <summary>The test also needs rustc-web and its aarch64 std (RustStd), and is skipped where they are missing.</summary>
    public bool Rust { get => _rust; set => Skip ??= (_rust = value) ? RustStd.Missing : null; }

    private bool _rust;
}
