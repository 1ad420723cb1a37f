// Outputs and sections past 2 and 4 GiB (issue 18): linked by the `wild` command (zero-copy inputs, as users run it)
// and by ld.lld-19 on the same small generated objects. Far offsets come from sections aligned to 1 GiB (the files
// stay sparse, so a 5 GiB output costs little disk traffic), real bytes from one 768 MiB object given three times.
// GNU ld writes every padding byte of these layouts (minutes on a CI machine), so lld is the reference the tests run;
// GNU ld's links of the same inputs agreed when these tests were written (the .data sizes, the marker offsets, the
// programs' exit codes). Each scratch directory, with its big files, is removed at the end of its test.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class BigOutputTests
{
    private const ulong GiB = 1UL << 30;
    private const string Lld = "/usr/bin/ld.lld-19";

    // _start reads mark5 (past 4 GiB) through an R_X86_64_64 address and through a pointer an R_X86_64_64
    // relocation wrote into .data, and exits 42 when both are right.
    private const string Main = """
                .text
                .globl _start
        _start:
                movabs $mark5, %rax
                mov (%rax), %rdi
                movabs $0x1122334455667755, %rcx
                cmp %rcx, %rdi
                jne 1f
                movabs $ptr5, %rax
                mov (%rax), %rax
                movabs $mark5, %rdx
                cmp %rax, %rdx
                jne 1f
                mov $60, %eax
                mov $42, %edi
                syscall
        1:      mov $60, %eax
                mov $1, %edi
                syscall
                .data
                .globl ptr5
        ptr5:   .quad mark5
        """;

    private static string Marker(int i, ulong align) => $"""
                .section .data.m{i},"aw",@progbits
                .balign 0x{align:x}
                .globl mark{i}
        mark{i}: .quad 0x11223344556677{i}{i}
        """;

    [Fact]
    public void OutputPast4GiBRunsAndAgreesWithLld()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        Assert.True(File.Exists(Lld), "ld.lld-19 (Debian package lld-19) is required: it is the reference for outputs past 4 GiB");
        using var dir = new Scratch();
        RequireSpace(dir, 12 * GiB);
        var objects = new List<string> { Tools.Assemble(dir, "main", Main) };
        for (int i = 1; i <= 5; i++) objects.Add(Tools.Assemble(dir, $"d{i}", Marker(i, GiB)));
        string ours = dir.PathOf("wild.out"), reference = dir.PathOf("lld.out");
        Tools.Run(wild, dir.Dir, ["-static", "-o", ours, .. objects]);
        Tools.Run(Lld, dir.Dir, ["-static", "-o", reference, .. objects]);

        Assert.True(new FileInfo(ours).Length > (long)(4 * GiB), $"the output is {new FileInfo(ours).Length} bytes");
        Tools.AssertRuns(ours, 42, "");
        Tools.AssertRuns(reference, 42, "");
        var a = Image.Read(ours);
        var b = Image.Read(reference);
        Assert.Equal(b.Data.Size, a.Data.Size);
        Assert.Equal(b.Data.Alignment, a.Data.Alignment);
        for (int i = 1; i <= 5; i++)
        {
            ulong expected = 0x1122334455667700UL + (ulong)(i * 0x11);
            Assert.Equal(expected, a.Word(a.Symbol($"mark{i}")));
            Assert.Equal(expected, b.Word(b.Symbol($"mark{i}")));
            // Each marker lies where lld puts it, relative to .data (addresses may differ between the linkers).
            Assert.Equal(b.Symbol($"mark{i}") - b.Data.LoadAddress, a.Symbol($"mark{i}") - a.Data.LoadAddress);
        }
        Assert.True(a.Symbol("mark5") - a.Data.LoadAddress > 4 * GiB);
        // The pointer the R_X86_64_64 relocation wrote, read back from the file.
        Assert.Equal(a.Symbol("mark5"), a.Word(a.Symbol("ptr5")));
    }

    [Fact]
    public void Pc32ToATargetPast2GiBIsRefusedByName()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        Assert.True(File.Exists(Lld), "ld.lld-19 (Debian package lld-19) is required: it is the reference for outputs past 4 GiB");
        using var dir = new Scratch();
        RequireSpace(dir, 6 * GiB);
        string main = Tools.Assemble(dir, "pc32", """
                    .text
                    .globl _start
            _start: lea mark3(%rip), %rax
                    mov $60, %eax
                    syscall
            """);
        var objects = new List<string> { main };
        for (int i = 1; i <= 3; i++) objects.Add(Tools.Assemble(dir, $"d{i}", Marker(i, GiB)));
        var ours = ProcessRunner.Run(wild, ["-static", "-o", dir.PathOf("wild.out"), .. objects], dir.Dir, TimeSpan.FromMinutes(2));
        var reference = ProcessRunner.Run(Lld, ["-static", "-o", dir.PathOf("lld.out"), .. objects], dir.Dir, TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, reference.ExitCode);
        Assert.Contains("R_X86_64_PC32 out of range", reference.Stderr);
        Assert.Equal(1, ours.ExitCode);
        Assert.Contains("pc32.o:(.text+0x3): relocation R_X86_64_PC32 out of range", ours.Stderr);
        Assert.Contains("mark3", ours.Stderr);
        Assert.False(File.Exists(dir.PathOf("wild.out")));
    }

    /// <summary>A non-allocated .debug_* section past 4 GiB, as DWARF64 makes them: five pieces aligned to 1 GiB, each
    /// holding an 8-byte offset of itself in the section (R_X86_64_64 against the section, what DW_FORM_sec_offset is in
    /// DWARF64) and the address of _start (DW_FORM_addr). Section offsets past 4 GiB need all 64 bits.</summary>
    [Fact]
    public void DebugSectionPast4GiBTakes64BitOffsets()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        Assert.True(File.Exists(Lld), "ld.lld-19 (Debian package lld-19) is required: it is the reference for outputs past 4 GiB");
        using var dir = new Scratch();
        RequireSpace(dir, 12 * GiB);
        var objects = new List<string> { Tools.Assemble(dir, "start", """
                    .text
                    .globl _start
            _start: mov $60, %eax
                    mov $42, %edi
                    syscall
            """) };
        for (int i = 1; i <= 5; i++)
            objects.Add(Tools.Assemble(dir, $"g{i}", $"""
                        .section .debug_big,"",@progbits
                        .balign 0x40000000
                .Lhere{i}:
                        .quad .Lhere{i}
                        .quad _start
                """));
        string ours = dir.PathOf("wild.out"), reference = dir.PathOf("lld.out");
        Tools.Run(wild, dir.Dir, ["-static", "-o", ours, .. objects]);
        Tools.Run(Lld, dir.Dir, ["-static", "-o", reference, .. objects]);
        Tools.AssertRuns(ours, 42, "");
        var (size, offset) = NonAllocSection(ours, ".debug_big");
        var (lldSize, lldOffset) = NonAllocSection(reference, ".debug_big");
        Assert.Equal(lldSize, size);
        Assert.True(size > 4 * GiB, $".debug_big is {size} bytes");
        ulong start = Image.Read(ours).Symbol("_start");
        for (ulong piece = 0; piece < 5; piece++)
        {
            ulong at = piece * GiB;
            Assert.Equal(at, ReadWord(ours, offset + at));
            Assert.Equal(at, ReadWord(reference, lldOffset + at));
            Assert.Equal(start, ReadWord(ours, offset + at + 8));
        }
    }

    private static (ulong Size, ulong Offset) NonAllocSection(string path, string name)
    {
        using var elf = ELFReader.Load<ulong>(path);
        var s = elf.Sections.Single(x => x.Name == name);
        Assert.Equal(0UL, (ulong)s.Flags & (ulong)SectionFlags.Allocatable);
        return (s.Size, s.Offset);
    }

    private static ulong ReadWord(string path, ulong offset)
    {
        using var file = File.OpenRead(path);
        file.Position = (long)offset;
        var bytes = new byte[8];
        file.ReadExactly(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    /// <summary>An output section of real bytes past 2 GiB, concatenated from three 768 MiB inputs (one object given
    /// three times: it defines no symbol), and a marker after them that the program reads.</summary>
    [Fact]
    public void ConcatenatedSectionPast2GiBIsCopiedWhole()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        Assert.True(File.Exists(Lld), "ld.lld-19 (Debian package lld-19) is required: it is the reference for outputs past 4 GiB");
        using var dir = new Scratch();
        RequireSpace(dir, 8 * GiB);
        string main = Tools.Assemble(dir, "main", Main);
        // A non-zero word at each end of the big section, so a misplaced copy shows.
        string big = Tools.Assemble(dir, "big", """
                    .section .data.big,"aw",@progbits
                    .quad 0x0102030405060708
                    .zero 0x2ffffff0
                    .quad 0x0807060504030201
            """);
        string tail = Tools.Assemble(dir, "tail", Marker(5, 8));
        string[] objects = [main, big, big, big, tail];
        string ours = dir.PathOf("wild.out"), reference = dir.PathOf("lld.out");
        Tools.Run(wild, dir.Dir, ["-static", "-o", ours, .. objects]);
        Tools.AssertRuns(ours, 42, "");
        var a = Image.Read(ours);
        Assert.True(a.Data.Size > 2 * GiB + GiB / 4, $".data is {a.Data.Size} bytes");
        // The third copy's last word ends right before mark5 (both are 8-aligned and 8 long).
        ulong mark = a.Symbol("mark5");
        Assert.Equal(0x0807060504030201UL, a.Word(mark - 8));
        Assert.Equal(0x0102030405060708UL, a.Word(mark - 0x30000000));
        Assert.Equal(0x0807060504030201UL, a.Word(mark - 0x30000000 - 8));
        Tools.Run(Lld, dir.Dir, ["-static", "-o", reference, .. objects]);
        var b = Image.Read(reference);
        Assert.Equal(b.Data.Size, a.Data.Size);
        Assert.Equal(b.Symbol("mark5") - b.Data.LoadAddress, mark - a.Data.LoadAddress);
    }

    /// <summary>sh_addralign 2^31 (legal ELF, the most the reader accepts): the object itself is past 2 GiB (the
    /// assembler places the section at a file offset of 2 GiB) and so is the output; both link and run.</summary>
    [Fact]
    public void InputAndOutputPast2GiBFromAnAlignmentOf2To31()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        RequireSpace(dir, 5 * GiB);
        string main = Tools.Assemble(dir, "main", Main);
        string far = Tools.Assemble(dir, "far", Marker(5, 1UL << 31));
        Assert.True(new FileInfo(far).Length > (long)(2 * GiB));
        string ours = dir.PathOf("wild.out");
        Tools.Run(wild, dir.Dir, ["-static", "-o", ours, main, far]);
        Tools.AssertRuns(ours, 42, "");
        var a = Image.Read(ours);
        Assert.Equal(0UL, a.Symbol("mark5") % (1UL << 31));
        Assert.Equal(0x1122334455667755UL, a.Word(a.Symbol("mark5")));
    }

    /// <summary>An archive past 2 GiB: a 3 GiB member that is a hole in the file (so it costs no disk), then the
    /// object that defines mark5, found through the archive's index at an offset past 3 GiB. GNU ld reads only the
    /// member it loads, so it is the reference here; both programs exit 42 and agree on .data.</summary>
    [Fact]
    public void ArchivePast2GiBIsReadAt64BitOffsets()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        RequireSpace(dir, 1 * GiB);
        string main = Tools.Assemble(dir, "main", """
                    .text
                    .globl _start
            _start: movabs $mark5, %rax
                    mov (%rax), %rdi
                    movabs $0x1122334455667755, %rcx
                    cmp %rcx, %rdi
                    jne 1f
                    mov $60, %eax
                    mov $42, %edi
                    syscall
            1:      mov $60, %eax
                    mov $1, %edi
                    syscall
            """);
        string far = Tools.Assemble(dir, "far", Marker(5, 8));
        string archive = dir.PathOf("libfar.a");
        WriteSparseArchive(archive, 3 * GiB, File.ReadAllBytes(far), "mark5");
        Assert.True(new FileInfo(archive).Length > (long)(3 * GiB));
        string ours = dir.PathOf("wild.out"), reference = dir.PathOf("ld.out");
        Tools.Run(wild, dir.Dir, ["-static", "-o", ours, main, archive]);
        Tools.Run("ld.bfd", dir.Dir, ["-static", "-o", reference, main, archive]);
        Tools.AssertRuns(ours, 42, "");
        Tools.AssertRuns(reference, 42, "");
        var a = Image.Read(ours);
        var b = Image.Read(reference);
        // Where .data lies may differ a little between the linkers; inside it, nothing does.
        Assert.Equal(b.Symbol("mark5") - b.Data.LoadAddress, a.Symbol("mark5") - a.Data.LoadAddress);
        Assert.Equal(b.Data.Size, a.Data.Size);
        Assert.Equal(0x1122334455667755UL, a.Word(a.Symbol("mark5")));
    }

    /// <summary>"!&lt;arch&gt;", a SysV index naming <paramref name="symbol"/>, a member of <paramref name="padding"/>
    /// bytes left as a hole, then <paramref name="member"/>.</summary>
    private static void WriteSparseArchive(string path, ulong padding, byte[] member, string symbol)
    {
        static byte[] Header(string name, ulong size) =>
            System.Text.Encoding.ASCII.GetBytes($"{name,-16}{"0",-12}{"0",-6}{"0",-6}{"644",-8}{size,-10}`\n");
        var names = System.Text.Encoding.ASCII.GetBytes(symbol + "\0" + (symbol.Length % 2 == 1 ? "" : "\0"));
        ulong indexSize = 8 + (ulong)names.Length;
        ulong memberHeader = 8 + 60 + indexSize + 60 + padding;
        Assert.True(memberHeader < uint.MaxValue, "a SysV index holds 32-bit offsets");
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.Write("!<arch>\n"u8);
        file.Write(Header("/", indexSize));
        Span<byte> word = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(word, 1);
        file.Write(word);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(word, (uint)memberHeader);
        file.Write(word);
        file.Write(names);
        file.Write(Header("pad.bin/", padding));
        file.Seek((long)padding, SeekOrigin.Current);
        Assert.Equal((long)memberHeader, file.Position);
        file.Write(Header("far.o/", (ulong)member.Length));
        file.Write(member);
        if (member.Length % 2 == 1) file.Write("\n"u8);
    }

    private static void RequireSpace(Scratch dir, ulong bytes)
    {
        var drive = new DriveInfo(dir.Dir);
        Assert.True((ulong)drive.AvailableFreeSpace > bytes,
            $"these tests need {bytes >> 30} GiB free under {dir.Dir} (outputs past 4 GiB); {drive.AvailableFreeSpace >> 30} GiB are");
    }

    /// <summary>What the tests read of an output, with ELFSharp (an independent reader): .data, the symbols, and a word
    /// at an address (through the section that holds it, read from the file at its 64-bit offset).</summary>
    private sealed class Image
    {
        private readonly string _path;
        private readonly List<(ulong Address, ulong Offset, ulong Size)> _sections = [];
        private readonly Dictionary<string, ulong> _symbols = [];

        private Image(string path) => _path = path;

        public (ulong Size, ulong Alignment, ulong LoadAddress) Data { get; private set; }

        public static Image Read(string path)
        {
            var image = new Image(path);
            using var elf = ELFReader.Load<ulong>(path);
            foreach (var s in elf.Sections)
            {
                if (s.Type == SectionType.ProgBits && (s.Flags & SectionFlags.Allocatable) != 0)
                    image._sections.Add((s.LoadAddress, s.Offset, s.Size));
                if (s.Name == ".data") image.Data = (s.Size, s.Alignment, s.LoadAddress);
            }
            foreach (var table in elf.GetSections<SymbolTable<ulong>>())
                foreach (var e in table.Entries)
                    if (e.Name.Length > 0) image._symbols[e.Name] = e.Value;
            return image;
        }

        public ulong Symbol(string name) => _symbols.TryGetValue(name, out ulong v) ? v : throw new Xunit.Sdk.XunitException($"{_path}: no symbol {name}");

        public ulong Word(ulong address)
        {
            var (start, offset, _) = _sections.Single(s => address >= s.Address && address + 8 <= s.Address + s.Size);
            return ReadWord(_path, offset + (address - start));
        }
    }
}
