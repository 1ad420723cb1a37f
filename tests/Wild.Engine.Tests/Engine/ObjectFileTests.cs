// Validation of relocatable objects: gcc-compiled objects with one field damaged must be rejected with
// the right ErrorId and a message naming the file, never with another exception type (also under a
// deterministic mutation sweep through a whole link). Archive framing is ArchiveTests' concern.
using System.Buffers.Binary;
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Tests.Engine;

public sealed class ObjectFileTests
{
    // Freestanding C with data, rodata, a merged string, relocations and .eh_frame, and its own _start,
    // so a link needs no C library.
    private const string Source = """
        static const char message[] = "mutated objects must fail cleanly";
        int counter = 5;
        const char *pointer = message;
        __attribute__((noinline)) int helper(int x) { return x + counter + (pointer[0] == 'm'); }
        void _start(void)
        {
            int code = helper(36);
            __asm__ volatile("mov %0, %%edi\n mov $60, %%eax\n syscall" :: "r"(code) : "rdi", "rax");
            __builtin_unreachable();
        }
        """;

    private static readonly string[] Flags = ["-fno-pie", "-ffreestanding", "-fno-stack-protector", "-fasynchronous-unwind-tables"];

    // ---- Field access on a real object: ELF64 header and section header offsets from the gABI.
    private static ulong ShOff(byte[] b) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(40));
    private static int ShNum(byte[] b) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(60));
    private static int ShStrNdx(byte[] b) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(62));
    private static int Shdr(byte[] b, int i) => checked((int)ShOff(b) + i * 64);
    private static uint ShType(byte[] b, int i) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(Shdr(b, i) + 4));
    private static ulong ShOffset(byte[] b, int i) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(Shdr(b, i) + 24));
    private static ulong ShSize(byte[] b, int i) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(Shdr(b, i) + 32));

    private static int SectionIndex(byte[] b, string name)
    {
        int strtab = (int)ShOffset(b, ShStrNdx(b));
        for (int i = 1; i < ShNum(b); i++)
        {
            int nameOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(Shdr(b, i)));
            int start = strtab + nameOffset;
            int end = Array.IndexOf(b, (byte)0, start);
            if (Encoding.ASCII.GetString(b, start, end - start) == name) return i;
        }
        throw new InvalidOperationException($"no section {name}");
    }

    private static int SymtabIndex(byte[] b)
    {
        for (int i = 1; i < ShNum(b); i++)
            if (ShType(b, i) == SHT_SYMTAB) return i;
        throw new InvalidOperationException("no symbol table");
    }

    private static (string Path, byte[] Bytes) Compile(Scratch dir)
    {
        string o = Tools.CompileC(dir, "obj", Source, Flags);
        return (o, File.ReadAllBytes(o));
    }

    private static LinkException Rejected(string path)
    {
        var e = Assert.Throws<LinkException>(() => ElfInputFile.Open(path));
        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.File);
        return e;
    }

    [Fact]
    public void UndamagedObjectIsAccepted()
    {
        using var dir = new Scratch();
        var (path, bytes) = Compile(dir);
        var info = ElfInputFile.Open(path);
        Assert.Equal(ElfInputKind.Object, info.Kind);
        Assert.Equal(ShNum(bytes), info.SectionCount);
        Assert.Equal((int)(ShSize(bytes, SymtabIndex(bytes)) / 24), info.SymbolCount);
    }

    [Fact]
    public void TruncatedTo100BytesIsMalformedOrNotElf()
    {
        using var dir = new Scratch();
        var (_, bytes) = Compile(dir);
        string path = dir.Write("truncated.o", bytes[..100]);
        var e = Rejected(path);
        Assert.True(e.Id is ErrorId.MalformedElf or ErrorId.NotElf, $"got {e.Id}: {e.Message}");
    }

    [Fact]
    public void EveryTruncationIsRejectedCleanly()
    {
        // ObjectFile reads only [offset, offset+length), so one mapping serves every prefix length.
        using var dir = new Scratch();
        var (path, bytes) = Compile(dir);
        using var file = MappedFile.Open(path);
        var wrong = new List<string>();
        for (int n = 0; n < bytes.Length; n++)
        {
            try
            {
                _ = new ObjectFile(file, 0, n, "prefix.o");
                // Only a prefix that still holds every table may parse (the section header table is last).
                if (n < (int)ShOff(bytes) + ShNum(bytes) * 64) wrong.Add($"{n} bytes: accepted");
            }
            catch (LinkException e) when (e.Id is ErrorId.MalformedElf or ErrorId.NotElf)
            {
                if (!e.Message.Contains("prefix.o", StringComparison.Ordinal)) wrong.Add($"{n} bytes: message lacks the file name: {e.Message}");
            }
            catch (Exception e)
            {
                wrong.Add($"{n} bytes: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(20)));
    }

    public enum Defect { ShoffBeyondEnd, SectionOffsetWraps, ShstrndxOutOfRange, SymtabInfoZero, SymbolSectionOutOfRange, AlignmentNotPowerOfTwo }

    [Theory]
    [InlineData(Defect.ShoffBeyondEnd)]
    [InlineData(Defect.SectionOffsetWraps)]
    [InlineData(Defect.ShstrndxOutOfRange)]
    [InlineData(Defect.SymtabInfoZero)]
    [InlineData(Defect.SymbolSectionOutOfRange)]
    [InlineData(Defect.AlignmentNotPowerOfTwo)]
    public void DamagedObjectIsMalformedElfNamingTheFile(Defect defect)
    {
        using var dir = new Scratch();
        var (_, b) = Compile(dir);
        int text = SectionIndex(b, ".text");
        switch (defect)
        {
            case Defect.ShoffBeyondEnd:
                BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(40), (ulong)b.Length + 0x1000);
                break;
            case Defect.SectionOffsetWraps:
                // offset + size wraps past 2^64 into a small number: a naive end check accepts it.
                BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(Shdr(b, text) + 24), 0xfffffffffffff000UL);
                break;
            case Defect.ShstrndxOutOfRange:
                BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(62), (ushort)(ShNum(b) + 5));
                break;
            case Defect.SymtabInfoZero:
                BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(Shdr(b, SymtabIndex(b)) + 44), 0);
                break;
            case Defect.SymbolSectionOutOfRange:
            {
                int symtab = SymtabIndex(b);
                int first = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(Shdr(b, symtab) + 44));
                int count = (int)(ShSize(b, symtab) / 24);
                // The first global defined in a section (helper, counter, ...) moves to section 200.
                int patched = -1;
                for (int s = first; s < count && patched < 0; s++)
                {
                    int at = (int)ShOffset(b, symtab) + s * 24;
                    ushort shndx = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at + 6));
                    if (shndx != SHN_UNDEF && shndx < SHN_LORESERVE)
                    {
                        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at + 6), 200);
                        patched = s;
                    }
                }
                Assert.True(patched >= 0, "no defined global symbol to damage");
                Assert.True(ShNum(b) < 200);
                break;
            }
            case Defect.AlignmentNotPowerOfTwo:
                BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(Shdr(b, text) + 48), 3);
                break;
        }
        string path = dir.Write($"{defect}.o", b);

        var e = Rejected(path);
        Assert.Equal(ErrorId.MalformedElf, e.Id);

        // The link reports the same error for the same file, and leaves no output.
        string output = dir.PathOf("prog");
        var link = Assert.Throws<LinkException>(() => Tools.Link(Tools.Bare(output, path)));
        Assert.Equal(ErrorId.MalformedElf, link.Id);
        Assert.Contains(path, link.Message);
        Assert.False(File.Exists(output));
    }

    /// <summary>
    /// r_sym is 32 bits; an index of 2^31 or more must not turn negative on its way to a bounds check.
    /// </summary>
    [Theory]
    [InlineData(".rela.text", 0x80000006u)]
    [InlineData(".rela.text", 0xff000007u)]
    [InlineData(".rela.data", 0x80000004u)]
    [InlineData(".rela.eh_frame", 0x87000002u)]
    [InlineData(".rela.text", 0x00001000u)]
    public void RelocationSymbolIndexBeyondTheSymbolTableIsMalformedElf(string relaSection, uint symbolIndex)
    {
        using var dir = new Scratch();
        var (_, b) = Compile(dir);
        int rela = SectionIndex(b, relaSection);
        int info = (int)ShOffset(b, rela) + 8; // r_info of the first relocation; r_sym is its high half
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(info + 4), symbolIndex);
        string path = dir.Write("bad-rsym.o", b);
        string output = dir.PathOf("prog");

        var e = Assert.Throws<LinkException>(() => Tools.Link(Tools.Bare(output, path) with { Threads = 1 }));
        Assert.Equal(ErrorId.MalformedElf, e.Id);
        Assert.Contains(path, e.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void I386ObjectIsWrongMachine()
    {
        using var dir = new Scratch();
        // gcc -m32 needs the multilib headers only for #include; an assembler file needs nothing.
        string path = Tools.Assemble(dir, "i386", ".text\n.globl f\nf:\n ret\n", "--32");
        var e = Rejected(path);
        Assert.Equal(ErrorId.WrongMachine, e.Id);
        Assert.Contains("i386", e.Message);

        var link = Assert.Throws<LinkException>(() => Tools.Link(Tools.Bare(dir.PathOf("prog"), path)));
        Assert.Equal(ErrorId.WrongMachine, link.Id);
    }

    [Fact]
    public void TextFileIsNotElf()
    {
        using var dir = new Scratch();
        string path = dir.Write("readme.o", "this is not an object file\n");
        var bytes = File.ReadAllBytes(path);

        var check = Assert.Throws<LinkException>(() => ElfIdentity.Check(bytes, path));
        Assert.Equal(ErrorId.NotElf, check.Id);
        Assert.Contains(path, check.Message);

        Assert.Equal(ErrorId.NotElf, Rejected(path).Id);
    }

    [Fact]
    public void ElfHeaderWithoutSectionsIsMalformedNotACrash()
    {
        using var dir = new Scratch();
        var (_, bytes) = Compile(dir);
        var b = bytes[..64];
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(40), 0);
        string path = dir.Write("headeronly.o", b);
        Assert.Equal(ErrorId.MalformedElf, Rejected(path).Id);
    }

    /// <summary>
    /// Deterministic mutation sweep: one byte of the object's structural areas (ELF header, section
    /// headers, symbol table, relocations) is overwritten and the object is linked. Every outcome must be
    /// a successful link or a LinkException; any other exception is a bug in the engine's validation.
    /// </summary>
    [Fact]
    public void MutatedObjectsFailOnlyWithLinkException()
    {
        using var dir = new Scratch();
        var (path, original) = Compile(dir);
        // The undamaged object links and runs: exit 36 + 5 + 1.
        string good = dir.PathOf("good");
        Tools.Link(Tools.Bare(good, path) with { Threads = 1 });
        Tools.AssertRuns(good, 42, "");

        var regions = new List<(int Start, int Length)> { (0, 64), ((int)ShOff(original), ShNum(original) * 64) };
        for (int i = 1; i < ShNum(original); i++)
            if (ShType(original, i) is SHT_SYMTAB or SHT_RELA or SHT_GROUP)
                regions.Add(((int)ShOffset(original, i), (int)ShSize(original, i)));
        int total = regions.Sum(r => r.Length);

        var random = new Random(20240611);
        byte[] interesting = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x10, 0x40];
        var wrong = new List<string>();
        string mutated = dir.PathOf("mutated.o");
        string output = dir.PathOf("mutated-prog");
        for (int iteration = 0; iteration < 600; iteration++)
        {
            int k = random.Next(total);
            int at = 0;
            foreach (var r in regions)
            {
                if (k < r.Length) { at = r.Start + k; break; }
                k -= r.Length;
            }
            var b = (byte[])original.Clone();
            byte value = random.Next(2) == 0 ? interesting[random.Next(interesting.Length)] : (byte)random.Next(256);
            if (b[at] == value) continue;
            b[at] = value;
            File.WriteAllBytes(mutated, b);
            try
            {
                Tools.Link(Tools.Bare(output, mutated) with { Threads = 1 });
            }
            catch (LinkException)
            {
            }
            catch (Exception e)
            {
                wrong.Add($"byte 0x{at:x} = 0x{value:x2}: {e.GetType().Name}: {e.Message}\n{e.StackTrace?.Split('\n').FirstOrDefault()}");
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} mutations escaped as non-LinkException:\n" + string.Join("\n", wrong.Take(15)));
    }

    /// <summary>
    /// Inputs are parsed in parallel, but the error reported must be the first bad input in command-line
    /// order whatever the thread count (design: determinism includes diagnostics). The first input is slow
    /// to reject (its bad symbol is the last of many), the later ones fail at once.
    /// </summary>
    [Fact]
    public void FirstBadInputInCommandLineOrderIsReportedWhateverTheThreadCount()
    {
        using var dir = new Scratch();
        var asm = new StringBuilder(".text\n");
        for (int i = 0; i < 30000; i++) asm.Append(".globl s").Append(i).Append("\ns").Append(i).Append(": nop\n");
        string big = Tools.Assemble(dir, "big", asm.ToString());
        var b = File.ReadAllBytes(big);
        int symtab = SymtabIndex(b);
        int last = (int)ShOffset(b, symtab) + (int)ShSize(b, symtab) - 24;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(last + 6), 200);
        string slowBad = dir.Write("slow-bad.o", b);

        var small = File.ReadAllBytes(Tools.Assemble(dir, "small", ".text\nnop\n"));
        BinaryPrimitives.WriteUInt64LittleEndian(small.AsSpan(40), (ulong)small.Length + 0x1000);
        var inputs = new List<string> { slowBad };
        for (int i = 0; i < 15; i++) inputs.Add(dir.Write($"fast-bad-{i}.o", small));

        var options = Tools.Bare(dir.PathOf("prog"), [.. inputs]);
        var sequential = Assert.Throws<LinkException>(() => Tools.Link(options with { Threads = 1 }));
        Assert.Equal(slowBad, sequential.File);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var parallel = Assert.Throws<LinkException>(() => Tools.Link(options with { Threads = 4 }));
            Assert.Equal(sequential.File, parallel.File);
            Assert.Equal(sequential.Message, parallel.Message);
        }
    }
}
