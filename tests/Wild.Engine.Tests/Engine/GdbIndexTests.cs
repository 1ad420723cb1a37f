// --gdb-index against ld.lld-19 --gdb-index (GNU ld has no such option): C and C++ programs built with gcc (DWARF 5
// and 4, 32- and 64-bit DWARF, with and without -ggnu-pubnames, -ffunction-sections with --gc-sections, compressed
// inputs and output) and clang (DWARF 5's indexed forms) are linked by both; the two indexes, decoded here with a reader of this test's own,
// must hold the same CU list, the same address areas (as lengths and the function each starts at: the two linkers
// place code differently), the same hash table size and the same names with the same CU vectors, and every name must
// be found by gdb's own probe sequence. gdb then loads Wild's index without a warning and answers as without it.
using System.Buffers.Binary;
using System.Text;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Diagnostics;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class GdbIndexTests
{
    private const string Point = """
        struct point { int x, y; };
        typedef unsigned long counter_t;
        static int helper(int v) { return v * 2; }
        int global_counter = 3;
        int add(struct point p) { return p.x + p.y + helper(global_counter); }
        counter_t twice(counter_t c) { return c * 2; }
        """;

    private const string Main = """
        #include <stdio.h>
        struct point { int x, y; };
        typedef unsigned long counter_t;
        int add(struct point p);
        counter_t twice(counter_t c);
        enum colour { RED, GREEN };
        static int unused_local(int x) { return x + 1; }
        int unused_global(int x) { return unused_local(x) * 3; }
        int main(void)
        {
            struct point p = {1, 2};
            enum colour c = GREEN;
            printf("%d %lu %d\n", add(p), twice(21), (int)c);
            return 0;
        }
        """;

    private const string Cxx = """
        #include <iostream>
        #include <map>
        #include <string>
        #include <vector>
        namespace shapes {
        template <class T> struct Box { T v; T get() const { return v; } };
        struct Shape { virtual ~Shape() {} virtual double area() const = 0; };
        struct Square : Shape { double s; explicit Square(double s) : s(s) {} double area() const override { return s * s; } };
        }
        static int counter = 4;
        int twice(int x) { return 2 * x; }
        int main()
        {
            std::vector<std::string> v{"a", "b"};
            std::map<std::string, int> m;
            m["x"] = twice(3);
            shapes::Box<long> b{5};
            shapes::Square sq(2);
            const shapes::Shape &s = sq;
            std::cout << v.size() << ' ' << m["x"] << ' ' << b.get() << ' ' << s.area() << ' ' << counter << '\n';
        }
        """;

    private const string CxxOutput = "2 6 5 4 4\n";
    private const string COutput = "9 42 1\n";

    public static TheoryData<string> Cases => new()
    {
        "c-dwarf5", "c-dwarf5-no-pubnames", "c-dwarf4", "c-gc-sections", "c-compressed", "clang-dwarf5", "clang-dwarf4",
        "cxx-dwarf5", "cxx-dwarf4", "c-dwarf64", "c-dwarf64-v4", "cxx-dwarf64",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IndexMatchesLlds(string kind)
    {
        using var dir = new Scratch();
        var (objects, libs, linkFlags, output) = Build(dir, kind);
        string wild = dir.PathOf("wild");
        Tools.Link(Tools.GccLinkOptions(dir, [.. objects, .. libs], wild, false, ["-Wl,--gdb-index", .. linkFlags]));
        string lld = LinkLld(dir, objects, libs, linkFlags);
        Tools.AssertRuns(wild, 0, output);
        Tools.AssertRuns(lld, 0, output);

        var ours = IndexImage.Read(wild);
        var theirs = IndexImage.Read(lld);
        Assert.Equal(7u, theirs.Version);
        Assert.Equal(theirs.Version, ours.Version);
        Assert.NotEmpty(ours.Units);
        bool dwarf64 = kind.Contains("dwarf64", StringComparison.Ordinal);
        // lld records a 64-bit DWARF unit's length as unit_length + 4, 8 bytes short of the unit (its 12-byte initial
        // length field): gdb 13 stops on that index with an internal error (set_length: Assertion `m_length ==
        // length' failed). Wild records the whole unit, as for 32-bit DWARF; the offsets agree.
        Assert.Equal(dwarf64 ? theirs.Units.Select(WholeDwarf64Unit).ToList() : theirs.Units, ours.Units);
        Assert.Equal(theirs.Areas, ours.Areas);
        Assert.NotEmpty(ours.Areas);
        Assert.Equal(theirs.Slots, ours.Slots);
        Assert.Equal(theirs.Symbols, ours.Symbols);
        if (kind.Contains("no-pubnames", StringComparison.Ordinal))
            Assert.Empty(ours.Symbols);
        else
        {
            Assert.Contains(ours.Symbols, s => s.StartsWith("main: ", StringComparison.Ordinal));
            Assert.Contains(ours.Symbols, s => s.StartsWith("twice: ", StringComparison.Ordinal));
        }
        // The pubnames sections exist only to build the index, and lld leaves them out; so do we.
        using (var elf = ELFReader.Load(wild))
            Assert.DoesNotContain(elf.Sections, s => s.Name is ".debug_gnu_pubnames" or ".debug_gnu_pubtypes");
        if (kind == "c-compressed")
            Assert.Contains("COMPRESSED", Tools.Run("readelf", dir.Dir, ["-t", wild]).Stdout);

        // gdb uses Wild's index, silently, and finds what it finds without one.
        string plain = dir.PathOf("plain");
        Tools.Link(Tools.GccLinkOptions(dir, [.. objects, .. libs], plain, false, [.. linkFlags]));
        var indexed = Gdb(dir, wild, kind);
        var unindexed = Gdb(dir, plain, kind);
        // gdb 13 uses an index only when it holds names; without any (no -ggnu-pubnames) it indexes the DWARF itself,
        // for lld's output as for ours.
        string expected = kind.Contains("no-pubnames", StringComparison.Ordinal) ? "Cooked index in use" : ".gdb_index: version 7";
        if (!dwarf64) Assert.Equal(expected, IndexInUse(Gdb(dir, lld, kind).Stdout));
        Assert.Equal(expected, IndexInUse(indexed.Stdout));
        Assert.Equal("Cooked index in use", IndexInUse(unindexed.Stdout));
        Assert.DoesNotContain("warning", indexed.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(unindexed.Stderr, indexed.Stderr);
        Assert.Equal(Answers(unindexed.Stdout, plain), Answers(indexed.Stdout, wild));
        Assert.Contains("twice", Answers(indexed.Stdout, wild));
    }

    [Fact]
    public void SameBytesForAnyThreadCount()
    {
        using var dir = new Scratch();
        var (objects, libs, flags, _) = Build(dir, "cxx-dwarf5");
        byte[]? first = null;
        foreach (int threads in new[] { 1, 2, 8 })
        {
            string output = dir.PathOf($"out-{threads}");
            Tools.Link(Tools.GccLinkOptions(dir, [.. objects, .. libs], output, false, ["-Wl,--gdb-index", .. flags]) with { Threads = threads });
            byte[] bytes = File.ReadAllBytes(output);
            if (first is null) first = bytes;
            else Assert.True(first.AsSpan().SequenceEqual(bytes), $"--threads={threads} changed the output");
        }
    }

    [Fact]
    public void NoDebugInfoMeansNoIndexAsInLld()
    {
        using var dir = new Scratch();
        string[] objects = [Tools.CompileC(dir, "point", Point), Tools.CompileC(dir, "main", Main)];
        string wild = dir.PathOf("wild");
        Tools.Link(Tools.GccLinkOptions(dir, objects, wild, false, "-Wl,--gdb-index"));
        string lld = LinkLld(dir, objects, [], []);
        using var ours = ELFReader.Load(wild);
        using var theirs = ELFReader.Load(lld);
        Assert.DoesNotContain(theirs.Sections, s => s.Name == ".gdb_index");
        Assert.DoesNotContain(ours.Sections, s => s.Name == ".gdb_index");
    }

    [Theory]
    [InlineData("-gdwarf-4", ".debug_types (DWARF 4 type units, from -fdebug-types-section) is not supported")]
    [InlineData("-gdwarf-5", "-fdebug-types-section")]
    public void UnsupportedDebugInfoIsRefusedByName(string dwarf, string message)
    {
        using var dir = new Scratch();
        string source = """
            #include <stdio.h>
            struct Big { int a; double b; virtual ~Big() {} };
            int main() { Big b; b.a = 1; printf("%d\n", b.a); }
            """;
        string cc = dir.Write("t.cc", source);
        string o = dir.PathOf("t.o");
        string[] flags = ["-g", dwarf, "-fdebug-types-section"];
        Tools.Run("g++", dir.Dir, ["-c", "-O1", .. flags, "-ggnu-pubnames", cc, "-o", o]);
        var e = Assert.Throws<LinkException>(() =>
            Tools.Link(Tools.GccLinkOptions(dir, [o, "-lstdc++", "-lm"], dir.PathOf("out"), false, "-Wl,--gdb-index")));
        Assert.Contains("--gdb-index", e.Message);
        Assert.Contains(message, e.Message);
        Assert.Contains("t.o", e.Message);
    }

    /// <summary>A CU list entry of lld's ("offset+length", hex) with the 8 bytes lld leaves out of a 64-bit unit.</summary>
    private static string WholeDwarf64Unit(string unit)
    {
        int plus = unit.IndexOf('+');
        ulong length = Convert.ToUInt64(unit[(plus + 1)..], 16);
        return $"{unit[..plus]}+{length + 8:x}";
    }

    private static (string[] Objects, string[] Libs, string[] LinkFlags, string Output) Build(Scratch dir, string kind)
    {
        const string pub = "-ggnu-pubnames";
        switch (kind)
        {
            case "c-dwarf5":
                return (CompileAll(dir, "gcc", "-O2", "-g", pub), [], [], COutput);
            case "c-dwarf5-no-pubnames":
                return (CompileAll(dir, "gcc", "-O2", "-g"), [], [], COutput);
            case "c-dwarf4":
                return (CompileAll(dir, "gcc", "-O2", "-gdwarf-4", pub), [], [], COutput);
            case "c-gc-sections":
                // unused_global and unused_local are collected: their code ranges must leave the index.
                return (CompileAll(dir, "gcc", "-O0", "-g", "-ffunction-sections", pub), [], ["-Wl,--gc-sections"], COutput);
            case "c-compressed":
                return (CompileAll(dir, "gcc", "-O1", "-g", "-gz=zlib", pub), [], ["-Wl,--compress-debug-sections=zlib"], COutput);
            case "clang-dwarf5":
                return (CompileAll(dir, "clang-19", "-O1", "-gdwarf-5", pub), [], [], COutput);
            case "clang-dwarf4":
                return (CompileAll(dir, "clang-19", "-O1", "-gdwarf-4", "-ffunction-sections", pub), [], ["-Wl,--gc-sections"], COutput);
            case "cxx-dwarf5":
                return ([CompileCxx(dir, "-O1", "-g", pub)], ["-lstdc++", "-lm"], [], CxxOutput);
            case "cxx-dwarf4":
                return ([CompileCxx(dir, "-O2", "-gdwarf-4", "-ffunction-sections", pub)], ["-lstdc++", "-lm"], ["-Wl,--gc-sections"], CxxOutput);
            // 64-bit DWARF (gcc -gdwarf64): units, pubnames sets, string and range-list offsets of 8 bytes.
            case "c-dwarf64":
                return (CompileAll(dir, "gcc", "-O2", "-gdwarf-5", "-gdwarf64", pub), [], [], COutput);
            case "c-dwarf64-v4":
                return (CompileAll(dir, "gcc", "-O0", "-gdwarf-4", "-gdwarf64", "-ffunction-sections", pub), [], ["-Wl,--gc-sections"], COutput);
            case "cxx-dwarf64":
                return ([CompileCxx(dir, "-O1", "-gdwarf-5", "-gdwarf64", pub)], ["-lstdc++", "-lm"], [], CxxOutput);
            default:
                throw new ArgumentException(kind);
        }
    }

    private static string[] CompileAll(Scratch dir, string compiler, params string[] flags)
    {
        var objects = new List<string>();
        foreach (var (name, source) in new[] { ("point", Point), ("main", Main) })
        {
            string c = dir.Write(name + ".c", source);
            string o = dir.PathOf(name + ".o");
            Tools.Run(compiler, dir.Dir, ["-c", .. flags, c, "-o", o]);
            objects.Add(o);
        }
        return [.. objects];
    }

    private static string CompileCxx(Scratch dir, params string[] flags)
    {
        string cc = dir.Write("shapes.cc", Cxx);
        string o = dir.PathOf("shapes.o");
        Tools.Run("g++", dir.Dir, ["-c", .. flags, cc, "-o", o]);
        return o;
    }

    /// <summary>The same static link by ld.lld-19 --gdb-index, through gcc with an `ld` that is lld.</summary>
    private static string LinkLld(Scratch dir, string[] objects, string[] libs, string[] flags)
    {
        string bin = dir.PathOf("lld-bin");
        Directory.CreateDirectory(bin);
        string ld = Path.Combine(bin, "ld");
        if (!File.Exists(ld)) File.CreateSymbolicLink(ld, "/usr/bin/ld.lld-19");
        string output = dir.PathOf("lld");
        Tools.Run("gcc", dir.Dir, ["-B" + bin + "/", "-static", "-Wl,--gdb-index", .. flags, .. objects, .. libs, "-o", output]);
        return output;
    }

    private static ProcessResult Gdb(Scratch dir, string program, string kind)
    {
        string[] questions = kind.StartsWith("cxx", StringComparison.Ordinal)
            ? ["info functions ^twice", "info line twice", "info types ^Square$", "ptype shapes::Box<long>", "info scope main"]
            : ["info functions ^(add|twice|main|unused_global)$", "info line add", "info types ^counter_t$", "ptype struct point",
               "info scope main", "info variables ^global_counter$"];
        var args = new List<string> { "-batch", "-nx", "-ex", "maint print objfiles" };
        foreach (var q in questions) args.AddRange(["-ex", "echo ===\\n", "-ex", q]);
        args.Add(program);
        return Tools.Run("gdb", dir.Dir, [.. args]);
    }

    /// <summary>What `maint print objfiles` says gdb reads the debug information through.</summary>
    private static string IndexInUse(string stdout)
    {
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith(".gdb_index:", StringComparison.Ordinal) || l.StartsWith("Cooked index", StringComparison.Ordinal));
        Assert.True(line is not null, stdout);
        return line;
    }

    /// <summary>gdb's answers after `maint print objfiles` (which differs by design), with the program's path and
    /// gdb's internal addresses out of the way.</summary>
    private static string Answers(string stdout, string program)
    {
        int at = stdout.IndexOf("===", StringComparison.Ordinal);
        Assert.True(at >= 0, stdout);
        return stdout[at..].Replace(program, "P", StringComparison.Ordinal);
    }

    /// <summary>A .gdb_index decoded by this test, independently of the linker: version, CU list, address areas as
    /// (CU, length, the functions that start there), the hash table's size, and each name with its CU vector, checked
    /// to be reachable by gdb's probe sequence.</summary>
    private sealed record IndexImage(uint Version, List<string> Units, List<string> Areas, int Slots, List<string> Symbols)
    {
        public static IndexImage Read(string path)
        {
            using var elf = ELFReader.Load<ulong>(path);
            var section = elf.Sections.SingleOrDefault(s => s.Name == ".gdb_index");
            Assert.True(section is not null, $"{path} has no .gdb_index");
            byte[] b = section.GetContents();
            var starts = new Dictionary<ulong, List<string>>();
            foreach (var table in elf.GetSections<SymbolTable<ulong>>())
                foreach (var e in table.Entries)
                    if (e.Type == SymbolType.Function && e.Value != 0)
                    {
                        if (!starts.TryGetValue(e.Value, out var list)) starts[e.Value] = list = [];
                        list.Add(e.Name);
                    }

            uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
            ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at));
            uint version = U32(0);
            int cuList = (int)U32(4), tuList = (int)U32(8), addresses = (int)U32(12), symbolTable = (int)U32(16), pool = (int)U32(20);
            Assert.Equal(tuList, addresses); // no type units
            var units = new List<string>();
            for (int at = cuList; at < tuList; at += 16) units.Add($"{U64(at):x}+{U64(at + 8):x}");
            var areas = new List<string>();
            for (int at = addresses; at < symbolTable; at += 20)
            {
                ulong low = U64(at), high = U64(at + 8);
                Assert.True(high > low, $"empty or inverted address area {low:x}-{high:x}");
                string where = starts.TryGetValue(low, out var names) ? string.Join(",", names.Order(StringComparer.Ordinal)) : "?";
                areas.Add($"cu {U32(at + 16)} {where} +{high - low:x}");
            }
            int slots = (pool - symbolTable) / 8;
            Assert.True(slots > 0 && (slots & (slots - 1)) == 0, $"{slots} slots is not a power of two");
            var symbols = new List<string>();
            for (int slot = 0; slot < slots; slot++)
            {
                uint nameOffset = U32(symbolTable + slot * 8), vector = U32(symbolTable + slot * 8 + 4);
                if (nameOffset == 0 && vector == 0) continue;
                int nameAt = pool + (int)nameOffset;
                string name = Encoding.UTF8.GetString(b, nameAt, Array.IndexOf(b, (byte)0, nameAt) - nameAt);
                Assert.Equal(slot, Probe(b, symbolTable, slots, pool, name));
                int count = (int)U32(pool + (int)vector);
                var entries = new List<string>();
                for (int k = 0; k < count; k++)
                {
                    uint v = U32(pool + (int)vector + 4 + 4 * k);
                    entries.Add($"{v & 0xffffff}:{(v >> 28) & 7}{((v >> 31) != 0 ? "s" : "g")}");
                }
                symbols.Add($"{name}: {string.Join(" ", entries)}");
            }
            symbols.Sort(StringComparer.Ordinal);
            return new IndexImage(version, units, areas, slots, symbols);
        }

        /// <summary>The slot gdb finds <paramref name="name"/> in: its hash (r = r * 67 + tolower(c) - 113), then
        /// steps of ((hash * 17) &amp; mask) | 1 until the name or an empty slot.</summary>
        private static int Probe(byte[] b, int symbolTable, int slots, int pool, string name)
        {
            uint hash = 0;
            foreach (byte c in Encoding.UTF8.GetBytes(name))
                hash = hash * 67 + (uint)(c is >= (byte)'A' and <= (byte)'Z' ? c + 32 : c) - 113;
            uint mask = (uint)slots - 1, index = hash & mask, step = ((hash * 17) & mask) | 1;
            for (int tries = 0; tries < slots; tries++)
            {
                uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(symbolTable + (int)index * 8));
                uint vector = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(symbolTable + (int)index * 8 + 4));
                if (nameOffset == 0 && vector == 0) return -1;
                int at = pool + (int)nameOffset;
                if (Encoding.UTF8.GetString(b, at, Array.IndexOf(b, (byte)0, at) - at) == name) return (int)index;
                index = (index + step) & mask;
            }
            return -1;
        }
    }
}
