// Relocatable output (-r) in process: the structure of the ET_REL object (groups, SHF_LINK_ORDER links, symbols,
// notes, relocations re-based) and the refusals, by name, of what -r does not do. Whole programs built from -r
// partials are RelocatableCorpusTests'.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Elf.RelocationType;

namespace Wild.Engine.Tests.Engine;

public sealed class RelocatableOutputTests
{
    private const string WithGroup = """
        .section .text.f,"axG",@progbits,f,comdat
        .globl f
        f: ret
        .section .meta,"aoG",@progbits,.text.f,f,comdat
        .quad f
        .section .text.{0},"ax",@progbits
        .globl {0}
        .hidden h
        {0}: call h
        .weak w
        call w
        ret
        .section .meta.{0},"ao",@progbits,.text.{0}
        .quad {0}
        .section .note.GNU-stack,"",@progbits
        """;

    private static LinkOptions Relocatable(string output, params string[] objects) =>
        Tools.Bare(output, objects) with { Kind = OutputKind.Relocatable };

    [Fact]
    public void GroupsLinkOrderAndSymbolsSurviveAPartialLink()
    {
        using var dir = new Scratch();
        string a = Tools.Assemble(dir, "a", WithGroup.Replace("{0}", "ga"));
        string b = Tools.Assemble(dir, "b", WithGroup.Replace("{0}", "gb"));
        string output = dir.PathOf("ab.o");
        Tools.Link(Relocatable(output, a, b));

        using var file = MappedFile.Open(output);
        var obj = new ObjectFile(file, 0, file.Length, output);
        Assert.Equal(ET_REL, obj.ElfType);
        var headers = obj.SectionHeaders.ToArray();
        int Section(string name) => Enumerable.Range(1, obj.SectionCount - 1).Single(s => obj.SectionNameString(s) == name);

        // One copy of the COMDAT group f (b's is discarded), holding .text.f, .meta and .rela.meta, renumbered.
        var groups = Enumerable.Range(1, obj.SectionCount - 1).Where(s => headers[s].Type == SHT_GROUP).ToList();
        Assert.Single(groups);
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(obj.SectionData(groups[0])).ToArray();
        Assert.Equal([GRP_COMDAT, (uint)Section(".text.f"), (uint)Section(".meta"), (uint)Section(".rela.meta")], words);
        Assert.Equal("f", obj.SymbolNameString((int)headers[groups[0]].Info));
        Assert.NotEqual(0UL, headers[Section(".text.f")].Flags & SHF_GROUP);

        // SHF_LINK_ORDER sections point at their own section's output (each kept apart from same-named ones).
        Assert.Equal((uint)Section(".text.f"), headers[Section(".meta")].Link);
        Assert.Equal((uint)Section(".text.ga"), headers[Section(".meta.ga")].Link);
        Assert.Equal((uint)Section(".text.gb"), headers[Section(".meta.gb")].Link);

        // Globals: defined ones in their output sections, the undefined hidden reference still hidden and undefined,
        // the weak undefined one still weak.
        var globals = Enumerable.Range(obj.FirstGlobal, obj.SymbolCount - obj.FirstGlobal).ToDictionary(obj.SymbolNameString);
        Assert.Equal(Section(".text.ga"), obj.SymbolSection(globals["ga"]));
        Assert.Equal(Section(".text.gb"), obj.SymbolSection(globals["gb"]));
        Assert.True(obj.Symbols[globals["h"]].IsUndefined);
        Assert.Equal(STV_HIDDEN, obj.Symbols[globals["h"]].Visibility);
        Assert.True(obj.Symbols[globals["w"]].IsUndefined);
        Assert.Equal(STB_WEAK, obj.Symbols[globals["w"]].Binding);

        // Relocations name the new symbols; nothing was applied (the call's bytes are still the assembler's).
        int rela = Section(".rela.text.gb");
        Assert.Equal((uint)Section(".text.gb"), headers[rela].Info);
        var relocations = obj.Relocations(rela).ToArray();
        Assert.Equal(["h", "w"], relocations.Select(r => obj.SymbolNameString((int)r.SymbolIndex)));
        Assert.All(relocations, r => Assert.Equal(R_X86_64_PLT32, r.Type));
        // Every input had a non-executable stack note: so has the output.
        int stack = Section(".note.GNU-stack");
        Assert.Equal(0UL, headers[stack].Flags & SHF_EXECINSTR);
    }

    [Fact]
    public void SectionSymbolRelocationsMoveByTheInputsOffset()
    {
        using var dir = new Scratch();
        // Each object's .data holds 8 bytes and a pointer into its own .data (a section-symbol relocation).
        string Data(string name) => Tools.Assemble(dir, name, """
            .data
            .quad 1
            .quad .data + 4
            .section .note.GNU-stack,"",@progbits
            """);
        string a = Data("a"), b = Data("b");
        string output = dir.PathOf("ab.o");
        Tools.Link(Relocatable(output, a, b));
        using var file = MappedFile.Open(output);
        var obj = new ObjectFile(file, 0, file.Length, output);
        int data = Enumerable.Range(1, obj.SectionCount - 1).Single(s => obj.SectionNameString(s) == ".data");
        int rela = Enumerable.Range(1, obj.SectionCount - 1).Single(s => obj.SectionNameString(s) == ".rela.data");
        var r = obj.Relocations(rela).ToArray();
        Assert.Equal([8UL, 24UL], r.Select(x => x.Offset));
        Assert.Equal([4L, 20L], r.Select(x => x.Addend));
        Assert.All(r, x => Assert.Equal(data, obj.SymbolSection((int)x.SymbolIndex)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CommonsStayCommonUnlessDashD(bool allocate)
    {
        using var dir = new Scratch();
        string a = Tools.CompileC(dir, "a", "int shared_common; long big[4];", "-fcommon");
        string b = Tools.CompileC(dir, "b", "long shared_common[8];", "-fcommon");
        string output = dir.PathOf("ab.o");
        Tools.Link(Relocatable(output, a, b) with { AllocateCommons = allocate });
        using var file = MappedFile.Open(output);
        var obj = new ObjectFile(file, 0, file.Length, output);
        var globals = Enumerable.Range(obj.FirstGlobal, obj.SymbolCount - obj.FirstGlobal).ToDictionary(obj.SymbolNameString);
        var common = obj.Symbols[globals["shared_common"]];
        Assert.Equal(64UL, common.Size); // the largest of the two
        if (!allocate)
        {
            Assert.True(common.IsCommon);
            // st_value of a common is its alignment: the largest the inputs gave.
            ulong Align(string path)
            {
                using var input = MappedFile.Open(path);
                var o = new ObjectFile(input, 0, input.Length, path);
                return Enumerable.Range(o.FirstGlobal, o.SymbolCount - o.FirstGlobal)
                    .Where(i => o.SymbolNameString(i) == "shared_common").Select(i => o.Symbols[i].Value).Single();
            }
            Assert.Equal(Math.Max(Align(a), Align(b)), common.Value);
            Assert.NotEqual(Align(a), Align(b));
            return;
        }
        int section = obj.SymbolSection(globals["shared_common"]);
        Assert.Equal(".bss", obj.SectionNameString(section));
        Assert.Equal(section, obj.SymbolSection(globals["big"]));
        Assert.Equal(STT_OBJECT, common.Type);
        Assert.True(obj.SectionHeaders[section].Size >= 64 + 32);
        Assert.NotEqual(obj.Symbols[globals["big"]].Value, common.Value);
    }

    // --wrap, --defsym, -s, --build-id, --compress-debug-sections and --retain-symbols-file now do with -r what GNU
    // ld does (RelocatableOptionTests).
    [Theory]
    [InlineData("--gc-sections")]
    [InlineData("--icf")]
    public void OptionsNotDoneWithRelocatableAreRefusedByName(string option)
    {
        using var dir = new Scratch();
        var o = new LinkOptions { OutputPath = dir.PathOf("out.o"), Kind = OutputKind.Relocatable };
        o = option == "--gc-sections" ? o with { GcSections = true } : o with { Icf = IcfMode.All };
        var e = Assert.Throws<LinkException>(() => Tools.Link(o));
        Assert.Equal(ErrorId.InvalidOption, e.Id);
        Assert.Contains(option == "--icf" ? "-r and --icf" : option, e.Message);
    }

    [Fact]
    public void SharedObjectInputIsRefused()
    {
        using var dir = new Scratch();
        string a = Tools.CompileC(dir, "a", "int f(void) { return 1; }");
        string so = dir.PathOf("libx.so");
        Tools.Run("gcc", dir.Dir, "-shared", a, "-o", so);
        var e = Assert.Throws<LinkException>(() => Tools.Link(Relocatable(dir.PathOf("out.o"), a, so)));
        Assert.Contains("libx.so: a shared object cannot be an input of a relocatable output (-r)", e.Message);
        Assert.False(File.Exists(dir.PathOf("out.o")));
    }
}
