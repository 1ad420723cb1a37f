// Reports of a partial link (-r with -Map, --cref, --why-extract, --dependency-file; issue 16): GNU ld -r and wild -r
// over the same objects and archive, and the two maps must place the same input sections at the same offsets in their
// output sections (sections lie at address 0 in a -r output) and list the same global symbols there.
using System.Globalization;
using System.Text.RegularExpressions;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed partial class RelocatableReportTests
{
    private const string A = """
        #include <stdio.h>
        static int local_fn(int x) { return x + 1; }
        int foo(int x) { puts("hello"); return local_fn(x); }
        int table[16] = { 1 };
        extern int bar(int);
        int main(void) { printf("%d\n", foo(1) + bar(2) + table[0]); return 0; }
        """;

    private const string B = """
        int bar(int x) { return x * 2; }
        int zeroed[8];
        """;

    [Theory]
    [InlineData("")]
    [InlineData("--gc-sections -e main")]
    public void MapPlacesInputsAsGnuLd(string options)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string a = Tools.CompileC(dir, "a", A, "-ffunction-sections");
        string b = Tools.CompileC(dir, "b", B);
        Tools.Run("ar", dir.Dir, ["rc", "libb.a", b]);
        string[] args = ["-r", .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries), a, "libb.a", "--cref"];
        Tools.Run("ld.bfd", dir.Dir, [.. args, "-Map=gnu.map", "-o", "gnu.o"]);
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, [.. args, "-Map=wild.map", "--why-extract=why.txt", "--dependency-file=dep.d", "-o", "wild.o"]);

        var gnu = GnuInputs(File.ReadAllText(dir.PathOf("gnu.map")));
        var wild = WildInputs(File.ReadAllText(dir.PathOf("wild.map")));
        Assert.NotEmpty(gnu);
        // .eh_frame aside: GNU ld re-pads each input's last FDE (docs/partial-links.md), so its pieces' sizes differ.
        gnu.RemoveAll(e => e.StartsWith(".eh_frame ", StringComparison.Ordinal));
        wild.RemoveAll(e => e.StartsWith(".eh_frame ", StringComparison.Ordinal));
        Assert.Equal(gnu.Order(StringComparer.Ordinal), wild.Order(StringComparer.Ordinal));
        string map = File.ReadAllText(dir.PathOf("wild.map"));
        // The symbols GNU ld lists, at the same offsets (wild lists the locals too).
        foreach (Match m in GnuSymbol().Matches(File.ReadAllText(dir.PathOf("gnu.map"))))
            Assert.Matches($@"\s{ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber):x}\s+\S+\s+\S+\s+{Regex.Escape(m.Groups[2].Value)}\r?\n", map);
        Assert.Contains("Cross Reference Table", map, StringComparison.Ordinal);
        Assert.Matches(@"\nbar\s+\S*libb\.a\(b\.o\)\r?\n\s+\S*a\.o\r?\n", map);
        // bar pulled b.o out of libb.a, as --why-extract says; the dependency file names the archive.
        Assert.Contains("libb.a(b.o)", File.ReadAllText(dir.PathOf("why.txt")), StringComparison.Ordinal);
        Assert.Contains("libb.a", File.ReadAllText(dir.PathOf("dep.d")), StringComparison.Ordinal);
        if (options.Contains("--gc-sections", StringComparison.Ordinal))
            Assert.DoesNotContain(".data.zeroed", map, StringComparison.Ordinal);
    }

    /// <summary>"section file offset size" for each input section of size > 0 in GNU ld's map (its script lines, notes,
    /// groups and discarded sections left out); the file by its last path element (a member as archive(member)).</summary>
    private static List<string> GnuInputs(string map)
    {
        int end = map.IndexOf("\nCross Reference Table", StringComparison.Ordinal);
        int start = map.IndexOf("\nLinker script and memory map", StringComparison.Ordinal);
        string body = map[start..(end < 0 ? map.Length : end)];
        var list = new List<string>();
        foreach (Match m in GnuInput().Matches(body))
        {
            ulong size = ulong.Parse(m.Groups[3].Value, NumberStyles.HexNumber);
            string section = m.Groups[1].Value;
            if (size == 0 || section.StartsWith(".note", StringComparison.Ordinal) || section == ".group") continue;
            list.Add($"{section} {Path.GetFileName(m.Groups[4].Value.Trim())} {ulong.Parse(m.Groups[2].Value, NumberStyles.HexNumber):x} {size:x}");
        }
        return list;
    }

    /// <summary>The same from wild's map: its input lines (file:(section)) under their output sections.</summary>
    private static List<string> WildInputs(string map)
    {
        var list = new List<string>();
        foreach (Match m in WildInput().Matches(map))
        {
            ulong size = ulong.Parse(m.Groups[2].Value, NumberStyles.HexNumber);
            string section = m.Groups[4].Value;
            if (size == 0 || section.StartsWith(".note", StringComparison.Ordinal)) continue;
            list.Add($"{section} {Path.GetFileName(m.Groups[3].Value)} {ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber):x} {size:x}");
        }
        return list;
    }

    // " .text.foo\n                0x0000000000000000       0x1b a.o" or on one line.
    [GeneratedRegex(@"^ (\.[^\s*]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+) (.+\.o\)?)$", RegexOptions.Multiline)]
    private static partial Regex GnuInput();

    [GeneratedRegex(@"^ {16}0x([0-9a-f]{16}) {16}(\w+)$", RegexOptions.Multiline)]
    private static partial Regex GnuSymbol();

    // "VMA LMA Size Align         file:(section)"
    [GeneratedRegex(@"^\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ {9}(\S+):\((\S+)\)$", RegexOptions.Multiline)]
    private static partial Regex WildInput();
}
