// GNU ld leaves empty output sections out unless its default script KEEPs them (crtstuff's .tm_clone_table and an
// empty orphan go; an empty .jcr or .preinit_array stays), and gives the symbols defined in a dropped section (__TMC_END__, a
// label, __start_/__stop_) the address the section would have had and a neighbouring section. Compared with GNU ld's
// output of the same link in every output mode, read with ELFSharp.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class EmptyOutputSectionTests
{
    private const string Program = """
        #include <stdio.h>
        __asm__(".section empty_set,\"aw\"\n.globl in_empty\nin_empty:\n.previous");
        __asm__(".section .jcr,\"aw\"\n.previous\n.section .preinit_array,\"aw\",@preinit_array\n.previous");
        extern char __start_empty_set[], __stop_empty_set[], in_empty[];
        int main(void)
        {
            printf("%d %d\n", __start_empty_set == __stop_empty_set, in_empty == __start_empty_set);
            return 0;
        }
        """;

    private static readonly string[] WatchedNames = ["__TMC_END__", "in_empty", "__start_empty_set", "__stop_empty_set"];

    /// <summary>The names of the output's sections without bytes (sh_size 0), in order.</summary>
    private static List<string> EmptySections(IELF elf) =>
        elf.Sections.Skip(1).Where(s => SizeOf(s) == 0).Select(s => s.Name).ToList();

    private static ulong SizeOf(ISection s) => ((Section<ulong>)s).Size;

    /// <summary>Each watched symbol in .symtab as "name: section" (the section its st_shndx names).</summary>
    private static List<string> Placements(IELF elf) =>
        [.. Watched(elf).Select(w => $"{w.Symbol.Name}: {w.Section.Name}")];

    private static IEnumerable<(SymbolEntry<ulong> Symbol, Section<ulong> Section)> Watched(IELF elf)
    {
        var sections = elf.Sections.ToList();
        var symtab = elf.GetSections<ISymbolTable>().First(t => t.Name == ".symtab");
        return symtab.Entries.OfType<SymbolEntry<ulong>>().Where(e => WatchedNames.Contains(e.Name)).OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => (e, (Section<ulong>)sections[(int)e.PointedSectionIndex]));
    }

    /// <summary>A symbol of a dropped section is where the section would have been: at its neighbour's start or end, or
    /// in the gap before the neighbour (the layouts of the two linkers differ in what precedes it, not in this).</summary>
    private static void AssertBesideItsSection(IELF elf)
    {
        var alloc = elf.Sections.OfType<Section<ulong>>().Where(s => (s.Flags & SectionFlags.Allocatable) != 0 && s.Size > 0).ToList();
        foreach (var (symbol, section) in Watched(elf))
        {
            ulong gapStart = alloc.Where(s => s.LoadAddress + s.Size <= section.LoadAddress && (s.Flags & (SectionFlags)0x400) == 0)
                .Select(s => s.LoadAddress + s.Size).DefaultIfEmpty(section.LoadAddress).Max();
            Assert.True(symbol.Value >= gapStart && symbol.Value <= section.LoadAddress + section.Size,
                $"{symbol.Name} = 0x{symbol.Value:x} is not at {section.Name} (0x{section.LoadAddress:x}, size 0x{section.Size:x}) or in the gap before it");
        }
    }

    [Theory]
    [InlineData("-static")]
    [InlineData("-static-pie")]
    [InlineData("-pie")]
    [InlineData("-no-pie")]
    public void EmptySectionsAndTheirSymbolsAreWhereGnuLdPutsThem(string mode)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "main", Program, mode == "-no-pie" ? "-fno-pie" : "-fPIE");
        Tools.Run("gcc", dir.Dir, [mode, obj, "-o", "ref"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", mode, obj, "-o", "wild"]);
        Tools.AssertRuns(dir.PathOf("wild"), 0, "1 1\n");
        using var reference = ELFReader.Load(dir.PathOf("ref"));
        using var wild = ELFReader.Load(dir.PathOf("wild"));
        // KEEP (*(.jcr)) and KEEP (*(.preinit_array)) in GNU ld's script: kept, empty.
        Assert.Equal([".preinit_array", ".jcr"], EmptySections(reference));
        Assert.DoesNotContain(".tm_clone_table", reference.Sections.Select(s => s.Name));
        Assert.Equal(EmptySections(reference), EmptySections(wild));
        Assert.Equal(Placements(reference), Placements(wild));
        AssertBesideItsSection(reference);
        AssertBesideItsSection(wild);
    }

    [Fact]
    public void SharedObjectDropsTheEmptyTmCloneTable()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", "int f(int x) { return x + 1; }\n", "-fPIC");
        Tools.Run("gcc", dir.Dir, ["-shared", obj, "-o", "ref.so"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", "-shared", obj, "-o", "wild.so"]);
        using var reference = ELFReader.Load(dir.PathOf("ref.so"));
        using var wild = ELFReader.Load(dir.PathOf("wild.so"));
        Assert.Equal(EmptySections(reference), EmptySections(wild));
        Assert.DoesNotContain(".tm_clone_table", wild.Sections.Select(s => s.Name));
    }
}
