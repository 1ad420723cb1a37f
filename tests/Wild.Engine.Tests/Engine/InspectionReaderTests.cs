// The readers behind the inspection cmdlets, on gcc-linked images: program headers and the address to
// offset map, the dynamic section with its strings, the section-to-segment mapping, and ObjectFile's
// inspection mode (.symtab or .dynsym of any ELF type, of any machine, ELF32 widened). ELFSharp is the independent
// reader to agree with.
using System.Buffers.Binary;
using System.Text;
using ELFSharp.ELF;
using ELFSharp.ELF.Segments;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Tests.Engine;

public sealed class InspectionReaderTests
{
    private const string Program = """
        #include <stdio.h>
        int counter;
        int main(void) { printf("%d\n", counter); return 0; }
        """;

    private static string LinkWithGcc(Scratch dir, string name, params string[] flags)
    {
        string c = dir.Write(name + ".c", Program);
        string exe = dir.PathOf(name);
        Tools.Run("gcc", dir.Dir, [.. flags, c, "-o", exe]);
        return exe;
    }

    [Fact]
    public void ProgramHeadersAgreeWithElfSharp()
    {
        using var dir = new Scratch();
        string exe = LinkWithGcc(dir, "pie");
        using var file = MappedFile.Open(exe);
        var headers = ProgramHeaderTable.Read(file.Span, exe);

        using var elf = ELFReader.Load<ulong>(exe);
        Assert.Equal(elf.Segments.Count, headers.Length);
        for (int i = 0; i < headers.Length; i++)
        {
            Assert.Equal((uint)elf.Segments[i].Type, headers[i].Type);
            Assert.Equal(elf.Segments[i].Address, headers[i].VirtualAddress);
            Assert.Equal(elf.Segments[i].FileSize, (long)headers[i].FileSize);
        }
        Assert.Contains(headers.ToArray(), h => h.Type == PT_INTERP);
    }

    [Fact]
    public void DynamicSectionNamesLibcAndMapsAddressesToOffsets()
    {
        using var dir = new Scratch();
        string exe = LinkWithGcc(dir, "pie");
        using var file = MappedFile.Open(exe);
        var dynamic = DynamicSection.Read(file.Span, exe);

        Assert.True(dynamic.HasStrings);
        var needed = new List<string>();
        bool sawFlags1 = false;
        foreach (var e in dynamic.Entries)
        {
            Assert.NotEqual(DT_NULL, e.Tag);
            if (e.Tag == DT_NEEDED) needed.Add(Encoding.UTF8.GetString(dynamic.String(e.Value)));
            if (e.Tag == DT_FLAGS_1) sawFlags1 = (e.Value & DF_1_PIE) != 0;
        }
        Assert.Contains("libc.so.6", needed);
        Assert.True(sawFlags1, "a gcc default link is a PIE and says so in DT_FLAGS_1");

        // PT_INTERP's address maps back to its own file offset.
        var headers = ProgramHeaderTable.Read(file.Span, exe);
        foreach (var h in headers)
        {
            if (h.Type != PT_INTERP) continue;
            Assert.True(ProgramHeaderTable.TryFileOffset(headers, h.VirtualAddress, out ulong offset, out ulong available));
            Assert.Equal(h.Offset, offset);
            Assert.True(available >= h.FileSize);
        }
    }

    [Fact]
    public void StaticExecutableHasNoDynamicSectionAndRelocatableObjectNoProgramHeaders()
    {
        using var dir = new Scratch();
        string exe = LinkWithGcc(dir, "static", "-static");
        using (var file = MappedFile.Open(exe))
            Assert.True(DynamicSection.Read(file.Span, exe).Entries.IsEmpty);

        string obj = Tools.CompileC(dir, "object", Program);
        using var objFile = MappedFile.Open(obj);
        Assert.True(ProgramHeaderTable.Read(objFile.Span, obj).IsEmpty);
        Assert.True(DynamicSection.Read(objFile.Span, obj).Entries.IsEmpty);
    }

    [Fact]
    public void ProgramHeaderTableBeyondTheFileIsMalformed()
    {
        using var dir = new Scratch();
        var bytes = File.ReadAllBytes(LinkWithGcc(dir, "pie"));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(32), (ulong)bytes.Length - 8); // e_phoff
        string broken = dir.Write("broken", bytes);
        using var file = MappedFile.Open(broken);
        var e = Assert.Throws<LinkException>(() => ProgramHeaderTable.Read(file.Span, broken).Length);
        Assert.Equal(ErrorId.MalformedElf, e.Id);
        Assert.Contains(broken, e.Message);
    }

    [Fact]
    public void TextAndBssLandInTheirLoadSegments()
    {
        using var dir = new Scratch();
        string exe = LinkWithGcc(dir, "nopie", "-no-pie");
        using var file = MappedFile.Open(exe);
        var obj = new ObjectFile(file, 0, file.Length, exe, table: SymbolTableChoice.Symtab);
        var segments = ProgramHeaderTable.Read(file.Span, exe).ToArray();
        var sections = obj.SectionHeaders.ToArray();

        string HolderFlags(string name)
        {
            for (int s = 1; s < obj.SectionCount; s++)
            {
                if (obj.SectionNameString(s) != name) continue;
                foreach (var p in segments)
                    if (p.Type == PT_LOAD && SegmentMapping.Contains(p, sections[s]))
                        return (p.Flags & PF_X) != 0 ? "X" : (p.Flags & PF_W) != 0 ? "W" : "R";
            }
            return "none";
        }
        Assert.Equal("X", HolderFlags(".text"));
        Assert.Equal("W", HolderFlags(".bss"));
        Assert.Equal("none", HolderFlags(".comment"));
    }

    [Fact]
    public void InspectionOpensExecutablesThatTheLinkRejects()
    {
        using var dir = new Scratch();
        string exe = LinkWithGcc(dir, "nopie", "-no-pie");
        using var file = MappedFile.Open(exe);

        var e = Assert.Throws<LinkException>(() => new ObjectFile(file, 0, file.Length, exe));
        Assert.Equal(ErrorId.UnsupportedFileType, e.Id);

        var symtab = new ObjectFile(file, 0, file.Length, exe, table: SymbolTableChoice.Symtab);
        Assert.Equal(ET_EXEC, symtab.ElfType);
        Assert.Contains("main", Names(symtab));

        var dynsym = new ObjectFile(file, 0, file.Length, exe, table: SymbolTableChoice.Dynsym);
        Assert.Contains("printf", Names(dynsym));
        Assert.DoesNotContain("main", Names(dynsym));
        Assert.NotNull(dynsym.Shared);
    }

    [Fact]
    public void InspectionOfASharedObjectReadsEitherTable()
    {
        using var dir = new Scratch();
        string so = LinkWithGcc(dir, "lib.so", "-shared", "-fPIC");
        using var file = MappedFile.Open(so);
        var symtab = new ObjectFile(file, 0, file.Length, so, table: SymbolTableChoice.Symtab);
        var dynsym = new ObjectFile(file, 0, file.Length, so, table: SymbolTableChoice.Dynsym);
        var forLink = new ObjectFile(file, 0, file.Length, so);

        Assert.True(symtab.SymbolCount > dynsym.SymbolCount, "the full .symtab has locals .dynsym leaves out");
        Assert.Equal(forLink.SymbolCount, dynsym.SymbolCount);
        Assert.Null(symtab.Shared);
        Assert.NotNull(dynsym.Shared);
    }

    [Fact]
    public void InspectionReadsI386FilesAsElfSharpDoes()
    {
        using var dir = new Scratch();
        // An ELF32 object with a relocation and a symbol in .data, and the executable GNU ld makes of it.
        string obj = Tools.Assemble(dir, "i386", """
            .text
            .globl _start
            _start: movl $1, %eax
             call helper
             int $0x80
            helper: ret
            .data
            .globl value
            value: .long 7
            """, "--32");
        string exe = dir.PathOf("i386-exe");
        Tools.Run("ld", dir.Dir, "-m", "elf_i386", "-o", exe, obj);

        foreach (string path in new[] { obj, exe })
        {
            using var file = MappedFile.Open(path);
            var ours = new ObjectFile(file, 0, file.Length, path, table: SymbolTableChoice.Symtab);
            using var elf = ELFReader.Load<uint>(path);
            Assert.True(ours.Is32Bit);
            Assert.Equal(elf.Sections.Count, ours.SectionCount);
            for (int i = 1; i < ours.SectionCount; i++)
            {
                var theirs = (ELFSharp.ELF.Sections.Section<uint>)elf.Sections[i];
                Assert.Equal(theirs.Name, ours.SectionNameString(i));
                Assert.Equal((ulong)theirs.Offset, ours.SectionHeaders[i].Offset);
                Assert.Equal((ulong)theirs.Size, ours.SectionHeaders[i].Size);
                Assert.Equal((ulong)theirs.LoadAddress, ours.SectionHeaders[i].Address);
            }
            var symtab = (ELFSharp.ELF.Sections.ISymbolTable)elf.GetSection(".symtab");
            var theirSymbols = symtab.Entries.Cast<ELFSharp.ELF.Sections.SymbolEntry<uint>>().ToList();
            Assert.Equal(theirSymbols.Count, ours.SymbolCount);
            for (int i = 1; i < ours.SymbolCount; i++)
            {
                Assert.Equal(theirSymbols[i].Name, ours.SymbolNameString(i));
                Assert.Equal((ulong)theirSymbols[i].Value, ours.Symbols[i].Value);
                Assert.Equal((ulong)theirSymbols[i].Size, ours.Symbols[i].Size);
                Assert.Equal((byte)theirSymbols[i].Binding, ours.Symbols[i].Binding);
            }
            if (path == exe)
            {
                var headers = ProgramHeaderTable.Read(file.Span, path);
                Assert.Equal(elf.Segments.Count, headers.Length);
                for (int i = 0; i < headers.Length; i++)
                {
                    Assert.Equal((uint)elf.Segments[i].Type, headers[i].Type);
                    Assert.Equal((ulong)elf.Segments[i].Address, headers[i].VirtualAddress);
                    Assert.Equal((ulong)elf.Segments[i].FileSize, headers[i].FileSize);
                    Assert.Equal((ulong)elf.Segments[i].Offset, headers[i].Offset);
                }
            }
        }

        // The link itself still takes x86-64 ELF64 only.
        using var input = MappedFile.Open(obj);
        Assert.Equal(ErrorId.WrongMachine, Assert.Throws<LinkException>(() => new ObjectFile(input, 0, input.Length, obj)).Id);
    }

    private static HashSet<string> Names(ObjectFile obj)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < obj.SymbolCount; i++) names.Add(obj.SymbolNameString(i));
        return names;
    }
}
