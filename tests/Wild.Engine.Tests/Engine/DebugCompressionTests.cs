// Compressed debug sections, read and written: objects whose .debug_* are SHF_COMPRESSED (gcc -gz=zlib, clang
// -gz=zstd) or legacy .zdebug_* are linked in process, with and without --compress-debug-sections, and the debug
// info is checked from outside: readelf's decoded line table equals GNU ld's for the same inputs, readelf -wi of a
// compressed output equals that of the plain one, and gdb finds the functions' files and lines as in GNU ld's
// program. A payload that does not decompress to its ch_size is an error naming the file and the section.
using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Tests.Engine;

public sealed partial class DebugCompressionTests
{
    private const string Main = """
        #include <stdio.h>
        #include <string.h>
        int table_sum(const int *values, int n);
        const char *label(int which);
        struct pair { int key; const char *name; double weight; };
        static const struct pair pairs[] = {{1, "one", 1.5}, {2, "two", 2.5}, {3, "three", 3.5}};
        static const int values[] = {3, 1, 4, 1, 5, 9, 2, 6};
        int main(void)
        {
            int sum = table_sum(values, (int)(sizeof values / sizeof values[0]));
            double w = 0;
            for (unsigned i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
                w += pairs[i].weight * (double)strlen(pairs[i].name);
            printf("sum %d label %s %s weight %g\n", sum, label(0), label(1), w);
            return 0;
        }
        """;

    private const string Table = """
        struct acc { long total; int count; };
        static void add(struct acc *a, int v) { a->total += v; a->count++; }
        int table_sum(const int *values, int n)
        {
            struct acc a = {0, 0};
            for (int i = 0; i < n; i++)
                add(&a, values[i]);
            return (int)a.total;
        }
        """;

    private const string Label = """
        enum which { FIRST, SECOND, THIRD };
        static const char *const labels[] = {"compressed", "debug", "sections"};
        const char *label(int which)
        {
            if (which < FIRST || which > THIRD)
                return "?";
            return labels[which];
        }
        """;

    private const string Output = "sum 31 label compressed debug weight 29.5\n";

    /// <summary>How each of the three objects stores its debug sections; "zstd" needs clang-19 (gcc 12 cannot).</summary>
    public static TheoryData<string, DebugCompression> Cases => new()
    {
        { "zlib", DebugCompression.None },
        { "zlib", DebugCompression.Zlib },
        { "zlib", DebugCompression.Zstd },
        { "zstd", DebugCompression.None },
        { "zstd", DebugCompression.Zlib },
        { "none", DebugCompression.Zstd },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DebugInfoReadsAsGnuLds(string inputs, DebugCompression output)
    {
        using var dir = new Scratch();
        var objects = Compile(dir, inputs);
        if (inputs != "none")
            Assert.True(objects.Any(HasCompressedSections), $"the inputs were meant to be compressed ({inputs}) but readelf shows no compressed section");

        string reference = dir.PathOf("ref");
        Tools.Run("gcc", dir.Dir, ["-static", "-fuse-ld=bfd", .. objects, "-o", reference]);
        string plain = dir.PathOf("plain");
        Tools.Link(Tools.GccLinkOptions(dir, objects, plain));
        string wild = dir.PathOf("wild");
        var result = Tools.Link(Tools.GccLinkOptions(dir, objects, wild) with { CompressDebugSections = output });
        Tools.AssertRuns(wild, 0, Output);
        Assert.Equal((ulong)new FileInfo(wild).Length, result.FileSize);

        // The .debug_* sections really are compressed when asked (GNU ld keeps only those that shrink; .debug_info does).
        string sections = Tools.Run("readelf", dir.Dir, ["-t", wild]).Stdout;
        if (output != DebugCompression.None)
            Assert.Matches(output == DebugCompression.Zlib ? @"\.debug_info\s[^\[]*\[0+800\]: COMPRESSED\s+ZLIB," : @"\.debug_info\s[^\[]*\[0+800\]: COMPRESSED\s+ZSTD,", sections);
        else
            Assert.DoesNotContain("COMPRESSED", sections);

        // The line table, decoded, is GNU ld's, each sequence's addresses taken from its start (the two linkers
        // place libc's code differently); against the plain link, where the layout is the same, exactly.
        string lines = Dwarf(dir, "--debug-dump=decodedline", wild);
        Assert.Equal(Dwarf(dir, "--debug-dump=decodedline", plain), lines);
        Assert.Equal(FromSequenceStart(Dwarf(dir, "--debug-dump=decodedline", reference)), FromSequenceStart(lines));
        Assert.Contains("table.c", lines);
        // Every DIE equals the plain link's, and GNU ld's once string offsets and addresses are set aside.
        string info = Dwarf(dir, "-wi", wild);
        Assert.Equal(Dwarf(dir, "-wi", plain), info);
        Assert.Equal(Normalise(Dwarf(dir, "-wi", reference)), Normalise(info));
        Assert.Contains("DW_AT_name        : (indirect string, offset: 0x", info);

        // gdb reads it: the functions' files and lines, as in GNU ld's program.
        string gdbWild = Gdb(dir, wild), gdbRef = Gdb(dir, reference);
        // -O1: table_sum's first line after the prologue is its loop, line 6.
        Assert.Matches(@"Line 6 of ""[^""]*/table\.c""", gdbWild);
        Assert.Matches(@"File [^\n]*label\.c:\n3:\s+const char \*label\(int\);", gdbWild);
        Assert.Equal(Address().Replace(gdbRef.Replace(reference, "P", StringComparison.Ordinal), "A"),
            Address().Replace(gdbWild.Replace(wild, "P", StringComparison.Ordinal), "A"));
    }

    [Fact]
    public void OutputDoesNotDependOnThreadCount()
    {
        using var dir = new Scratch();
        // A .debug_info of several 1 MiB chunks: the chunks are compressed on different threads.
        var big = new StringBuilder("struct big_s { int a; long b; };\n");
        for (int i = 0; i < 8000; i++)
            big.Append(CultureInfo($"struct s{i} {{ int f{i}; struct big_s b; char name_{i}[{i % 13 + 1}]; }};\nint fn_{i}(struct s{i} *p, int x) {{ int local_{i} = x * {i}; return p->f{i} + local_{i} + (int)p->b.b; }}\n"));
        string extra = Tools.CompileC(dir, "big", big.ToString(), "-g", "-gz=zlib");
        var objects = Compile(dir, "zlib").Append(extra).ToArray();
        foreach (var kind in new[] { DebugCompression.Zlib, DebugCompression.Zstd })
        {
            byte[]? first = null;
            foreach (int threads in new[] { 1, 2, 8 })
            {
                string output = dir.PathOf($"out-{kind}-{threads}");
                Tools.Link(Tools.GccLinkOptions(dir, objects, output) with { CompressDebugSections = kind, Threads = threads });
                var bytes = File.ReadAllBytes(output);
                if (first is null) first = bytes;
                else Assert.True(first.AsSpan().SequenceEqual(bytes), $"{kind}: --threads={threads} changed the output");
            }
            // More than one chunk, and readelf inflates the whole stream (sync-flushed deflate chunks, combined Adler-32).
            string headers = Tools.Run("readelf", dir.Dir, ["-t", dir.PathOf($"out-{kind}-1")]).Stdout;
            var size = ChunkedSize().Match(headers);
            Assert.True(size.Success && Convert.ToUInt64(size.Groups[1].Value, 16) > 1 << 20, $"{kind}: .debug_info should be compressed and over 1 MiB (two chunks or more):\n{headers}");
            string info = Dwarf(dir, "-wi", dir.PathOf($"out-{kind}-1"));
            Assert.Contains("fn_7999", info);
            Assert.DoesNotContain("Warning", info);
        }
        Assert.True(new FileInfo(dir.PathOf("out-Zlib-1")).Length < new FileInfo(dir.PathOf("big.o")).Length * 2);
    }

    [Fact]
    public void TruncatedPayloadIsAnErrorNamingFileAndSection()
    {
        using var dir = new Scratch();
        var objects = Compile(dir, "zlib");
        string main = objects[0];
        var bytes = File.ReadAllBytes(main);
        // Cut .debug_info's payload short by 16 bytes: ch_size still within what the rest could expand to.
        var (headerOffset, size) = SectionHeader(bytes, ".debug_info");
        Assert.True((BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(headerOffset + 8)) & 0x800) != 0, ".debug_info of main.o is not compressed");
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(headerOffset + 32), size - 16);
        File.WriteAllBytes(main, bytes);

        var e = Assert.Throws<LinkException>(() => Tools.Link(Tools.GccLinkOptions(dir, objects, dir.PathOf("out"))));
        Assert.Equal(ErrorId.MalformedElf, e.Id);
        Assert.Contains("main.o", e.Message);
        Assert.Contains(".debug_info is corrupt", e.Message);
        Assert.Contains("does not decompress to its size", e.Message);
        Assert.False(File.Exists(dir.PathOf("out")));
    }

    private static string[] Compile(Scratch dir, string inputs) => inputs switch
    {
        "zlib" =>
        [
            Tools.CompileC(dir, "main", Main, "-g", "-gz=zlib"),
            Tools.CompileC(dir, "table", Table, "-g"),
            Tools.CompileC(dir, "label", Label, "-g", "-Wa,--compress-debug-sections=zlib-gnu"),
        ],
        "zstd" =>
        [
            Clang(dir, "main", Main, "-gz=zstd"),
            Tools.CompileC(dir, "table", Table, "-g", "-gz=zlib"),
            Clang(dir, "label", Label, "-gz=zstd"),
        ],
        _ => [Tools.CompileC(dir, "main", Main, "-g"), Tools.CompileC(dir, "table", Table, "-g"), Tools.CompileC(dir, "label", Label, "-g")],
    };

    private static string Clang(Scratch dir, string name, string source, string flag)
    {
        string c = dir.Write(name + ".c", source);
        string o = dir.PathOf(name + ".o");
        Tools.Run("clang-19", dir.Dir, ["-c", "-O1", "-g", flag, c, "-o", o]);
        return o;
    }

    private static bool HasCompressedSections(string obj)
    {
        string t = Tools.Run("readelf", Path.GetDirectoryName(obj)!, ["-t", obj]).Stdout;
        return t.Contains("COMPRESSED", StringComparison.Ordinal) || t.Contains(".zdebug_", StringComparison.Ordinal);
    }

    /// <summary>readelf's DWARF dump without the lines that name the file.</summary>
    private static string Dwarf(Scratch dir, string what, string file)
    {
        var r = Tools.Run("readelf", dir.Dir, [what, file]);
        Assert.True(r.Stderr.Length == 0, $"readelf {what} {file} complained:\n{r.Stderr}");
        return string.Join('\n', r.Stdout.Split('\n').Where(l => !l.Contains(file, StringComparison.Ordinal)));
    }

    private static string Normalise(string dwarf) =>
        Address().Replace(DataAddress().Replace(StringOffset().Replace(dwarf, "offset: S)"), "(DW_OP_addr: A)"), "A");

    /// <summary>readelf's decoded line table with each address replaced by its distance from the start of its
    /// sequence (a sequence ends at the row whose line is "-").</summary>
    private static string FromSequenceStart(string decoded)
    {
        var sb = new StringBuilder();
        ulong? start = null;
        foreach (var line in decoded.Split('\n'))
        {
            var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length >= 3 && cols[2].StartsWith("0x", StringComparison.Ordinal)
                && ulong.TryParse(cols[2].AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out ulong address))
            {
                start ??= address;
                cols[2] = FormattableString.Invariant($"+{address - start.Value:x}");
                sb.AppendLine(string.Join(' ', cols));
                if (cols[1] == "-") start = null;
            }
            else
                sb.AppendLine(line);
        }
        return sb.ToString();
    }

    // Addresses in a static executable (0x400000 up): code and data, which the two linkers place differently.
    [GeneratedRegex(@"\b0x4[0-9a-f]{5}\b")]
    private static partial Regex Address();

    [GeneratedRegex(@"\.debug_info\s[^\[]*\[0+800\]: COMPRESSED\s+Z[A-Z]+, ([0-9a-f]+),")]
    private static partial Regex ChunkedSize();

    [GeneratedRegex(@"offset: 0x[0-9a-f]+\)")]
    private static partial Regex StringOffset();

    [GeneratedRegex(@"\d+ byte block: [0-9a-f ]+\s*\(DW_OP_addr: [0-9a-f]+\)")]
    private static partial Regex DataAddress();

    private static string Gdb(Scratch dir, string program) =>
        Tools.Run("gdb", dir.Dir, ["-batch", "-nx", "-ex", "info line table_sum", "-ex", "info functions ^label$", "-ex", "info scope add", program]).Stdout;

    /// <summary>The file offset of a section's header and its sh_size, found by name in an ELF64 object.</summary>
    private static (int HeaderOffset, ulong Size) SectionHeader(byte[] elf, string name)
    {
        int shoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3c));
        int strndx = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3e));
        int strtab = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(shoff + strndx * 64 + 24));
        for (int i = 1; i < count; i++)
        {
            int h = shoff + i * 64;
            int n = strtab + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(h));
            int end = Array.IndexOf(elf, (byte)0, n);
            if (Encoding.ASCII.GetString(elf, n, end - n) == name)
                return (h, BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(h + 32)));
        }
        throw new InvalidOperationException($"no section {name}");
    }

    private static string CultureInfo(FormattableString s) => FormattableString.Invariant(s);
}
