// Input sections of 2 GiB or more (issue 18): one allocated and one non-allocated section of 2 GiB + 4 KiB, each
// with relocations past 2 GiB in the section, linked by the `wild` command and run. The object is written here as a
// sparse file (the assembler would write every zero byte: 35 s for 4 GiB), so it costs no disk traffic; wild does not
// copy the zeros of such a section (the output starts zeroed), so its output dirties few pages either. Only the few
// bytes and relocations the test places are real. GNU ld linked the first test's object when it was written and agreed
// on every word checked (relative to .data; 91 s against wild's 1 s, too slow to run each time). Each scratch
// directory is removed at the end of its test.
using System.Buffers.Binary;
using System.Text;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class WideInputSectionTests
{
    private const ulong GiB = 1UL << 30;
    internal const ulong Size = 2 * GiB + 0x1000;
    // Offsets past 2 GiB in each wide section: a marker written in the input, and relocations near it.
    internal const ulong Marker = 0x8000_0008, FarAbs = 0x8000_0018, FarPc = 0x8000_0020;
    internal const ulong DataMarker = 0x0102030405060708, DebugMarker = 0x1122334455667788;

    // _start checks the words the R_X86_64_64 relocations at both ends of .data.big wrote (each end names the other),
    // and exits 42 when both are right.
    internal const string Main = """
                .text
                .globl _start
        _start: movabs $bigstart, %rax
                mov (%rax), %rdi
                movabs $bigend, %rcx
                cmp %rcx, %rdi
                jne 1f
                mov (%rcx), %rdi
                cmp %rax, %rdi
                jne 1f
                mov $60, %eax
                mov $42, %edi
                syscall
        1:      mov $60, %eax
                mov $1, %edi
                syscall
        """;

    [Fact]
    public void SectionsOf2GiBOrMoreAreCopiedAndRelocated()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        RequireSpace(dir, 6 * GiB);
        string main = Tools.Assemble(dir, "main", Main);
        string wide = dir.PathOf("wide.o");
        WriteWideObject(wide);
        string ours = dir.PathOf("wild.out");
        Tools.Run(wild, dir.Dir, ["-static", "-o", ours, main, wide]);
        Tools.AssertRuns(ours, 42, "");

        using var elf = ELFReader.Load<ulong>(ours);
        var data = elf.Sections.Single(s => s.Name == ".data");
        var debug = elf.Sections.Single(s => s.Name == ".debug_big");
        Assert.True(data.Size >= Size, $".data is {data.Size} bytes");
        Assert.Equal(Size, debug.Size);
        var symbols = elf.GetSections<SymbolTable<ulong>>().SelectMany(t => t.Entries).Where(e => e.Name.Length > 0)
            .ToDictionary(e => e.Name, e => e.Value);
        ulong start = symbols["bigstart"], end = symbols["bigend"], mark = symbols["bigmark"];
        Assert.Equal(start + Size - 8, end);
        Assert.Equal(start + Marker, mark);
        ulong DataWord(ulong address) => ReadWord(ours, data.Offset + (address - data.LoadAddress));

        // .data.big: both ends, the marker copied from past 2 GiB, an R_X86_64_64 and an R_X86_64_PC32 there.
        Assert.Equal(end, DataWord(start));
        Assert.Equal(start, DataWord(end));
        Assert.Equal(DataMarker, DataWord(mark));
        Assert.Equal(mark + 8, DataWord(start + FarAbs));
        Assert.Equal((uint)(end - (start + FarPc)), (uint)DataWord(start + FarPc));
        // .debug_big (not allocated): the same at file offsets, with R_X86_64_32 past 2 GiB.
        AssertDebugWords(ours, debug.Offset, symbols);
        // The zeros between them (left unwritten: the output starts zeroed) read as zeros.
        Assert.Equal(0UL, DataWord(start + GiB));
    }

    /// <summary>A compressed (SHF_COMPRESSED, zlib) .debug_big of 2 MB that inflates to 2 GiB + 4 KiB: inflated into
    /// native memory (its zero runs never written, so never committed), then copied and relocated window by window as
    /// a stored section of that size is; the output holds it uncompressed.</summary>
    [Fact]
    public void ACompressedSectionInflatingPast2GiBIsLinked()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        RequireSpace(dir, 6 * GiB);
        string main = Tools.Assemble(dir, "main", Main);
        string wide = dir.PathOf("wide.o");
        WriteWideObject(wide, compressDebug: true);
        Assert.True(new FileInfo(wide).Length < 2 * (long)Size, "the object's debug section is not stored compressed");
        string ours = dir.PathOf("wild.out");
        Tools.Run(wild, dir.Dir, ["-static", "-o", ours, main, wide]);
        Tools.AssertRuns(ours, 42, "");

        using var elf = ELFReader.Load<ulong>(ours);
        var debug = elf.Sections.Single(s => s.Name == ".debug_big");
        Assert.Equal(0UL, (ulong)debug.Flags & 0x800);
        Assert.Equal(Size, debug.Size);
        AssertDebugWords(ours, debug.Offset, elf.GetSections<SymbolTable<ulong>>().SelectMany(t => t.Entries)
            .Where(e => e.Name.Length > 0).ToDictionary(e => e.Name, e => e.Value));
    }

    /// <summary>The words of the output's .debug_big (at <paramref name="offset"/> in <paramref name="path"/>): its
    /// R_X86_64_64 at both ends and R_X86_64_32 past 2 GiB, the marker copied from past 2 GiB, and a zero between.</summary>
    internal static void AssertDebugWords(string path, ulong offset, Dictionary<string, ulong> symbols)
    {
        Assert.Equal(symbols["bigstart"], ReadWord(path, offset));
        Assert.Equal(symbols["bigend"], ReadWord(path, offset + Size - 8));
        Assert.Equal(DebugMarker, ReadWord(path, offset + Marker));
        Assert.Equal((uint)symbols["bigmark"], (uint)ReadWord(path, offset + FarAbs));
        Assert.Equal(0UL, ReadWord(path, offset + GiB + 8));
    }

    /// <summary>--compress-debug-sections=zlib over a .debug_* output section past 2 GiB: rendered into native memory
    /// through windows, compressed in chunks, and read back here with .NET's own zlib (streamed): ch_size is the
    /// section's size and the relocated words past 2 GiB are where the uncompressed link puts them.</summary>
    [Fact]
    public void ADebugSectionPast2GiBIsCompressed()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        RequireSpace(dir, 6 * GiB);
        string main = Tools.Assemble(dir, "main", Main);
        string wide = dir.PathOf("wide.o");
        WriteWideObject(wide);
        string ours = dir.PathOf("wild.out");
        Tools.Run(wild, dir.Dir, ["-static", "--compress-debug-sections=zlib", "-o", ours, main, wide]);
        Tools.AssertRuns(ours, 42, "");

        using var elf = ELFReader.Load<ulong>(ours);
        var debug = elf.Sections.Single(s => s.Name == ".debug_big");
        Assert.True(((ulong)debug.Flags & 0x800) != 0, ".debug_big is not SHF_COMPRESSED");
        Assert.True(debug.Size < GiB, $"compressed .debug_big is {debug.Size} bytes");
        var symbols = elf.GetSections<SymbolTable<ulong>>().SelectMany(t => t.Entries).Where(e => e.Name.Length > 0)
            .ToDictionary(e => e.Name, e => e.Value);
        using var file = File.OpenRead(ours);
        file.Position = (long)debug.Offset;
        var chdr = new byte[24];
        file.ReadExactly(chdr);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(chdr)); // ELFCOMPRESS_ZLIB
        Assert.Equal(Size, BinaryPrimitives.ReadUInt64LittleEndian(chdr.AsSpan(8)));
        var words = InflatedWords(new System.IO.Compression.ZLibStream(file, System.IO.Compression.CompressionMode.Decompress),
            [0, Marker, FarAbs, Size - 8, GiB + 8], out ulong inflated);
        Assert.Equal(Size, inflated);
        Assert.Equal(symbols["bigstart"], words[0]);
        Assert.Equal(DebugMarker, words[1]);
        Assert.Equal((uint)symbols["bigmark"], (uint)words[2]);
        Assert.Equal(symbols["bigend"], words[3]);
        Assert.Equal(0UL, words[4]);
    }

    /// <summary>The 8-byte words at <paramref name="offsets"/> (ascending) of a stream read to its end, and its length.</summary>
    internal static ulong[] InflatedWords(Stream stream, ulong[] offsets, out ulong length)
    {
        var words = new ulong[offsets.Length];
        var buffer = new byte[1 << 20];
        ulong at = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            for (int i = 0; i < offsets.Length; i++)
                for (int b = 0; b < 8; b++)
                {
                    ulong want = offsets[i] + (ulong)b;
                    if (want >= at && want < at + (ulong)n) words[i] |= (ulong)buffer[(int)(want - at)] << (8 * b);
                }
            at += (ulong)n;
        }
        stream.Dispose();
        length = at;
        return words;
    }

    /// <summary>A PIE whose .rela.dyn passes 2 GiB: 90 million R_X86_64_RELATIVE relocations, from one object of 30
    /// million R_X86_64_64 relocations given three times (it defines no global). Each field points at itself, so each
    /// dynamic relocation's addend is its own offset; ld.so applies them all and the program runs.</summary>
    [Fact]
    public void RelaDynPast2GiB()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        RequireSpace(dir, 5 * GiB);
        string main = Tools.Assemble(dir, "main", """
                    .text
                    .globl _start
            _start: mov $60, %eax
                    mov $42, %edi
                    syscall
            """);
        const int perObject = 30_000_000;
        string many = dir.PathOf("many.o");
        WriteSelfPointers(many, perObject);
        string ours = dir.PathOf("wild.out");
        Tools.Run(wild, dir.Dir, ["-pie", "-dynamic-linker", "/lib64/ld-linux-x86-64.so.2", "-o", ours, main, many, many, many]);
        Tools.AssertRuns(ours, 42, "");

        using var elf = ELFReader.Load<ulong>(ours);
        var rela = elf.Sections.Single(s => s.Name == ".rela.dyn");
        var data = elf.Sections.Single(s => s.Name == ".data");
        Assert.Equal(3UL * perObject * 24, rela.Size);
        Assert.True(rela.Size > 2 * GiB);
        using var file = File.OpenRead(ours);
        var entry = new byte[24];
        foreach (ulong index in new[] { 0UL, (ulong)perObject + 1, 3UL * perObject - 1 })
        {
            file.Position = (long)(rela.Offset + index * 24);
            file.ReadExactly(entry);
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(entry);
            Assert.Equal(8UL, BinaryPrimitives.ReadUInt64LittleEndian(entry.AsSpan(8))); // R_X86_64_RELATIVE, no symbol
            Assert.Equal(offset, BinaryPrimitives.ReadUInt64LittleEndian(entry.AsSpan(16)));
            Assert.InRange(offset, data.LoadAddress, data.LoadAddress + data.Size - 8);
        }
    }

    /// <summary>An ET_REL object whose .data holds <paramref name="count"/> words (a hole in the file), each relocated
    /// by R_X86_64_64 against .data's section symbol to its own address.</summary>
    private static void WriteSelfPointers(string path, int count)
    {
        var shstrtab = Encoding.ASCII.GetBytes("\0.data\0.rela.data\0.symtab\0.strtab\0.shstrtab\0");
        int Name(string n) => Encoding.ASCII.GetString(shstrtab).IndexOf("\0" + n + "\0", StringComparison.Ordinal) + 1;
        ulong dataSize = (ulong)count * 8, dataAt = 0x1000, relaAt = dataAt + dataSize, relaSize = (ulong)count * 24;
        ulong symtabAt = relaAt + relaSize, strtabAt = symtabAt + 48, shstrtabAt = strtabAt + 1;
        ulong shdrAt = (shstrtabAt + (ulong)shstrtab.Length + 7) & ~7UL;
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var header = new byte[64];
        new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 }.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(16), 1); // ET_REL
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(18), 62); // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(40), shdrAt);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(52), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(58), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(60), 6);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(62), 5);
        file.Write(header);
        file.Position = (long)relaAt;
        var block = new byte[24 * 4096];
        for (int i = 0; i < count; i += 4096)
        {
            int n = Math.Min(4096, count - i);
            for (int k = 0; k < n; k++)
            {
                ulong at = (ulong)(i + k) * 8;
                BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(k * 24), at);
                BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(k * 24 + 8), (1UL << 32) | 1); // .data's symbol, R_X86_64_64
                BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(k * 24 + 16), at);
            }
            file.Write(block, 0, n * 24);
        }
        var symtab = new byte[48];
        symtab[24 + 4] = 3; // STB_LOCAL, STT_SECTION
        BinaryPrimitives.WriteUInt16LittleEndian(symtab.AsSpan(24 + 6), 1);
        file.Write(symtab);
        file.WriteByte(0); // .strtab
        file.Write(shstrtab);
        file.Position = (long)shdrAt;
        var headers = new (int Name, uint Type, ulong Flags, ulong Offset, ulong Size, uint Link, uint Info, ulong Align, ulong EntSize)[]
        {
            default,
            (Name(".data"), 1, 3, dataAt, dataSize, 0, 0, 8, 0),
            (Name(".rela.data"), 4, 0x40, relaAt, relaSize, 3, 1, 8, 24),
            (Name(".symtab"), 2, 0, symtabAt, 48, 4, 2, 8, 24),
            (Name(".strtab"), 3, 0, strtabAt, 1, 0, 0, 1, 0),
            (Name(".shstrtab"), 3, 0, shstrtabAt, (ulong)shstrtab.Length, 0, 0, 1, 0),
        };
        var shdr = new byte[64];
        foreach (var h in headers)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(shdr, (uint)h.Name);
            BinaryPrimitives.WriteUInt32LittleEndian(shdr.AsSpan(4), h.Type);
            BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(8), h.Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(16), 0);
            BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(24), h.Offset);
            BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(32), h.Size);
            BinaryPrimitives.WriteUInt32LittleEndian(shdr.AsSpan(40), h.Link);
            BinaryPrimitives.WriteUInt32LittleEndian(shdr.AsSpan(44), h.Info);
            BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(48), h.Align);
            BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(56), h.EntSize);
            file.Write(shdr);
        }
    }

    /// <summary>An SHF_MERGE|SHF_STRINGS .debug_str of 2 GiB (no relocations, so it would be merged) is copied as it
    /// stands, unmerged: splitting it into pieces would need it as one span.</summary>
    [Fact]
    public void AWideStringSectionIsCopiedUnmerged()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        RequireSpace(dir, 6 * GiB);
        string main = Tools.Assemble(dir, "main", Main);
        string wide = dir.PathOf("wide.o");
        WriteWideObject(wide, debugName: ".debug_str", debugFlags: 0x30);
        string ours = dir.PathOf("wild.out");
        Tools.Run(wild, dir.Dir, ["-static", "-o", ours, main, wide]);
        Tools.AssertRuns(ours, 42, "");
        using var elf = ELFReader.Load<ulong>(ours);
        var str = elf.Sections.Single(s => s.Name == ".debug_str");
        Assert.Equal(Size, str.Size);
        Assert.Equal(DebugMarker, ReadWord(ours, str.Offset + Marker));
    }

    /// <summary>A reader that needs a wide section as one span (here .comment's, which gathers the inputs' version
    /// strings) refuses it by name instead of failing on a span.</summary>
    [Fact]
    public void AWholeSectionReaderRefusesAWideSectionByName()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        RequireSpace(dir, 6 * GiB);
        string main = Tools.Assemble(dir, "main", Main);
        string wide = dir.PathOf("wide.o");
        WriteWideObject(wide, debugName: ".comment");
        var r = ProcessRunner.Run(wild, ["-static", "-o", dir.PathOf("wild.out"), main, wide], dir.Dir, TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 1, r.Describe());
        Assert.Contains("wide.o: section [3] .comment is 2147487744 bytes, and this use of it reads it as one span", r.Stderr);
        Assert.False(File.Exists(dir.PathOf("wild.out")));
    }

    /// <summary>
    /// An ET_REL object with two sections of <see cref="Size"/> bytes, written sparse: .data.big (SHF_ALLOC|SHF_WRITE)
    /// and <paramref name="debugName"/> (<paramref name="debugFlags"/>, SHF_MERGE|SHF_STRINGS making it strings), each with a marker past 2 GiB and relocations at both ends and past
    /// 2 GiB, and the globals bigstart (.data.big+0), bigend (its last word) and bigmark (the marker). With
    /// <paramref name="compressDebug"/>, the second section is stored SHF_COMPRESSED (zlib), about 2 MB.
    /// </summary>
    internal static void WriteWideObject(string path, string debugName = ".debug_big", ulong debugFlags = 0, bool compressDebug = false)
    {
        const uint R_X86_64_64 = 1, R_X86_64_PC32 = 2, R_X86_64_32 = 10;
        const uint Bigstart = 1, Bigend = 2, Bigmark = 3;
        var dataRela = new (ulong Offset, uint Sym, uint Type, long Addend)[]
        {
            (0, Bigend, R_X86_64_64, 0), (Size - 8, Bigstart, R_X86_64_64, 0),
            (FarAbs, Bigmark, R_X86_64_64, 8), (FarPc, Bigend, R_X86_64_PC32, 0),
        };
        var debugRela = new (ulong Offset, uint Sym, uint Type, long Addend)[]
        {
            (0, Bigstart, R_X86_64_64, 0), (Size - 8, Bigend, R_X86_64_64, 0), (FarAbs, Bigmark, R_X86_64_32, 0),
        };
        var strtab = Encoding.ASCII.GetBytes("\0bigstart\0bigend\0bigmark\0");
        var shstrtab = Encoding.ASCII.GetBytes($"\0.data.big\0.rela.data.big\0{debugName}\0.rela{debugName}\0.symtab\0.strtab\0.shstrtab\0");
        int Name(string s) => Encoding.ASCII.GetString(shstrtab).IndexOf("\0" + s + "\0", StringComparison.Ordinal) + 1;

        var compressed = compressDebug ? CompressedDebug() : null;
        ulong debugStored = compressed is null ? Size : (ulong)compressed.Length;
        ulong dataAt = 0x1000, debugAt = dataAt + Size, tablesAt = (debugAt + debugStored + 7) & ~7UL;
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        var tables = new MemoryStream();
        void Put(Stream s, ulong v, int width)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(b, v);
            s.Write(b[..width]);
        }
        ulong Rela((ulong Offset, uint Sym, uint Type, long Addend)[] relocs)
        {
            ulong at = tablesAt + (ulong)tables.Length;
            foreach (var (o, sym, type, addend) in relocs)
            {
                Put(tables, o, 8);
                Put(tables, ((ulong)sym << 32) | type, 8);
                Put(tables, (ulong)addend, 8);
            }
            return at;
        }
        ulong dataRelaAt = Rela(dataRela), debugRelaAt = Rela(debugRela);
        ulong symtabAt = tablesAt + (ulong)tables.Length;
        tables.Write(new byte[24]);
        foreach (var (name, value) in new[] { (1, 0UL), (10, Size - 8), (17, Marker) })
        {
            Put(tables, (ulong)name, 4);
            tables.WriteByte(0x11); // STB_GLOBAL, STT_OBJECT
            tables.WriteByte(0);
            Put(tables, 1, 2); // .data.big
            Put(tables, value, 8);
            Put(tables, 8, 8);
        }
        ulong strtabAt = tablesAt + (ulong)tables.Length;
        tables.Write(strtab);
        ulong shstrtabAt = tablesAt + (ulong)tables.Length;
        tables.Write(shstrtab);
        while (tables.Length % 8 != 0) tables.WriteByte(0);
        ulong shdrAt = tablesAt + (ulong)tables.Length;
        var headers = new (int Name, uint Type, ulong Flags, ulong Offset, ulong Size, uint Link, uint Info, ulong Align, ulong EntSize)[]
        {
            default,
            (Name(".data.big"), 1, 3, dataAt, Size, 0, 0, 8, 0),
            (Name(".rela.data.big"), 4, 0x40, dataRelaAt, (ulong)dataRela.Length * 24, 5, 1, 8, 24),
            compressed is null
                ? (Name(debugName), 1u, debugFlags, debugAt, Size, 0u, 0u, 1UL, debugFlags == 0 ? 0UL : 1)
                : (Name(debugName), 1u, debugFlags | 0x800, debugAt, debugStored, 0u, 0u, 8UL, 0UL),
            // Strings are merged only when nothing relocates them: with flags, the relocation section is SHT_NULL.
            debugFlags == 0
                ? (Name(".rela" + debugName), 4u, 0x40UL, debugRelaAt, (ulong)debugRela.Length * 24, 5u, 3u, 8UL, 24UL)
                : (Name(".rela" + debugName), 0u, 0UL, 0UL, 0UL, 0u, 0u, 0UL, 0UL),
            (Name(".symtab"), 2, 0, symtabAt, 4 * 24, 6, 1, 8, 24),
            (Name(".strtab"), 3, 0, strtabAt, (ulong)strtab.Length, 0, 0, 1, 0),
            (Name(".shstrtab"), 3, 0, shstrtabAt, (ulong)shstrtab.Length, 0, 0, 1, 0),
        };
        foreach (var h in headers)
        {
            Put(tables, (ulong)h.Name, 4);
            Put(tables, h.Type, 4);
            Put(tables, h.Flags, 8);
            Put(tables, 0, 8);
            Put(tables, h.Offset, 8);
            Put(tables, h.Size, 8);
            Put(tables, h.Link, 4);
            Put(tables, h.Info, 4);
            Put(tables, h.Align, 8);
            Put(tables, h.EntSize, 8);
        }

        file.Write([0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        Put(file, 1, 2); // ET_REL
        Put(file, 62, 2); // EM_X86_64
        Put(file, 1, 4);
        Put(file, 0, 8);
        Put(file, 0, 8);
        Put(file, shdrAt, 8);
        Put(file, 0, 4);
        Put(file, 64, 2);
        Put(file, 0, 2);
        Put(file, 0, 2);
        Put(file, 64, 2);
        Put(file, (ulong)headers.Length, 2);
        Put(file, (ulong)headers.Length - 1, 2);
        // The markers; everything else of the two sections is a hole.
        file.Position = (long)(dataAt + Marker);
        Put(file, DataMarker, 8);
        if (compressed is null)
        {
            file.Position = (long)(debugAt + Marker);
            Put(file, DebugMarker, 8);
        }
        else
        {
            file.Position = (long)debugAt;
            file.Write(compressed);
        }
        file.Position = (long)tablesAt;
        tables.Position = 0;
        tables.CopyTo(file);
    }

    /// <summary>An Elf64_Chdr (zlib, ch_size <see cref="Size"/>) and the zlib stream of <see cref="Size"/> bytes that
    /// are zeros but for <see cref="DebugMarker"/> at <see cref="Marker"/>: a few seconds of zlib over zeros.</summary>
    private static byte[] CompressedDebug()
    {
        var stored = new MemoryStream();
        var chdr = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(chdr, 1); // ELFCOMPRESS_ZLIB
        BinaryPrimitives.WriteUInt64LittleEndian(chdr.AsSpan(8), Size);
        BinaryPrimitives.WriteUInt64LittleEndian(chdr.AsSpan(16), 1);
        stored.Write(chdr);
        using (var zlib = new System.IO.Compression.ZLibStream(stored, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            var chunk = new byte[1 << 20];
            for (ulong at = 0; at < Size; at += (ulong)chunk.Length)
            {
                int n = (int)Math.Min((ulong)chunk.Length, Size - at);
                bool marked = Marker >= at && Marker < at + (ulong)n;
                if (marked) BinaryPrimitives.WriteUInt64LittleEndian(chunk.AsSpan((int)(Marker - at)), DebugMarker);
                zlib.Write(chunk, 0, n);
                if (marked) chunk.AsSpan().Clear();
            }
        }
        return stored.ToArray();
    }

    internal static ulong ReadWord(string path, ulong offset)
    {
        using var file = File.OpenRead(path);
        file.Position = (long)offset;
        var bytes = new byte[8];
        file.ReadExactly(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    private static void RequireSpace(Scratch dir, ulong bytes)
    {
        var drive = new DriveInfo(dir.Dir);
        Assert.True((ulong)drive.AvailableFreeSpace > bytes,
            $"these tests need {bytes >> 30} GiB free under {dir.Dir} (the output's space is reserved); {drive.AvailableFreeSpace >> 30} GiB are");
    }
}
