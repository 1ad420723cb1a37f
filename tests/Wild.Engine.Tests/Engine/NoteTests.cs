// Notes in the output compared with GNU ld's on the same gcc links: note sections of alignment 4 and 8 grouped into
// one PT_NOTE per alignment in GNU ld's order, and .note.gnu.property merged as GNU ld merges it (x86 ISA needed
// and used, feature_2 used, IBT/SHSTK, indirect external access, -z x86-64-vN). readelf reads both outputs.
using System.Text.RegularExpressions;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class NoteTests
{
    private const string ExtraNotes = """
                .section .note.a4,"a",@note
                .p2align 2
                .long 4, 4, 1
                .asciz "AAA"
                .long 0x11111111
                .section .note.b8,"a",@note
                .p2align 3
                .long 4, 8, 2
                .asciz "BBB"
                .quad 0x2222222222222222
                .section .note.c4,"a",@note
                .p2align 2
                .long 4, 4, 3
                .asciz "CCC"
                .long 0x33333333
                .section .note.GNU-stack,"",@progbits
        """;

    /// <summary>Links with GNU ld (gcc's default) and with wild (gcc -B dist/); both programs must run.</summary>
    private static (string Gnu, string Wild) LinkBoth(Scratch dir, string name, bool run, params string[] args)
    {
        string dist = CorpusCatalog.RequireDist();
        string gnu = dir.PathOf(name + ".gnu"), wild = dir.PathOf(name + ".wild");
        Tools.Run("gcc", dir.Dir, [.. args, "-o", gnu]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", .. args, "-o", wild]);
        if (run)
        {
            Tools.Run(gnu, dir.Dir);
            Tools.Run(wild, dir.Dir);
        }
        return (gnu, wild);
    }

    /// <summary>Each PT_NOTE as "align: sections", from readelf's program headers and section-to-segment map.</summary>
    private static List<string> NoteSegments(Scratch dir, string file)
    {
        string text = Tools.Run("readelf", dir.Dir, "-lW", file).Stdout;
        var headers = Regex.Matches(text, @"^\s{2}(\w+)\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+[RWE ]+\s+(0x[0-9a-f]+)\s*$",
            RegexOptions.Multiline).Select(m => (Type: m.Groups[1].Value, Align: m.Groups[2].Value)).ToList();
        var mapping = Regex.Matches(text, @"^\s+(\d\d)\s+(.*?)\s*$", RegexOptions.Multiline)
            .ToDictionary(m => int.Parse(m.Groups[1].Value), m => m.Groups[2].Value);
        Assert.NotEmpty(headers);
        return headers.Select((h, i) => (h, i)).Where(x => x.h.Type == "NOTE").Select(x => $"{x.h.Align}: {mapping[x.i]}").ToList();
    }

    private static string Properties(Scratch dir, string file) =>
        string.Join("\n", Tools.Run("readelf", dir.Dir, "-nW", file).Stdout.Split('\n')
            .Where(l => l.Contains("Properties:") || l.StartsWith('\t')).Select(l => l.Trim()));

    [Theory]
    [InlineData("-no-pie")]
    [InlineData("-pie")]
    [InlineData("-static")]
    [InlineData("-static-pie")]
    [InlineData("-pie", "-Wl,--build-id=none")]
    public void NotesOfDifferentAlignmentAreGroupedAsGnuLdGroupsThem(string mode, string extra = "-Wl,--build-id")
    {
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", "int main(void) { return 0; }\n", mode == "-no-pie" || mode == "-static" ? "-fno-pie" : "-fPIE");
        string notes = Tools.Assemble(dir, "notes", ExtraNotes);
        var (gnu, wild) = LinkBoth(dir, "prog", run: true, mode, extra, main, notes);
        var expected = NoteSegments(dir, gnu);
        Assert.Equal(2, expected.Count); // the fixture: one PT_NOTE per alignment
        Assert.Equal(expected, NoteSegments(dir, wild));
    }

    [Theory]
    // crt1.o's "ISA needed: x86-64-baseline" ORed into the output; the objects' "used" properties dropped (crti.o has none).
    [InlineData("used", false, "-fcf-protection=full", "-Wa,-mx86-used-note=yes")]
    // -nostdlib: every object has them, so "ISA used" and "feature used" survive, IBT and SHSTK too, and
    // -mno-direct-extern-access's "1_needed: indirect external access" is ORed in.
    [InlineData("all-used", true, "-fcf-protection=full", "-Wa,-mx86-used-note=yes", "-mno-direct-extern-access")]
    [InlineData("cet", false, "-fcf-protection=full")]
    [InlineData("isa-v3", false, "-Wl,-z,x86-64-v3")]
    [InlineData("isa-last-wins", true, "-Wa,-mx86-used-note=yes", "-Wl,-z,x86-64-v4", "-Wl,-z,x86-64-v2")]
    public void PropertyNoteIsMergedAsGnuLdMergesIt(string name, bool nostdlib, params string[] flags)
    {
        using var dir = new Scratch();
        string[] compile = [.. flags.Where(f => !f.StartsWith("-Wl,", StringComparison.Ordinal))];
        string a = Tools.CompileC(dir, "a", "int helper(int);\nint main(void) { return helper(1) - 3; }\n", ["-fPIE", .. compile]);
        string b = Tools.CompileC(dir, "b", "int helper(int x) { return 3 * x; }\n", ["-fPIE", .. compile]);
        string[] link = nostdlib ? ["-nostdlib", "-Wl,-e,main", .. flags, a, b] : [.. flags, a, b];
        var (gnu, wild) = LinkBoth(dir, name, run: !nostdlib, link);
        string expected = Properties(dir, gnu);
        Assert.NotEqual("", expected);
        Assert.Equal(expected, Properties(dir, wild));
    }

    /// <summary>One NT_GNU_PROPERTY_TYPE_0 note with x86 ISA needed and used (as binutils' property-x86-3 writes them).</summary>
    private static string IsaNote(uint needed, uint used) => $$"""
                .section .note.gnu.property,"a"
                .p2align 3
                .long 4, 32, 5
                .asciz "GNU"
                .long 0xc0008002, 4, {{needed}}, 0
                .long 0xc0010002, 4, {{used}}, 0

        """;

    [Fact]
    public void AnObjectsRepeatedPropertiesAreOredAsGnuLdOrsThem()
    {
        // Two notes in one object: GNU ld ORs each property's values within the object (needed 0x3|0x30, used
        // 0xa|0xa0); Wild kept only the first note's.
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "twonotes", ".text\n.globl _start\n_start:\n ret\n" + IsaNote(0x3, 0xa) + IsaNote(0x30, 0xa0));
        var (gnu, wild) = LinkBoth(dir, "twonotes", run: false, "-nostdlib", "-Wl,-e,_start", obj);
        string expected = Properties(dir, gnu);
        Assert.Contains("<unknown: 20>", expected, StringComparison.Ordinal); // the fixture: the second note's bits
        Assert.Equal(expected, Properties(dir, wild));
    }
}
