// The last size refusals of issue 18, now linked: a compressed input section whose stored bytes alone take 2 GiB
// (zstd raw blocks, zlib stored blocks), -r over sections of 2 GiB (copied, their relocations moved; and compressed
// with --compress-debug-sections), and --gdb-index over a .debug_info of 2 GiB (the index's CU list has 64-bit
// offsets). Objects are written sparse (SparseObject, WideInputSectionTests.WriteWideObject), so a 2 GiB section costs
// no disk traffic. Each test needs 20 GiB free under the temp directory and returns early, saying why, without it.
using System.Buffers.Binary;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Tests.Corpus;
using Xunit.Abstractions;
using static Wild.Engine.Tests.Engine.WideInputSectionTests;

namespace Wild.Engine.Tests.Engine;

public sealed class WideDebugTests(ITestOutputHelper output)
{
    private const ulong GiB = 1UL << 30;
    private const uint R_X86_64_64 = 1;
    private const byte Global = 0x10, LocalSection = 0x03;

    // _start: exit(42); f1 and f2 return. At .text+0, +16 and +32.
    private static readonly byte[] Text =
    [
        0xb8, 0x3c, 0, 0, 0, 0xbf, 0x2a, 0, 0, 0, 0x0f, 0x05, 0xcc, 0xcc, 0xcc, 0xcc,
        0xc3, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc,
        0xc3, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc,
    ];

    /// <summary>A .debug_big stored SHF_COMPRESSED in more than 2 GiB (zstd raw blocks or zlib stored blocks, which
    /// compress nothing), inflating to <see cref="Size"/> bytes with a marker and an R_X86_64_64 past 2 GiB: the
    /// payload is streamed from the mapped input, and the output holds the section uncompressed.</summary>
    [Theory]
    [InlineData("zstd")]
    [InlineData("zlib")]
    public void ACompressedSectionStoredIn2GiBOrMoreIsLinked(string format)
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        if (!EnoughSpace(dir)) return;
        var o = new SparseObject();
        int text = o.Add(".text", 1, 6, Text, align: 16);
        var (stored, runs) = format == "zstd" ? ZstdRawBlocks() : ZlibStoredBlocks();
        int debug = o.Add(".debug_big", 1, 0x800, stored, align: 8);
        foreach (var (offset, bytes) in runs) o.Put(debug, offset, bytes);
        var (symtab, strtab) = SparseObject.Symbols(("", LocalSection, (ushort)text, 0), ("_start", Global, (ushort)text, 0));
        int symbols = debug + 2;
        o.Add(".rela.debug_big", 4, 0x40, SparseObject.Rela((FarAbs, 2, R_X86_64_64, 0)), align: 8, entSize: 24, link: (uint)symbols, info: (uint)debug);
        o.Add(".symtab", 2, 0, symtab, align: 8, entSize: 24, link: (uint)symbols + 1, info: 2);
        o.Add(".strtab", 3, 0, strtab);
        string input = dir.PathOf("stored.o");
        o.Write(input);
        Assert.True(new FileInfo(input).Length > 2L << 30);

        string ours = dir.PathOf("wild.out");
        Tools.Run(wild, dir.Dir, ["-static", "-o", ours, input]);
        Tools.AssertRuns(ours, 42, "");
        using var elf = ELFReader.Load<ulong>(ours);
        var big = elf.Sections.Single(s => s.Name == ".debug_big");
        Assert.Equal(0UL, (ulong)big.Flags & 0x800);
        Assert.Equal(Size, big.Size);
        Assert.Equal(DebugMarker, ReadWord(ours, big.Offset + Marker));
        Assert.Equal(elf.EntryPoint, ReadWord(ours, big.Offset + FarAbs));
        Assert.Equal(0UL, ReadWord(ours, big.Offset + GiB));
    }

    /// <summary>Elf64_Chdr (zstd) and one frame of raw blocks of 128 KiB holding <see cref="Size"/> bytes, zeros but
    /// for <see cref="DebugMarker"/> at <see cref="Marker"/>: the stored size, and the runs to write (block headers).</summary>
    private static (ulong Size, List<(ulong, byte[])> Runs) ZstdRawBlocks()
    {
        const int Block = 128 << 10;
        var runs = new List<(ulong, byte[])> { (0, Chdr(2)), (24, [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]) }; // magic, no FCS, 128 KiB window
        ulong at = 30;
        for (ulong data = 0; data < Size; data += Block)
        {
            uint n = (uint)Math.Min(Block, Size - data);
            uint header = (n << 3) | (data + n == Size ? 1u : 0); // Raw_Block, Last_Block on the last
            runs.Add((at, [(byte)header, (byte)(header >> 8), (byte)(header >> 16)]));
            if (Marker >= data && Marker < data + n) runs.Add((at + 3 + (Marker - data), BitConverter.GetBytes(DebugMarker)));
            at += 3 + n;
        }
        return (at, runs);
    }

    /// <summary>Elf64_Chdr (zlib) and a zlib stream of DEFLATE stored blocks of 65535 bytes, as <see cref="ZstdRawBlocks"/>.</summary>
    private static (ulong Size, List<(ulong, byte[])> Runs) ZlibStoredBlocks()
    {
        const int Block = 65535;
        var runs = new List<(ulong, byte[])> { (0, Chdr(1)), (24, [0x78, 0x01]) };
        ulong at = 26;
        for (ulong data = 0; data < Size; data += Block)
        {
            int n = (int)Math.Min(Block, Size - data);
            runs.Add((at, [data + (ulong)n == Size ? (byte)1 : (byte)0, (byte)n, (byte)(n >> 8), (byte)~n, (byte)(~n >> 8)]));
            if (Marker >= data && Marker < data + (ulong)n)
            {
                if (Marker + 8 > data + (ulong)n) throw new InvalidOperationException("the marker straddles two blocks");
                runs.Add((at + 5 + (Marker - data), BitConverter.GetBytes(DebugMarker)));
            }
            at += 5 + (ulong)n;
        }
        // Adler-32 of zeros with the marker's 8 bytes: s1 grows only at the marker, s2 by s1 at every byte.
        const ulong Mod = 65521;
        ulong s1 = 1, s2 = Marker % Mod * s1 % Mod;
        foreach (byte b in BitConverter.GetBytes(DebugMarker))
        {
            s1 = (s1 + b) % Mod;
            s2 = (s2 + s1) % Mod;
        }
        s2 = (s2 + (Size - Marker - 8) % Mod * s1) % Mod;
        var trailer = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, (uint)((s2 << 16) | s1));
        runs.Add((at, trailer));
        return (at + 4, runs);
    }

    private static byte[] Chdr(uint type)
    {
        var chdr = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(chdr, type);
        BinaryPrimitives.WriteUInt64LittleEndian(chdr.AsSpan(8), Size);
        BinaryPrimitives.WriteUInt64LittleEndian(chdr.AsSpan(16), 1);
        return chdr;
    }

    /// <summary>-r over an object with two sections of 2 GiB + 4 KiB (WriteWideObject): both copied window by window
    /// with their relocations moved as they are (GNU ld -r gave the same section sizes, bytes past 2 GiB and relocations,
    /// which it sorts by offset where wild keeps the input's order), and the
    /// partial object then links and runs as the object itself does. With --compress-debug-sections=zstd, the wide
    /// .debug_big is compressed in chunks from its windows and inflates back to the same words.</summary>
    [Fact]
    public void RelocatableLinkOfSectionsOf2GiBOrMore()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        if (!EnoughSpace(dir)) return;
        string main = Tools.Assemble(dir, "main", Main);
        string wide = dir.PathOf("wide.o");
        WriteWideObject(wide);
        foreach (var compress in new[] { "none", "zstd" })
        {
            string part = dir.PathOf($"part-{compress}.o");
            Tools.Run(wild, dir.Dir, ["-r", $"--compress-debug-sections={compress}", "-o", part, main, wide]);
            using (var elf = ELFReader.Load<ulong>(part))
            {
                var data = elf.Sections.Single(s => s.Name == ".data.big");
                var debug = elf.Sections.Single(s => s.Name == ".debug_big");
                Assert.Equal(Size, data.Size);
                Assert.Equal(DataMarker, ReadWord(part, data.Offset + Marker));
                Assert.Equal(4UL * 24, elf.Sections.Single(s => s.Name == ".rela.data.big").Size);
                Assert.Equal(3UL * 24, elf.Sections.Single(s => s.Name == ".rela.debug_big").Size);
                if (compress == "none")
                {
                    Assert.Equal(Size, debug.Size);
                    Assert.Equal(DebugMarker, ReadWord(part, debug.Offset + Marker));
                }
                else
                {
                    Assert.True(((ulong)debug.Flags & 0x800) != 0, ".debug_big is not SHF_COMPRESSED");
                    Assert.True(debug.Size < GiB / 16, $"compressed .debug_big is {debug.Size} bytes");
                }
            }
            string ours = dir.PathOf($"wild-{compress}.out");
            Tools.Run(wild, dir.Dir, ["-static", "-o", ours, part]);
            Tools.AssertRuns(ours, 42, "");
            using var linked = ELFReader.Load<ulong>(ours);
            var big = linked.Sections.Single(s => s.Name == ".debug_big");
            Assert.Equal(Size, big.Size);
            AssertDebugWords(ours, big.Offset, linked.GetSections<SymbolTable<ulong>>().SelectMany(t => t.Entries)
                .Where(e => e.Name.Length > 0).ToDictionary(e => e.Name, e => e.Value));
            File.Delete(part);
            File.Delete(ours);
        }
    }

    /// <summary>--gdb-index over a .debug_info of 2 GiB + 64 bytes: three compilation units, the second holding a 2 GiB
    /// DW_FORM_block4, so the third starts past 2 GiB. The CU list holds 64-bit offsets (gdb's format), so it names
    /// the third at its offset, and the address area maps f2 to it. ld.lld-19 --gdb-index wrote the same CU list and
    /// the same units for the same code when this was written (GNU ld has no --gdb-index; gold's CU list was empty
    /// for these minimal units, whatever their size).</summary>
    [Fact]
    public void GdbIndexOverADebugInfoOf2GiBOrMore()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        if (!EnoughSpace(dir)) return;
        const ulong Block = 2 * GiB;
        var o = new SparseObject();
        int text = o.Add(".text", 1, 6, Text, align: 16);
        // Abbreviations: 1 a compile unit without children, 2 with, 3 a variable with a DW_FORM_block4 value.
        o.Add(".debug_abbrev", 1, 0,
            [1, 0x11, 0, 0x11, 0x01, 0x12, 0x07, 0, 0, 2, 0x11, 1, 0x11, 0x01, 0x12, 0x07, 0, 0, 3, 0x34, 0, 0x1c, 0x04, 0, 0, 0]);
        ulong unitA = 0, unitB = 28, unitBLength = 7 + 17 + 5 + Block + 1, unitC = unitB + 4 + unitBLength;
        int info = o.Add(".debug_info", 1, 0, unitC + 28);
        o.Put(info, unitA, Unit(24, 1, 16));
        o.Put(info, unitB, [.. Unit((uint)unitBLength, 2, 16), 3, .. BitConverter.GetBytes((uint)Block)]);
        o.Put(info, unitC + 0, Unit(24, 1, 16));
        var (symtab, strtab) = SparseObject.Symbols(("", LocalSection, (ushort)text, 0),
            ("_start", Global, (ushort)text, 0), ("f1", Global, (ushort)text, 16), ("f2", Global, (ushort)text, 32));
        int symbols = info + 2;
        o.Add(".rela.debug_info", 4, 0x40, SparseObject.Rela(
                (unitA + 12, 1, R_X86_64_64, 0), (unitB + 12, 1, R_X86_64_64, 16), (unitC + 12, 1, R_X86_64_64, 32)),
            align: 8, entSize: 24, link: (uint)symbols, info: (uint)info);
        o.Add(".symtab", 2, 0, symtab, align: 8, entSize: 24, link: (uint)symbols + 1, info: 2);
        o.Add(".strtab", 3, 0, strtab);
        string input = dir.PathOf("info.o");
        o.Write(input);

        string ours = dir.PathOf("wild.out");
        Tools.Run(wild, dir.Dir, ["-static", "--gdb-index", "-o", ours, input]);
        Tools.AssertRuns(ours, 42, "");
        using var elf = ELFReader.Load<ulong>(ours);
        Assert.Equal(unitC + 28, elf.Sections.Single(s => s.Name == ".debug_info").Size);
        var index = ((ISection)elf.Sections.Single(s => s.Name == ".gdb_index")).GetContents();
        uint cuList = BinaryPrimitives.ReadUInt32LittleEndian(index.AsSpan(4)), areasAt = BinaryPrimitives.ReadUInt32LittleEndian(index.AsSpan(12));
        uint symbolsAt = BinaryPrimitives.ReadUInt32LittleEndian(index.AsSpan(16));
        ulong Word(uint at) => BinaryPrimitives.ReadUInt64LittleEndian(index.AsSpan((int)at));
        Assert.Equal(48u, areasAt - cuList); // three units
        Assert.Equal([unitA, 28UL, unitB, 4 + unitBLength, unitC, 28UL], Enumerable.Range(0, 6).Select(i => Word(cuList + (uint)i * 8)));
        ulong textAt = elf.Sections.Single(s => s.Name == ".text").LoadAddress;
        Assert.Equal(60u, symbolsAt - areasAt);
        for (uint u = 0; u < 3; u++)
        {
            uint at = areasAt + u * 20;
            Assert.Equal(textAt + 16 * u, Word(at));
            Assert.Equal(textAt + 16 * u + 16, Word(at + 8));
            Assert.Equal(u, BinaryPrimitives.ReadUInt32LittleEndian(index.AsSpan((int)at + 16)));
        }
    }

    /// <summary>A DWARF 4 unit's header (unit_length, version 4, abbreviations at 0, 8-byte addresses) and its first
    /// DIE: abbreviation <paramref name="code"/> with DW_AT_low_pc (left to a relocation) and DW_AT_high_pc (a length).</summary>
    private static byte[] Unit(uint length, byte code, ulong size) =>
        [.. BitConverter.GetBytes(length), 4, 0, 0, 0, 0, 0, 8, code, 0, 0, 0, 0, 0, 0, 0, 0, .. BitConverter.GetBytes(size)];

    /// <summary>Whether 20 GiB are free under the scratch directory (the outputs' space is reserved); when not, the
    /// test says so in its output and returns.</summary>
    private bool EnoughSpace(Scratch dir)
    {
        long free = new DriveInfo(dir.Dir).AvailableFreeSpace;
        if (free >= 20L << 30) return true;
        output.WriteLine($"not run: these tests need 20 GiB free under {dir.Dir}; {free >> 30} GiB are");
        return false;
    }
}
