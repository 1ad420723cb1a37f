// Issue 18, the sizes left after WideInputSectionTests: an SHF_MERGE string section merged to 4 GiB or more (a DWARF64
// .debug_str), and one object whose .symtab, .strtab and relocation section each pass 2 GiB. The objects are written
// here (an assembler would take minutes): the tables sparse, so they cost no disk traffic; the strings are real bytes,
// since a string holds no NUL. GNU ld is not run here, being too slow: when this was written it linked the strings
// object in 309 s (wild: 48 s, both on a loaded machine) to the same 4.1 GiB .debug_str, byte for byte, and the same
// .debug_info words; on the tables object it stopped with "memory exhausted" under a 12 GB cap. Each test needs
// 20 GiB free and says so, passing without linking, when short.
using System.Buffers.Binary;
using System.Text;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Tests.Corpus;
using Xunit.Abstractions;

namespace Wild.Engine.Tests.Engine;

public sealed class HugeTableTests(ITestOutputHelper output)
{
    private const ulong GiB = 1UL << 30;
    private const int StringLength = 4096; // with its NUL
    private const int StringsPerMember = 360_448; // 1.375 GiB of strings in each of three .debug_str inputs
    private const ulong MemberSize = (ulong)StringsPerMember * StringLength;

    private const string Exit42 = """
                .text
                .globl _start
        _start: mov $60, %eax
                mov $42, %edi
                syscall
        """;

    /// <summary>Three .debug_str inputs of 1.375 GiB of distinct strings and a fourth that repeats the last string of
    /// the third and adds one: merged, .debug_str passes 4 GiB, so the repeat and the new string lie past 4 GiB and are
    /// reached through 64-bit piece offsets. A .debug_info holds R_X86_64_64 (DWARF64's form) and R_X86_64_32
    /// references to them; each must lead to its string in the output.</summary>
    [Fact]
    public void AMergedStringSectionPast4GiB()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        if (!HasSpace(dir)) return;
        string main = Tools.Assemble(dir, "main", Exit42);
        string big = dir.PathOf("strings.o");
        var refs = WriteStringsObject(big);
        string ours = dir.PathOf("wild.out");
        Tools.Run(wild, dir.Dir, ["-static", "-o", ours, main, big]);
        Tools.AssertRuns(ours, 42, "");

        using var elf = ELFReader.Load<ulong>(ours);
        var str = elf.Sections.Single(s => s.Name == ".debug_str");
        var info = elf.Sections.Single(s => s.Name == ".debug_info");
        Assert.Equal(3 * MemberSize + 5, str.Size);
        Assert.True(((ulong)str.Flags & 0x30) == 0x30, ".debug_str lost SHF_MERGE|SHF_STRINGS");
        using var file = File.OpenRead(ours);
        for (int i = 0; i < refs.Length; i++)
        {
            var (width, text, at) = refs[i];
            ulong value = ReadAt(file, info.Offset + (ulong)i * 8, 8);
            if (width == 4) value &= uint.MaxValue;
            Assert.Equal(at, value);
            Assert.Equal(text, ReadString(file, str.Offset + value));
        }
    }

    /// <summary>One object whose .symtab (89.5 million symbols, all but two null locals), .strtab (the global's name
    /// past 2 GiB) and .rela.data (89.5 million entries, all but the last R_X86_64_NONE) each pass 2 GiB. _start names
    /// the global, found by that name; the last relocation writes its address beside it, which _start checks.</summary>
    [Fact]
    public void SymbolStringAndRelocationTablesPast2GiB()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        if (!HasSpace(dir)) return;
        string main = Tools.Assemble(dir, "main", """
                    .text
                    .globl _start
            _start: movabs $bigsym, %rax
                    mov 8(%rax), %rdi
                    cmp %rax, %rdi
                    jne 1f
                    mov $60, %eax
                    mov $42, %edi
                    syscall
            1:      mov $60, %eax
                    mov $1, %edi
                    syscall
            """);
        string big = dir.PathOf("tables.o");
        WriteTablesObject(big);
        string ours = dir.PathOf("wild.out");
        Tools.Run(wild, dir.Dir, ["-static", "--discard-all", "-o", ours, main, big]);
        Tools.AssertRuns(ours, 42, "");
        using var elf = ELFReader.Load<ulong>(ours);
        var bigsym = elf.GetSections<SymbolTable<ulong>>().SelectMany(t => t.Entries).Single(e => e.Name == "bigsym");
        Assert.Equal(elf.Sections.Single(s => s.Name == ".data").LoadAddress, bigsym.Value);
    }

    /// <summary>What stays refused, by name: 2^31 symbols in one object, or 2^31 relocations in one section (48 GiB
    /// tables, written as holes): symbol ids and relocation indices are 32-bit.</summary>
    [Fact]
    public void TwoToThe31SymbolsOrRelocationsAreRefusedByName()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        const ulong Entries = (ulong)int.MaxValue + 1;
        string symbols = dir.PathOf("symbols.o");
        var elf = new SparseObject();
        elf.Add(".symtab", 2, 0, Entries * 24, 8, 24, 2, 1, _ => { });
        elf.Add(".strtab", 3, 0, 1, 1, 0, 0, 0, file => file.WriteByte(0));
        elf.Write(symbols);
        string relocations = dir.PathOf("relocations.o");
        elf = new SparseObject();
        elf.Add(".data", 1, 3, 16, 8, 0, 0, 0, file => file.Write(new byte[16]));
        elf.Add(".rela.data", 4, 0x40, Entries * 24, 8, 24, 3, 1, _ => { });
        elf.Add(".symtab", 2, 0, 24, 8, 24, 4, 1, file => file.Write(new byte[24]));
        elf.Add(".strtab", 3, 0, 1, 1, 0, 0, 0, file => file.WriteByte(0));
        elf.Write(relocations);
        foreach (var (input, message) in new[]
        {
            (symbols, "symbols.o: symbol table [1] holds 2147483648 symbols; more than 2147483647 in one object are not supported"),
            (relocations, "relocations.o: relocation section [2] .rela.data holds 2147483648 relocations; more than 2147483647 in one section are not supported"),
        })
        {
            var r = ProcessRunner.Run(wild, ["-static", "-e", "0", "-o", dir.PathOf("wild.out"), input], dir.Dir, TimeSpan.FromMinutes(2));
            Assert.True(r.ExitCode == 1, r.Describe());
            Assert.Contains(message, r.Stderr);
            Assert.False(File.Exists(dir.PathOf("wild.out")));
        }
    }

    private bool HasSpace(Scratch dir)
    {
        var drive = new DriveInfo(dir.Dir);
        if ((ulong)drive.AvailableFreeSpace >= 20 * GiB) return true;
        output.WriteLine($"skipped: this test needs 20 GiB free under {dir.Dir}; {drive.AvailableFreeSpace >> 30} GiB are");
        return false;
    }

    private static string StringOf(int member, int i) => $"m{member}s{i:x8}";

    /// <summary>The whole string, as written: its name padded with 'x' to <see cref="StringLength"/> less its NUL.</summary>
    private static string FullString(int member, int i) => StringOf(member, i).PadRight(StringLength - 1, 'x');

    /// <summary>
    /// Writes the strings object and returns, per 8-byte word of its .debug_info, the width of its relocation (8:
    /// R_X86_64_64, 4: R_X86_64_32), the string it names and that string's offset in the merged output .debug_str.
    /// </summary>
    private static (int Width, string Text, ulong At)[] WriteStringsObject(string path)
    {
        const uint R_X86_64_64 = 1, R_X86_64_32 = 10;
        int last = StringsPerMember - 1;
        // Member 3 repeats member 2's last string (merged away to where member 2 put it) and adds "tail".
        byte[] tailMember = [.. StringBytes(2, last), .. "tail\0"u8];
        var refs = new (uint Section, ulong Addend, uint Type, int Width, string Text, ulong At)[]
        {
            (1, 0, R_X86_64_32, 4, FullString(0, 0), 0),
            (1, (ulong)7 * StringLength, R_X86_64_32, 4, FullString(0, 7), 7 * StringLength),
            (2, (ulong)5 * StringLength + 2, R_X86_64_64, 8, FullString(1, 5)[2..], MemberSize + 5 * StringLength + 2),
            (3, (ulong)last * StringLength, R_X86_64_64, 8, FullString(2, last), 2 * MemberSize + (ulong)last * StringLength),
            (4, 0, R_X86_64_64, 8, FullString(2, last), 2 * MemberSize + (ulong)last * StringLength),
            (4, StringLength + 1, R_X86_64_64, 8, "ail", 3 * MemberSize + 1),
        };
        var info = new byte[refs.Length * 8];
        var rela = new byte[refs.Length * 24];
        for (int i = 0; i < refs.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(rela.AsSpan(i * 24), (ulong)i * 8);
            BinaryPrimitives.WriteUInt64LittleEndian(rela.AsSpan(i * 24 + 8), ((ulong)refs[i].Section << 32) | refs[i].Type);
            BinaryPrimitives.WriteUInt64LittleEndian(rela.AsSpan(i * 24 + 16), refs[i].Addend);
        }
        var symtab = new byte[5 * 24];
        for (int s = 1; s <= 4; s++)
        {
            symtab[s * 24 + 4] = 3; // STB_LOCAL, STT_SECTION
            BinaryPrimitives.WriteUInt16LittleEndian(symtab.AsSpan(s * 24 + 6), (ushort)s);
        }
        var elf = new SparseObject();
        for (int m = 0; m < 3; m++)
        {
            int member = m;
            elf.Add(".debug_str", 1, 0x30, MemberSize, 1, 1, 0, 0, file => WriteStrings(file, member));
        }
        elf.Add(".debug_str", 1, 0x30, (ulong)tailMember.Length, 1, 1, 0, 0, file => file.Write(tailMember));
        elf.Add(".debug_info", 1, 0, (ulong)info.Length, 1, 0, 0, 0, file => file.Write(info));
        elf.Add(".rela.debug_info", 4, 0x40, (ulong)rela.Length, 8, 24, 7, 5, file => file.Write(rela));
        elf.Add(".symtab", 2, 0, (ulong)symtab.Length, 8, 24, 8, 5, file => file.Write(symtab));
        elf.Add(".strtab", 3, 0, 1, 1, 0, 0, 0, file => file.WriteByte(0));
        elf.Write(path);
        return [.. refs.Select(r => (r.Width, r.Text, r.At))];
    }

    private static byte[] StringBytes(int member, int i)
    {
        var bytes = new byte[StringLength];
        bytes.AsSpan().Fill((byte)'x');
        Encoding.ASCII.GetBytes(StringOf(member, i), bytes);
        bytes[^1] = 0;
        return bytes;
    }

    /// <summary>Member <paramref name="member"/>'s strings: each its name, then 'x' up to <see cref="StringLength"/>.</summary>
    private static void WriteStrings(FileStream file, int member)
    {
        const int PerBlock = 256;
        var block = new byte[PerBlock * StringLength];
        block.AsSpan().Fill((byte)'x');
        for (int k = 0; k < PerBlock; k++) block[(k + 1) * StringLength - 1] = 0;
        for (int i = 0; i < StringsPerMember; i += PerBlock)
        {
            for (int k = 0; k < PerBlock; k++) Encoding.ASCII.GetBytes(StringOf(member, i + k), block.AsSpan(k * StringLength));
            file.Write(block);
        }
    }

    /// <summary>The tables object: .data (16 bytes; bigsym at 0), .rela.data, .symtab and .strtab, each table past 2 GiB
    /// and a hole but for its last entries.</summary>
    private static void WriteTablesObject(string path)
    {
        const int Symbols = 89_500_000, Relocations = 89_500_000;
        const ulong NameAt = 2 * GiB + 16, StrtabSize = 2 * GiB + 4096;
        var global = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(global, (uint)NameAt);
        global[4] = 0x11; // STB_GLOBAL, STT_OBJECT
        BinaryPrimitives.WriteUInt16LittleEndian(global.AsSpan(6), 1); // .data
        BinaryPrimitives.WriteUInt64LittleEndian(global.AsSpan(16), 8);
        var dataSection = new byte[24];
        dataSection[4] = 3; // STB_LOCAL, STT_SECTION
        BinaryPrimitives.WriteUInt16LittleEndian(dataSection.AsSpan(6), 1);
        var far = new byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(far, 8);
        BinaryPrimitives.WriteUInt64LittleEndian(far.AsSpan(8), ((ulong)(Symbols - 1) << 32) | 1); // bigsym, R_X86_64_64
        var elf = new SparseObject();
        elf.Add(".data", 1, 3, 16, 8, 0, 0, 0, _ => { });
        elf.Add(".rela.data", 4, 0x40, (ulong)Relocations * 24, 8, 24, 3, 1, file =>
        {
            file.Seek((long)(Relocations - 1) * 24, SeekOrigin.Current);
            file.Write(far);
        });
        elf.Add(".symtab", 2, 0, (ulong)Symbols * 24, 8, 24, 4, (uint)Symbols - 1, file =>
        {
            file.Seek(24, SeekOrigin.Current);
            file.Write(dataSection);
            file.Seek((long)(Symbols - 3) * 24, SeekOrigin.Current);
            file.Write(global);
        });
        elf.Add(".strtab", 3, 0, StrtabSize, 1, 0, 0, 0, file =>
        {
            long start = file.Position;
            file.Seek((long)NameAt, SeekOrigin.Current);
            file.Write("bigsym\0"u8);
            file.Position = start + (long)StrtabSize - 1;
            file.WriteByte(0);
        });
        elf.Write(path);
    }

    private static ulong ReadAt(FileStream file, ulong offset, int width)
    {
        Span<byte> bytes = stackalloc byte[8];
        bytes.Clear();
        file.Position = (long)offset;
        file.ReadExactly(bytes[..width]);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    private static string ReadString(FileStream file, ulong offset)
    {
        var bytes = new byte[StringLength];
        file.Position = (long)offset;
        int n = file.Read(bytes);
        int end = Array.IndexOf(bytes, (byte)0, 0, n);
        return Encoding.ASCII.GetString(bytes, 0, end < 0 ? n : end);
    }
}
