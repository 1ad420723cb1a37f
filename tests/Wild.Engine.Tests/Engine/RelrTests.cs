// -z pack-relative-relocs against GNU ld: the same program, library or static PIE linked by both; .relr.dyn and the
// RELATIVE entries of .rela.dyn are decoded here with a decoder of the test's own (not the engine's) and every
// relocated word is named by the test's own data symbol and the offset in it, since the two linkers place the data
// at different addresses. The sets must be equal, in .relr.dyn and in .rela.dyn alike. RelrEncoding is also checked
// on its own, against hand-worked tables and against decoding.
using System.Buffers.Binary;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Elf;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class RelrTests
{
    // Pointers the test names: runs, gaps, odd and even-but-unaligned offsets, function pointers, .data.rel.ro.
    private const string Source = """
        int t_vals[300];
        #define P4(b) &t_vals[b], &t_vals[b + 1], &t_vals[b + 2], &t_vals[b + 3]
        #define P20(b) P4(b), P4(b + 4), P4(b + 8), P4(b + 12), P4(b + 16)
        int *t_run[100] = { P20(0), P20(20), P20(40), P20(60), P20(80) };
        struct t_gaps { int *a; long pad1[64]; int *b; long pad2[63]; int *c; long pad3[62]; int *d; long pad4[200]; int *e; };
        struct t_gaps t_gaps = { &t_vals[1], {0}, &t_vals[2], {0}, &t_vals[3], {0}, &t_vals[4], {0}, &t_vals[5] };
        struct __attribute__((packed)) t_odd { char c; int *p; char d; int *q; };
        struct t_odd t_odds[4] = { {1, &t_vals[10], 2, &t_vals[11]}, {3, &t_vals[12], 4, &t_vals[13]}, {5, &t_vals[14], 6, &t_vals[15]}, {7, &t_vals[16], 8, &t_vals[17]} };
        struct __attribute__((packed, aligned(2))) t_even { short s; int *p; };
        struct t_even t_evens[5] = { {1, &t_vals[20]}, {2, &t_vals[21]}, {3, &t_vals[22]}, {4, &t_vals[23]}, {5, &t_vals[24]} };
        static int f1(void) { return 1; }
        static int f2(void) { return 2; }
        int (*const t_ops[])(void) = { f1, f2, f1 };
        const char *const t_names[] = { "a", "b", "c" };
        int t_use(int i) { return *t_run[i] + t_ops[i & 1]() + t_names[i % 3][0]; }
        """;

    [Theory]
    [InlineData("-pie")]
    [InlineData("-static-pie")]
    [InlineData("-shared")]
    public void PackedRelocationsAreTheOnesGnuLdPacks(string mode)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "relr", Source + (mode == "-shared" ? "" : "int main(void) { return t_use(3) == 0; }\n"),
            // A library's default-visibility data is preemptible (symbolic relocations): hidden, it is relocated RELATIVE.
            "-fPIC", "-fvisibility=hidden");
        Tools.Run("gcc", dir.Dir, [mode, obj, "-Wl,-z,pack-relative-relocs", "-o", "ref"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", mode, obj, "-Wl,-z,pack-relative-relocs", "-o", "wild"]);

        var reference = Relocated.Read(dir.PathOf("ref"));
        var ours = Relocated.Read(dir.PathOf("wild"));
        Assert.NotEmpty(reference.Packed);
        Assert.Equal(reference.Packed.Order(), ours.Packed.Order());
        Assert.Equal(reference.Unpacked.Order(), ours.Unpacked.Order());
        // The odd offsets stay in .rela.dyn; the even ones (t_evens' at 2 mod 8 among them) are packed.
        Assert.Contains("t_odds+1", ours.Unpacked);
        Assert.Contains("t_evens+2", ours.Packed);
        Assert.Contains("t_gaps+1536", ours.Packed);
        Assert.Contains("t_gaps+3144", ours.Packed);
        // No word relocated twice (once from each table, or twice from one).
        Assert.Equal(ours.Words.Count, ours.Words.Distinct().Count());
        Assert.Equal(reference.NeedsDtRelrVersion, ours.NeedsDtRelrVersion);
        // A library that calls nothing of libc's has no GLIBC_2.* need for the version to join.
        Assert.Equal(mode == "-pie", ours.NeedsDtRelrVersion);
        if (mode != "-shared") Tools.AssertRuns(dir.PathOf("wild"), 0, "");
    }

    [Fact]
    public void WithoutGlibcThereIsNoVersionNeed()
    {
        // GNU ld packs a -nostdlib library too; only the GLIBC_ABI_DT_RELR need waits for a GLIBC_2.* need of libc.so.*.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", "static int x; int *p[3] = { &x, &x, &x };\n", "-fPIC");
        Tools.Run("gcc", dir.Dir, ["-shared", "-nostdlib", obj, "-Wl,-z,pack-relative-relocs", "-o", "ref.so"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", "-shared", "-nostdlib", obj, "-Wl,-z,pack-relative-relocs", "-o", "wild.so"]);
        var reference = Relocated.Read(dir.PathOf("ref.so"));
        var ours = Relocated.Read(dir.PathOf("wild.so"));
        Assert.Equal(["p+0", "p+16", "p+8"], ours.Packed.Order());
        Assert.Equal(reference.Packed.Order(), ours.Packed.Order());
        Assert.Empty(ours.Unpacked);
        Assert.False(reference.NeedsDtRelrVersion);
        Assert.False(ours.NeedsDtRelrVersion);
    }

    [Fact]
    public void EncodesHandWorkedTables()
    {
        // One address entry, then bit 0 (the word after it) and bit 62 (63 words after it) of one bitmap.
        Assert.Equal([0x1000UL, (1UL | (1UL << 62)) << 1 | 1], Encode(0x1000, 0, 8, 63 * 8));
        // 64 words after the address no bitmap reaches without an empty one: a new address entry instead.
        Assert.Equal([0x1000UL, 0x1000 + 64 * 8], Encode(0x1000, 0, 64 * 8));
        // 65 consecutive words: an address, a full bitmap, then one bit of the next.
        var run = Enumerable.Range(0, 65).Select(i => (ulong)i * 8).ToArray();
        Assert.Equal([0x1000UL, ulong.MaxValue, 0b11UL], Encode(0x1000, run));
        // An even word that is not 8 bytes from the run (2 mod 8) starts its own run.
        Assert.Equal([0x1000UL, 0x1000 + 10, 0b11UL], Encode(0x1000, 0, 10, 18));
    }

    [Fact]
    public void DecodesWhatItEncodes()
    {
        var random = new Random(18);
        for (int round = 0; round < 200; round++)
        {
            var offsets = new SortedSet<ulong>();
            int count = random.Next(1, 400);
            ulong at = 0;
            for (int i = 0; i < count; i++)
            {
                // Mostly neighbours, sometimes far, sometimes an even offset off the word grid.
                at += random.Next(10) switch { 0 => (ulong)random.Next(64, 4000) * 8, 1 => 2, _ => 8 };
                offsets.Add(at);
            }
            var sorted = offsets.ToArray();
            int size = RelrEncoding.Encode(sorted, 0x40000, default);
            var table = new ulong[size];
            Assert.Equal(size, RelrEncoding.Encode(sorted, 0x40000, table));
            Assert.Equal(sorted.Select(o => o + 0x40000), Relocated.DecodeRelr(table));
        }
    }

    private static ulong[] Encode(ulong baseAddress, params ulong[] offsets)
    {
        var table = new ulong[RelrEncoding.Encode(offsets, baseAddress, default)];
        RelrEncoding.Encode(offsets, baseAddress, table);
        return table;
    }

    /// <summary>The words an output relocates at load time, each named "symbol+offset" by the t_ data symbol or the
    /// `p` symbol holding it (words elsewhere, crt files' and the GOT's, are counted in Words only).</summary>
    internal sealed record Relocated(List<string> Packed, List<string> Unpacked, List<ulong> Words, bool NeedsDtRelrVersion)
    {
        private const uint SHT_RELR = 19;
        private const uint R_X86_64_RELATIVE = 8;

        public static Relocated Read(string path)
        {
            using var elf = ELFReader.Load<ulong>(path);
            var symbols = elf.GetSections<SymbolTable<ulong>>().SelectMany(t => t.Entries)
                .Where(e => e.Type == SymbolType.Object && e.Size > 0 && (e.Name.StartsWith("t_", StringComparison.Ordinal) || e.Name == "p"))
                .ToList();
            string? Name(ulong address) =>
                symbols.FirstOrDefault(s => address >= s.Value && address < s.Value + s.Size) is { } s ? $"{s.Name}+{address - s.Value}" : null;

            var packed = new List<ulong>();
            var unpacked = new List<ulong>();
            foreach (var section in elf.Sections.OfType<Section<ulong>>())
            {
                if ((uint)section.Type == SHT_RELR)
                {
                    var bytes = section.GetContents();
                    var words = new ulong[bytes.Length / 8];
                    for (int i = 0; i < words.Length; i++) words[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8));
                    packed.AddRange(DecodeRelr(words));
                }
                else if (section.Type == SectionType.RelocationAddends && section.Name == ".rela.dyn")
                {
                    var bytes = section.GetContents();
                    for (int i = 0; i + 24 <= bytes.Length; i += 24)
                        if ((uint)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i + 8)) == R_X86_64_RELATIVE)
                            unpacked.Add(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i)));
                }
            }
            bool version = elf.Sections.Any(s => s.Name == ".dynstr"
                && System.Text.Encoding.ASCII.GetString(((Section<ulong>)s).GetContents()).Contains("\0GLIBC_ABI_DT_RELR\0", StringComparison.Ordinal));
            return new Relocated(
                packed.Select(Name).OfType<string>().ToList(), unpacked.Select(Name).OfType<string>().ToList(),
                [.. packed, .. unpacked], version);
        }

        /// <summary>The gABI's RELR decoding, written out here independently of RelrEncoding.</summary>
        public static List<ulong> DecodeRelr(ulong[] table)
        {
            var addresses = new List<ulong>();
            ulong next = 0;
            foreach (ulong entry in table)
            {
                if ((entry & 1) == 0)
                {
                    addresses.Add(entry);
                    next = entry + 8;
                    continue;
                }
                for (int bit = 1; bit < 64; bit++)
                    if ((entry >> bit & 1) != 0) addresses.Add(next + (ulong)(bit - 1) * 8);
                next += 63 * 8;
            }
            return addresses;
        }
    }
}
