// AArch64 range-extension thunks as GNU ld's veneers: under a -T script that puts code in MEMORY regions 512 MiB
// apart (firmware-style, with and without a body the script's address walk lays out) the calls both ways go through
// thunks and the program exits as the cross GNU ld's does under qemu-user; in .symtab each thunk is the local function
// GNU ld names `__<target>_veneer` (a section symbol's target: `___veneer`; an addend does not change the name) with a
// `$x` mapping symbol, and the link map shows each group's thunks as a `linker stubs` section named as GNU ld's map
// names it (`.text.stub`). Skipped where the cross toolchain or qemu is missing.
using System.Text.RegularExpressions;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed partial class AArch64VeneerTests
{
    // _start calls into .far and back: a BL and a B each way, no libc (the exit status carries the result).
    private const string Firmware = """
          .text
          .globl _start
          .type _start, %function
        _start:
          mov w0, 5
          bl far_add
          bl far_tail_entry
          mov w8, 93
          svc 0
          .size _start, .-_start
          .globl near_double
          .type near_double, %function
        near_double:
          add w0, w0, w0
          ret
          .size near_double, .-near_double
          .section .far,"ax",@progbits
          .globl far_add
          .type far_add, %function
        far_add:
          stp x29, x30, [sp, -16]!
          add w0, w0, 2
          bl near_double
          ldp x29, x30, [sp], 16
          ret
          .size far_add, .-far_add
          .globl far_tail_entry
          .type far_tail_entry, %function
        far_tail_entry:
          add w0, w0, 1
          b near_double
          .size far_tail_entry, .-far_tail_entry
        """;

    private const string Script = """
        MEMORY { ROM (rx) : ORIGIN = 0x10000000, LENGTH = 1M
                 FAR (rx) : ORIGIN = 0x30000000, LENGTH = 1M
                 RAM (rw) : ORIGIN = 0x40000000, LENGTH = 1M }
        ENTRY(_start)
        SECTIONS {
          .text : { TEXT } > ROM
          .far : { *(.far) } > FAR
          .data : { *(.data) } > RAM
          .bss : { *(.bss) } > RAM
        }
        """;

    [AArch64Theory]
    [InlineData("*(.text .text.*)")]
    [InlineData("*(.text) . = ALIGN(16); BYTE(0x11) . = ALIGN(8);")]
    public void ScriptRegionsFarApartReachEachOtherThroughVeneers(string text)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = AArch64Toolchain.Assemble(dir, "fw", Firmware);
        dir.Write("fw.ld", Script.Replace("TEXT", text));
        Tools.Run("aarch64-linux-gnu-ld", dir.Dir, "-T", "fw.ld", obj, "-o", "gnu", "-Map", "gnu.map");
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, "-T", "fw.ld", obj, "-o", "wild", "-Map", "wild.map");

        Assert.Equal(30, AArch64Toolchain.Run(dir.PathOf("gnu")).ExitCode);
        var ours = AArch64Toolchain.Run(dir.PathOf("wild"));
        Assert.True(ours.ExitCode == 30, $"wild's program exits {ours.ExitCode}, GNU ld's 30:\n{ours.Describe()}");
        Assert.Equal(["__far_add_veneer", "__far_tail_entry_veneer", "__near_double_veneer"], Veneers(dir.PathOf("gnu")));
        Assert.Equal(Veneers(dir.PathOf("gnu")), Veneers(dir.PathOf("wild")));
        Assert.Equal([".far.stub", ".text.stub"], GnuStubSections(dir.PathOf("gnu.map")));
        Assert.Equal(GnuStubSections(dir.PathOf("gnu.map")), WildStubSections(dir.PathOf("wild.map")));
        // The map lists each veneer under its stub section.
        Assert.Contains("__near_double_veneer", File.ReadAllText(dir.PathOf("wild.map")));
    }

    /// <summary>The default layout: a global target, the same one with an addend, a global at the far end, a local
    /// target a relocation names by its section symbol, and a call back; names and stub sections as GNU ld's.</summary>
    [AArch64Fact]
    public void VeneersAreNamedAsGnuLdNamesThem()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        AArch64Toolchain.Assemble(dir, "near", """
              .text
              .globl _start
              .type _start, %function
            _start:
              bl far_fn
              bl far_global
              b far_fn
              bl far_fn+8
              ret
              .size _start, .-_start
            """);
        // 128 MiB of code between the callers and everything they call.
        AArch64Toolchain.Assemble(dir, "local", """
              .text
              .globl call_local
            call_local:
              bl lf
              ret
              .section .text.far,"ax",@progbits
              .space 0x8000000
              .type lf, %function
            lf: ret
            """);
        AArch64Toolchain.Assemble(dir, "far", """
              .section .text.far,"ax",@progbits
              .globl far_fn
              .type far_fn, %function
            far_fn:
              ret
              nop
              bl _start
              ret
              .globl far_global
            far_global:
              ret
            """);
        string[] objects = ["near.o", "local.o", "far.o"];
        Tools.Run("aarch64-linux-gnu-ld", dir.Dir, [.. objects, "-o", "gnu", "-Map", "gnu.map"]);
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, [.. objects, "-o", "wild", "-Map", "wild.map"]);

        var gnu = Veneers(dir.PathOf("gnu"));
        Assert.Equal(["___start_veneer", "___veneer", "__far_fn_veneer", "__far_fn_veneer", "__far_global_veneer"], gnu);
        Assert.Equal(gnu, Veneers(dir.PathOf("wild")));
        Assert.Equal(GnuStubSections(dir.PathOf("gnu.map")), WildStubSections(dir.PathOf("wild.map")));

        // -x and --retain-symbols-file leave the veneers, as in GNU ld's output.
        dir.Write("retain.txt", "_start\n");
        foreach (string[] option in new[] { new[] { "-x" }, new[] { "--retain-symbols-file", "retain.txt" } })
        {
            Tools.Run("aarch64-linux-gnu-ld", dir.Dir, [.. option, .. objects, "-o", "gnu-filtered"]);
            Tools.Run(Path.Combine(dist, "wild"), dir.Dir, [.. option, .. objects, "-o", "wild-filtered"]);
            Assert.Equal(gnu, Veneers(dir.PathOf("gnu-filtered")));
            Assert.Equal(gnu, Veneers(dir.PathOf("wild-filtered")));
        }

        // objdump -d shows each thunk under its name.
        string disassembly = Tools.Run("aarch64-linux-gnu-objdump", dir.Dir, "-d", "wild").Stdout;
        Assert.Contains("<__far_global_veneer>:", disassembly);
        Assert.Contains("<___start_veneer>:", disassembly);
    }

    /// <summary>The veneer symbols of an output, sorted; each must be a local function of a thunk's 12 bytes with a
    /// `$x` mapping symbol at its address (GNU ld's are 12 bytes too).</summary>
    private static string[] Veneers(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        var symbols = ((ISymbolTable)elf.GetSection(".symtab")).Entries.Cast<SymbolEntry<ulong>>().ToList();
        var veneers = symbols.Where(s => s.Name.EndsWith("_veneer", StringComparison.Ordinal)).ToList();
        foreach (var v in veneers)
        {
            Assert.True(v.Type == SymbolType.Function && v.Binding == SymbolBinding.Local && v.Size == 12, $"{path}: {v.Name} is {v.Binding} {v.Type} of {v.Size} bytes");
            Assert.Contains(symbols, s => s.Name == "$x" && s.Value == v.Value);
        }
        return [.. veneers.Select(v => v.Name).Order(StringComparer.Ordinal)];
    }

    /// <summary>GNU ld's map: the names of the sections it made for veneers (`.text.stub  0x... linker stubs`, the
    /// address on the next line when the name is long).</summary>
    private static string[] GnuStubSections(string map) =>
        [.. GnuStub().Matches(File.ReadAllText(map)).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"^ (\S+\.stub)\s+0x[0-9a-f]+\s+0x[0-9a-f]+ linker stubs$", RegexOptions.Multiline)]
    private static partial Regex GnuStub();

    private static string[] WildStubSections(string map) =>
        [.. WildStub().Matches(File.ReadAllText(map)).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"linker stubs:\((\S+)\)$", RegexOptions.Multiline)]
    private static partial Regex WildStub();
}
