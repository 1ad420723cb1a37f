// What GNU ld does under a -T script where the script says nothing, compared with GNU ld link by link: the entry point
// without ENTRY ("start", else the start of .text; in a shared object "start" or nothing), the no-op instructions it
// pads code sections with (also without a script), and, under -z separate-code, the read-only PT_LOAD of its own that
// the ELF and program headers get when the first section is code.
using System.Text.RegularExpressions;
using static Wild.Engine.Tests.Engine.ScriptLinkSupport;

namespace Wild.Engine.Tests.Engine;

public sealed class ScriptDefaultsTests
{
    private const string Stack = ".section .note.GNU-stack,\"\",@progbits\n";
    // exit(7) by system call: a program that runs without the C library.
    private const string Exit7 = "mov $60, %eax\nmov $7, %edi\nsyscall\n";

    private static ulong Entry(Scratch dir, string file) =>
        Convert.ToUInt64(Regex.Match(Tools.Run("readelf", dir.Dir, "-hW", file).Stdout, @"Entry point address:\s+0x([0-9a-f]+)").Groups[1].Value, 16);

    private static ulong SymbolValue(Scratch dir, string file, string name) =>
        Convert.ToUInt64(Symbol(dir, file, name).Split(' ')[0], 16);

    private static string Hex(Scratch dir, string file, string section) =>
        string.Join('\n', Tools.Run("readelf", dir.Dir, "-x", section, file).Stdout.Split('\n').Where(l => l.StartsWith("  0x", StringComparison.Ordinal)));

    [Fact]
    public void WithoutEntryTheProgramStartsAtStartOrTheFirstByteOfText()
    {
        using var dir = new Scratch();
        string script = dir.Write("noentry.ld", "SECTIONS { . = 0x400000 + SIZEOF_HEADERS; .text : { *(.text) } }\n");
        // `start` is not the first byte of .text: only the symbol lookup finds it.
        string withStart = Tools.Assemble(dir, "withstart", Stack + ".text\nfiller: ret\n.globl start\nstart:\n" + Exit7);
        var (gnu, wild) = LinkBoth(dir, "-static", "-nostdlib", "-Wl,--build-id=none", "-Wl,-T," + script, withStart);
        Assert.Equal(SymbolValue(dir, gnu, "start"), Entry(dir, gnu));
        Assert.Equal(SymbolValue(dir, wild, "start"), Entry(dir, wild));
        AssertSameRun(gnu, wild, 7);
        // No `start`: the first byte of .text (here the code that exits), with no warning from either linker.
        string first = Tools.Assemble(dir, "first", Stack + ".text\n.globl _start\n" + Exit7 + "_start: ret\n");
        (gnu, wild) = LinkBoth(dir, "-static", "-nostdlib", "-Wl,--build-id=none", "-Wl,-T," + script, first);
        Assert.Equal(Convert.ToUInt64(AllocSections(dir, gnu).Single(s => s.StartsWith(".text ", StringComparison.Ordinal)).Split(' ')[2], 16), Entry(dir, gnu));
        Assert.Equal(Convert.ToUInt64(AllocSections(dir, wild).Single(s => s.StartsWith(".text ", StringComparison.Ordinal)).Split(' ')[2], 16), Entry(dir, wild));
        AssertSameRun(gnu, wild, 7);
        // A shared object: `start` when there is one, else no entry point at all (not .text).
        (gnu, wild) = LinkBoth(dir, "-shared", "-nostdlib", "-Wl,--build-id=none", "-Wl,-T," + script, withStart);
        Assert.Equal(SymbolValue(dir, gnu, "start"), Entry(dir, gnu));
        Assert.Equal(SymbolValue(dir, wild, "start"), Entry(dir, wild));
        (gnu, wild) = LinkBoth(dir, "-shared", "-nostdlib", "-Wl,--build-id=none", "-Wl,-T," + script, first);
        Assert.Equal(0ul, Entry(dir, gnu));
        Assert.Equal(0ul, Entry(dir, wild));
    }

    [Fact]
    public void CodePaddingIsNopsAsGnuLdWritesIt()
    {
        using var dir = new Scratch();
        // Gaps of every remainder modulo ten (1 to 10 bytes of code before a 64-byte aligned function), so that every
        // no-op length GNU ld uses appears, plus whole ten-byte ones.
        var objects = new List<string> { Tools.Assemble(dir, "start", Stack + ".text\n.globl _start\n_start:\n" + Exit7) };
        for (int n = 1; n <= 10; n++)
        {
            objects.Add(Tools.Assemble(dir, $"pad{n}", Stack + $".text\n.fill {n}, 1, 0xcc\n"));
            objects.Add(Tools.Assemble(dir, $"aligned{n}", Stack + $".text\n.p2align 6\nf{n}: ret\n"));
        }
        // The default layout.
        var (gnu, wild) = LinkBoth(dir, ["-static", "-nostdlib", "-Wl,--build-id=none", .. objects]);
        Assert.Equal(Hex(dir, gnu, ".text"), Hex(dir, wild, ".text"));
        AssertSameRun(gnu, wild, 7);
        // A script's body: `. = ALIGN(32)` and `. += 13` between inputs pad with no-ops too; `=fill` wins where given.
        string script = dir.Write("pad.ld", """
            SECTIONS {
              . = 0x400000 + SIZEOF_HEADERS;
              .text : { *start.o(.text) . = ALIGN(32); *pad3.o(.text) . += 13; *aligned1.o(.text) BYTE(7) *aligned2.o(.text) }
              .filled : { *(.text) } =0x01
            }
            """);
        (gnu, wild) = LinkBoth(dir, ["-static", "-nostdlib", "-Wl,--build-id=none", "-Wl,-T," + script, .. objects]);
        Assert.Equal(AllocSections(dir, gnu), AllocSections(dir, wild));
        Assert.Equal(Hex(dir, gnu, ".text"), Hex(dir, wild, ".text"));
        Assert.Equal(Hex(dir, gnu, ".filled"), Hex(dir, wild, ".filled"));
        AssertSameRun(gnu, wild, 7);
    }

    [Theory]
    [InlineData("-Wl,-z,separate-code")]
    [InlineData("-Wl,-z,noseparate-code")]
    public void HeadersBeforeCodeGetTheirOwnLoadUnderSeparateCode(string separate)
    {
        using var dir = new Scratch();
        string script = dir.Write("hdr.ld", """
            SECTIONS {
              . = 0x400000 + SIZEOF_HEADERS;
              .text : { *(.text) }
              .data : { *(.data) }
            }
            """);
        string obj = Tools.Assemble(dir, "prog", Stack + ".text\n.globl _start\n_start:\n" + Exit7 + ".data\n.long 1\n");
        var (gnu, wild) = LinkBoth(dir, "-static", "-nostdlib", "-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments", separate, "-Wl,-T," + script, obj);
        Assert.Equal(ProgramHeaders(dir, gnu), ProgramHeaders(dir, wild));
        Assert.Equal(AllocSections(dir, gnu), AllocSections(dir, wild));
        AssertSameRun(gnu, wild, 7);
    }
}
