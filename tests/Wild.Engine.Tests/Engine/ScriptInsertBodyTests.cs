// INSERT scripts whose output sections have bodies GNU ld lays out itself: data (BYTE...SQUAD), FILL, `.` moves
// inside and between the inserted sections, SUBALIGN, ALIGN and explicit addresses. Each links the same object by
// GNU ld and by wild (gcc -B dist/) and compares the inserted sections (address, size, flags, alignment), the
// section after them, the script's symbols, the inserted sections' bytes and the programs' runs. The default layout
// before the insertion point differs a little between the two (.dynamic's size), so addresses are compared from
// where the script's `. = ALIGN(64)` starts, or as the absolute addresses the script gives.
using System.Globalization;
using System.Text.RegularExpressions;
using static Wild.Engine.Tests.Engine.ScriptLinkSupport;

namespace Wild.Engine.Tests.Engine;

public sealed class ScriptInsertBodyTests
{
    private const string Source = """
        #include <stdio.h>
        __attribute__((section(".myentries"), used)) static int e1 = 0x11111111;
        __attribute__((section(".myentries2"), used, aligned(8))) static long e2 = 0x2222;
        extern char __s_start[], __s_end[], __marker[];
        int main(void) { printf("%ld %x %lx\n", (long)(__s_end - __marker), *(volatile int *)&e1, *(volatile long *)&e2); return 0; }
        """;

    // `.` aligned and moved at the script's top level, data of every width and a fill inside the first section, a `.`
    // that pads its end, SUBALIGN raising the second one's alignment above what its input asks.
    private const string BodyScript = """
        SECTIONS {
          . = ALIGN(64);
          __s_start = .;
          .myentries : { LONG(0xdeadbeef) *(.myentries) . = ALIGN(16); BYTE(1) SHORT(2) QUAD(3) FILL(0x9090) . += 5; }
          __marker = .;
          . += 0x20;
          .myentries2 : SUBALIGN(32) { *(.myentries2) SQUAD(-1) }
          __s_end = .;
        } INSERT AFTER .data;
        """;

    /// <summary>name to (type, address, size, flags, alignment) of every section, from readelf -SW.</summary>
    private static Dictionary<string, (string Type, ulong Address, ulong Size, string Flags, string Align)> Sections(Scratch dir, string file) =>
        Regex.Matches(Tools.Run("readelf", dir.Dir, "-SW", file).Stdout,
                @"^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+([A-Z]*)\s+\d+\s+\d+\s+(\d+)\s*$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => (m.Groups[2].Value, Hex(m.Groups[3].Value), Hex(m.Groups[4].Value), m.Groups[5].Value, m.Groups[6].Value));

    private static ulong Hex(string s) => ulong.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static ulong SymbolValue(Scratch dir, string file, string name) => Hex(Symbol(dir, file, name).Split(' ')[0]);

    /// <summary>Where the allocated sections below an address end: `.` where the INSERT script takes effect (after
    /// .data, and in a static program the orphans GNU ld puts after it).</summary>
    private static ulong EndBefore(Dictionary<string, (string Type, ulong Address, ulong Size, string Flags, string Align)> sections, ulong address) =>
        sections.Values.Where(v => v.Flags.Contains('A') && v.Address < address && !(v.Flags.Contains('T') && v.Type == "NOBITS"))
            .Max(v => v.Address + v.Size);

    /// <summary>The inserted sections' bytes (objdump -s), without the address column.</summary>
    private static List<string> Bytes(Scratch dir, string file) =>
        Tools.Run("objdump", dir.Dir, "-s", "-j", ".myentries", "-j", ".myentries2", file).Stdout.Split('\n')
            .Where(l => l.StartsWith(' ')).Select(l => l.Trim().Split(' ', 2)[1]).ToList();

    /// <summary>What the body script decides, from `. = ALIGN(64)` after .data: the inserted sections and .bss
    /// (type, offset from there, size, flags, alignment; .bss's size is the default layout's), the script's symbols.</summary>
    private static List<string> BodyFacts(Scratch dir, string file)
    {
        var s = Sections(dir, file);
        ulong start = (EndBefore(s, s[".myentries"].Address) + 63) & ~63UL;
        var facts = new List<string>();
        foreach (string name in (string[])[".myentries", ".myentries2", ".bss"])
        {
            var (type, address, size, flags, align) = s[name];
            facts.Add($"{name} {type} +{address - start:x} {(name == ".bss" ? "" : $"{size:x}")} {flags} {align}");
        }
        foreach (string sym in (string[])["__s_start", "__marker", "__s_end"])
            facts.Add($"{sym} +{SymbolValue(dir, file, sym) - start:x}");
        return facts;
    }

    [Theory]
    [InlineData("-no-pie")]
    [InlineData("-pie")]
    [InlineData("-static")]
    [InlineData("-shared")]
    public void BodiesAndLocationCounterMovesLayOutAsGnuLd(string mode)
    {
        using var dir = new Scratch();
        string script = dir.Write("body.ld", BodyScript);
        string obj = Tools.CompileC(dir, "m", Source, "-O1", mode is "-no-pie" or "-static" ? "-fno-pie" : "-fPIC");
        var (gnu, wild) = LinkBoth(dir, mode, "-Wl,-T," + script, obj);
        if (mode != "-shared") AssertSameRun(gnu, wild, 0);
        var facts = BodyFacts(dir, wild);
        Assert.Equal(["__s_start +0", "__marker +20", "__s_end +50"], facts.Skip(3));
        Assert.Equal(BodyFacts(dir, gnu), facts);
        var bytes = Bytes(dir, wild);
        Assert.Equal(3, bytes.Count); // two lines of .myentries, one of .myentries2
        Assert.Equal(Bytes(dir, gnu), bytes);
    }

    [Theory]
    // An address far from the data: a PT_LOAD of its own, ALIGN on the next section, .bss after them.
    [InlineData(".myentries 0x600000 : { *(.myentries) } .myentries2 : ALIGN(256) { *(.myentries2) }", "0x600000")]
    // An address in the data segment that its input's alignment does not meet: GNU ld keeps it in that segment,
    // lowers the section's alignment, and puts the input a little way in.
    [InlineData(".myentries 0x404102 : { *(.myentries) } .myentries2 : { *(.myentries2) }", null)]
    public void AddressesAndAlignOnInsertedSectionsAreGnuLds(string sections, string? ownLoad)
    {
        using var dir = new Scratch();
        string script = dir.Write("addr.ld", $"SECTIONS {{ __s_start = .; {sections} __marker = .; __s_end = .; }} INSERT AFTER .data;");
        string obj = Tools.CompileC(dir, "m", Source, "-O1", "-fno-pie");
        var (gnu, wild) = LinkBoth(dir, "-no-pie", "-Wl,-T," + script, obj);
        AssertSameRun(gnu, wild, 0);
        var facts = new List<List<string>>();
        foreach (string file in (string[])[gnu, wild])
        {
            var s = Sections(dir, file);
            var f = new List<string> { $"__s_start after .data: {SymbolValue(dir, file, "__s_start") == EndBefore(s, s[".myentries"].Address)}" };
            f.AddRange(((string[])[".myentries", ".myentries2", ".bss"]).Select(n => $"{n} {s[n].Type} {s[n].Address:x} {(n == ".bss" ? "" : s[n].Size)} {s[n].Flags} {s[n].Align}"));
            f.AddRange(((string[])["__s_end", "_edata"]).Select(n => $"{n} {SymbolValue(dir, file, n):x}"));
            var loads = ProgramHeaders(dir, file).Where(h => h.StartsWith("LOAD", StringComparison.Ordinal)).ToList();
            f.Add($"{loads.Count} loads");
            // (Its memory size takes .bss's, whose size differs: GNU ld's default script pads .bss to 8 bytes.)
            if (ownLoad is not null)
                f.Add(string.Join(' ', loads.Single(h => h.Contains(" 0x0000000000" + ownLoad[2..] + " ", StringComparison.Ordinal)).Split(' ').Take(5)));
            facts.Add(f);
        }
        Assert.Equal(facts[0], facts[1]);
    }

    [Fact]
    public void CodeInsertedAfterTextComesBeforeFiniWithItsFillAsGnuLd()
    {
        using var dir = new Scratch();
        // GNU ld puts the script's statements right after .text's, so before .fini; the gap ALIGN leaves in code
        // takes the section's =fill, and the data after it follows.
        string script = dir.Write("code.ld", "SECTIONS { .mycode : { *(.mycode) . = ALIGN(64); BYTE(0xc3) } =0xcc } INSERT AFTER .text;");
        string obj = Tools.CompileC(dir, "c", """
            #include <stdio.h>
            __attribute__((section(".mycode"), noinline)) int mycode(void) { return 7; }
            int main(void) { printf("%d\n", mycode()); return 0; }
            """, "-O1", "-fno-pie");
        var (gnu, wild) = LinkBoth(dir, "-no-pie", "-Wl,-T," + script, obj);
        AssertSameRun(gnu, wild, 0);
        var facts = new List<List<string>>();
        foreach (string file in (string[])[gnu, wild])
        {
            var s = Sections(dir, file);
            var order = Regex.Matches(Tools.Run("readelf", dir.Dir, "-SW", file).Stdout, @"^\s*\[\s*\d+\]\s+(\S+)", RegexOptions.Multiline)
                .Select(m => m.Groups[1].Value).ToList();
            var (_, address, size, flags, align) = s[".mycode"];
            facts.Add([order[order.IndexOf(".text") + 1], order[order.IndexOf(".mycode") + 1],
                $"+{address - s[".text"].Address - s[".text"].Size:x} {size:x} {flags} {align}",
                .. Tools.Run("objdump", dir.Dir, "-s", "-j", ".mycode", file).Stdout.Split('\n').Where(l => l.StartsWith(' ')).Select(l => l.Trim().Split(' ', 2)[1])]);
        }
        Assert.Equal(".mycode", facts[1][0]);
        Assert.Equal(facts[0], facts[1]);
    }
}
