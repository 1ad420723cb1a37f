// AArch64 general- and local-dynamic TLS (-mtls-dialect=trad: `adrp; add; bl __tls_get_addr; nop`): an executable
// relaxes the sequences as GNU ld does (its own variables to local exec, a library's to initial exec, the local-dynamic
// block base to TP + the TCB; the .text bytes compared with GNU ld's), and a shared object keeps them, its GOT pairs
// filled by DTPMOD64/DTPREL64 and its module slot by DTPMOD64. Threads each see their own copies, in every mode.
using Wild.Engine.Elf;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class AArch64DynamicTlsTests
{
    private const string Program = """
        #include <pthread.h>
        #include <stdio.h>
        __thread int counter = 5;
        static __thread long big = 1000;
        int get_ld(void);
        static void *worker(void *arg)
        {
            counter += (int)(long)arg;
            big += (long)arg * 2;
            return (void *)(long)(counter + big + get_ld());
        }
        int main(void)
        {
            pthread_t t[3];
            long r[3];
            for (long i = 0; i < 3; i++) pthread_create(&t[i], 0, worker, (void *)(i + 1));
            for (int i = 0; i < 3; i++) { void *v; pthread_join(t[i], &v); r[i] = (long)v; }
            printf("%ld %ld %ld %d %ld %d\n", r[0], r[1], r[2], counter, big, get_ld());
            return 0;
        }
        """;

    // Local dynamic by hand (gcc's trad dialect uses general dynamic with a section anchor): the block base, then
    // a and b at their DTP-relative offsets through ADD HI12/LO12 and an LDST form; each call adds one to b.
    private const string LocalDynamic = """
          .text
          .globl get_ld
          .type get_ld, %function
        get_ld:
          stp x29, x30, [sp, -16]!
          adrp x0, :tlsldm:a
          add x0, x0, :tlsldm_lo12_nc:a
          bl __tls_get_addr
          nop
          add x1, x0, #:dtprel_hi12:b, lsl #12
          add x1, x1, #:dtprel_lo12_nc:b
          ldr w2, [x1]
          add w3, w2, 1
          str w3, [x1]
          ldr w0, [x0, #:dtprel_lo12:a]
          add w0, w0, w2
          ldp x29, x30, [sp], 16
          ret
          .section .tdata,"awT",@progbits
          .p2align 2
        a: .word 21
        b: .word 17
          .section .note.GNU-stack,"",@progbits
        """;

    private const string Expected = "1046 1049 1052 5 1000 38\n";

    [AArch64Theory]
    [InlineData("-static")]
    [InlineData("-static-pie")]
    [InlineData("-pie")]
    [InlineData("-no-pie")]
    public void ProgramWithThreadsRunsAsTheCrossGnuLdLinksIt(string mode)
    {
        using var link = new AArch64CrossLink();
        link.Write("prog.c", Program);
        link.Run(AArch64CrossLink.Gcc, "-O2", "-fPIC", "-mtls-dialect=trad", "-c", "prog.c", "-o", "prog.o");
        AArch64Toolchain.Assemble(link.Dir, "ld", LocalDynamic);
        Assert.Contains("R_AARCH64_TLSGD_ADR_PAGE21", link.Run("aarch64-linux-gnu-readelf", "-rW", "prog.o").Stdout);
        link.LinkBoth(AArch64CrossLink.Gcc, [mode, "prog.o", "ld.o", "-pthread"]);
        link.AssertSameRun(Expected);
        // No PLT entry for the __tls_get_addr calls the relaxation removed, as in GNU ld.
        Assert.DoesNotContain("__tls_get_addr", link.Run("aarch64-linux-gnu-readelf", "--dyn-syms", "-W", "wild").Stdout);
    }

    /// <summary>The relaxed words are GNU ld's: movz/movk x0 + mrs x1 + add x0, x1, x0 for an own variable's general
    /// dynamic access, mrs x0 + add x0, x0, #16 + nop for local dynamic, the DTP-relative offsets from the block.
    /// A block aligned beyond 16 starts further from the thread pointer: wild's local-dynamic base is that start,
    /// where GNU ld 2.40 still adds 16, so its offsets then miss the variables (the one place the words differ).</summary>
    [AArch64Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void RelaxationsWriteGnuLdsInstructions(int alignLog2)
    {
        using var dir = new Scratch();
        string obj = AArch64Toolchain.Assemble(dir, "gd", $$"""
            .text
            .globl _start
            _start:
              adrp x0, :tlsgd:v
              add  x0, x0, :tlsgd_lo12:v
              bl   __tls_get_addr
              nop
              adrp x0, :tlsldm:w
              add  x0, x0, :tlsldm_lo12_nc:w
              bl   __tls_get_addr
              nop
              add  x1, x0, #:dtprel_hi12:w, lsl #12
              add  x1, x1, #:dtprel_lo12_nc:w
              movz x2, #:dtprel_g1:w
              movk x2, #:dtprel_g0_nc:w
              ldr  x3, [x0, #:dtprel_lo12_nc:w]
              ret
            .globl __tls_get_addr
            __tls_get_addr:
              ret
            .section .tbss,"awT",@nobits
            .p2align {{alignLog2}}
            v: .zero 8
            w: .zero 8
            """);
        string wild = dir.PathOf("wild"), gnu = dir.PathOf("gnu");
        Tools.Link(Tools.Bare(wild, obj) with { Machine = ElfConstants.EM_AARCH64 });
        Tools.Run("aarch64-linux-gnu-ld", dir.Dir, "-static", obj, "-o", gnu);
        byte[] ours = AArch64LinkTests.TextOf(wild), theirs = AArch64LinkTests.TextOf(gnu);
        uint blockStart = 0x91000000u | (uint)Math.Max(16, 1 << alignLog2) << 10; // add x0, x0, #(block - TP)
        if (alignLog2 > 4)
        {
            Assert.Equal(0x91004000u, BitConverter.ToUInt32(theirs, 20));
            Array.Copy(BitConverter.GetBytes(blockStart), 0, theirs, 20, 4);
        }
        Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(ours));
        Assert.Equal(blockStart, BitConverter.ToUInt32(ours, 20));
        Assert.Equal(0xd53bd041u, BitConverter.ToUInt32(ours, 8));  // mrs x1, tpidr_el0 where the call was
        Assert.Equal(0xd53bd040u, BitConverter.ToUInt32(ours, 16)); // mrs x0, tpidr_el0 where the local-dynamic adrp was
    }

    /// <summary>A shared object keeps both models: wild's library works under GNU ld's program as GNU ld's does, with
    /// a DTPMOD64/DTPREL64 pair per general-dynamic variable and one DTPMOD64 module slot.</summary>
    [AArch64Fact]
    public void SharedObjectKeepsGeneralAndLocalDynamicTls()
    {
        using var link = new AArch64CrossLink();
        link.Write("lib.c", Program.Replace("int main(void)", "int lib_main(void)"));
        link.Write("main.c", "int lib_main(void);\nint main(void) { return lib_main(); }\n");
        link.Run(AArch64CrossLink.Gcc, "-O2", "-fPIC", "-mtls-dialect=trad", "-c", "lib.c", "-o", "lib.o");
        link.Run(AArch64CrossLink.Gcc, "-O2", "-c", "main.c", "-o", "main.o");
        AArch64Toolchain.Assemble(link.Dir, "ld", LocalDynamic);
        link.LinkBoth(AArch64CrossLink.Gcc, ["-shared", "lib.o", "ld.o", "-pthread"], "wild-lib/libt.so", "gnu-lib/libt.so");
        link.Run(AArch64CrossLink.Gcc, "main.o", "-Lgnu-lib", "-lt", "-pthread", "-o", "main");
        link.AssertSameRun(Expected, gnu: "main", libraryPath: "gnu-lib", wild: "main", wildLibraryPath: "wild-lib");
        string relocations = link.Run("aarch64-linux-gnu-readelf", "-rW", "wild-lib/libt.so").Stdout;
        Assert.Contains("R_AARCH64_TLS_DTPMOD64", relocations);
        Assert.Contains("R_AARCH64_TLS_DTPREL64", relocations);
    }

    /// <summary>The tiny code model's one-instruction forms (ADR of the GOT pair) are still refused by name.</summary>
    [AArch64Fact]
    public void TinyModelGeneralDynamicIsRefusedByName()
    {
        using var dir = new Scratch();
        string obj = AArch64Toolchain.Assemble(dir, "tiny", """
            .text
            .globl _start
            _start:
              adr x0, :tlsgd:v
              bl  __tls_get_addr
              nop
              ret
            __tls_get_addr:
              ret
            .section .tbss,"awT",@nobits
            v: .zero 4
            """);
        var e = Assert.Throws<Diagnostics.LinkException>(() => Tools.Link(Tools.Bare(dir.PathOf("out"), obj) with { Machine = ElfConstants.EM_AARCH64 }));
        Assert.Equal(Diagnostics.ErrorId.UnsupportedRelocation, e.Id);
        Assert.Contains("general-dynamic TLS in the tiny or large code model (R_AARCH64_TLSGD_ADR_PREL21", e.Message);
    }
}
