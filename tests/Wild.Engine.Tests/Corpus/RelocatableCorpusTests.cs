using System.Text;
using Wild.Engine.Input;
using Xunit;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Tests.Corpus;

/// <summary>
/// Relocatable output (wild -r), issue 16: corpus programs whose objects are first combined into one partial object by
/// <c>wild -r</c>, then linked (static) by GNU ld and by Wild; both programs must behave as the direct GNU ld link of
/// the original objects. The partial's structure is compared with GNU ld -r's: the same global symbols (defined or
/// not, binding), the same non-empty sections, the same number of relocations per section.
/// </summary>
public sealed class RelocatableCorpusTests
{
    /// <summary>C, C++ with exceptions, templates (COMDAT), RTTI and the STL, TLS, commons, debug info (also
    /// compressed), constructors, merged strings, many sections, groups and linkonce sections written in assembly.</summary>
    public static TheoryData<string> Cases() =>
    [
        "c-multi-object", "c-common", "c-tls-objects", "c-tls-models", "c-local-same-names", "c-merge-strings",
        "c-ctor-priority", "c-weak", "c-debug-compressed-in", "cxx-comdat", "cxx-exceptions", "cxx-virtual-rtti",
        "cxx-thread-local", "cxx-stl", "cxx-static-init", "asm-comdat", "asm-many-sections", "asm-init-array",
        "asm-tls-common", "asm-linkonce",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void PartialLinkBehavesLikeTheObjects(string caseName) => PartialLink(caseName, []);

    /// <summary>Options given to both wild -r and GNU ld -r (docs/partial-links.md), on programs where they matter:
    /// C++ COMDAT groups made ordinary sections, locals and debug sections stripped, orphans kept apart.</summary>
    [Theory]
    [InlineData("cxx-exceptions", "--force-group-allocation -x")]
    [InlineData("cxx-stl", "-s --build-id")]
    [InlineData("cxx-comdat", "--unique -X")]
    [InlineData("c-tls-objects", "--unique=.tdata* --unique=.tbss* -S")]
    [InlineData("asm-comdat", "--force-group-allocation")]
    public void PartialLinkWithOptionsBehavesLikeTheObjects(string caseName, string options) =>
        PartialLink(caseName, options.Split(' '));

    private static void PartialLink(string caseName, string[] options)
    {
        string dist = CorpusCatalog.RequireDist();
        var c = CorpusCatalog.Get(caseName);
        using var build = new CorpusBuild(c, LinkMode.Static);
        try
        {
            build.Compile();
            build.Require(build.Link("ref/prog", distDir: null), "GNU ld link of the objects (reference)");
            var expected = build.RunProgram("ref/prog");
            if (expected.TimedOut || expected.ExitCode != c.ExpectExit)
                throw new CorpusFailure($"the reference program exited {expected.ExitCode}, expected {c.ExpectExit}", build);

            var objects = build.Objects.ToList();
            build.Require(build.Run(Path.Combine(dist, "wild"), ["-r", .. options, .. objects, "-o", "partial.o"]), "wild -r");
            // The bytes never depend on the thread count.
            build.Require(build.Run(Path.Combine(dist, "wild"), ["-r", "--threads=1", .. options, .. objects, "-o", "partial-1.o"]), "wild -r --threads=1");
            build.Require(build.Run(Path.Combine(dist, "wild"), ["-r", "--threads=8", .. options, .. objects, "-o", "partial-8.o"]), "wild -r --threads=8");
            byte[] partial = File.ReadAllBytes(Path.Combine(build.WorkDir, "partial.o"));
            if (!partial.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(build.WorkDir, "partial-1.o")))
                || !partial.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(build.WorkDir, "partial-8.o"))))
                throw new CorpusFailure("wild -r's output differs between --threads=1, the default and --threads=8", build);
            build.Require(build.Run("ld.bfd", ["-r", .. options, .. objects, "-o", "gnu-partial.o"]), "GNU ld -r");
            CompareStructure(build, Path.Combine(build.WorkDir, "partial.o"), Path.Combine(build.WorkDir, "gnu-partial.o"));

            build.ReplaceObjects(["partial.o"]);
            build.Require(build.Link("via-gnu/prog", distDir: null), "GNU ld link of wild's partial object");
            build.Require(build.Link("via-wild/prog", dist), "Wild link of wild's partial object");
            foreach (string program in (string[])["via-gnu/prog", "via-wild/prog"])
            {
                var actual = build.RunProgram(program);
                if (actual.TimedOut || actual.ExitCode != expected.ExitCode || actual.Stdout != expected.Stdout)
                    throw new CorpusFailure($"{program} (linked from wild -r's partial object) differs from the direct link: " +
                        $"exit {actual.ExitCode} (expected {expected.ExitCode}), stdout:\n{actual.Stdout}\nexpected:\n{expected.Stdout}", build);
            }
        }
        catch
        {
            build.Keep();
            throw;
        }
    }

    /// <summary>What a final link sees of a partial object: its globals, its sections with contents, its relocations.</summary>
    private static void CompareStructure(CorpusBuild build, string ours, string gnu)
    {
        var (oursSymbols, oursSections) = Summary(ours);
        var (gnuSymbols, gnuSections) = Summary(gnu);
        var missing = gnuSymbols.Except(oursSymbols).ToList();
        var extra = oursSymbols.Except(gnuSymbols).ToList();
        if (missing.Count + extra.Count > 0)
            throw new CorpusFailure($"global symbols differ from GNU ld -r's: missing [{string.Join(", ", missing)}], extra [{string.Join(", ", extra)}]", build);
        foreach (var (name, relocations) in gnuSections)
        {
            if (!oursSections.TryGetValue(name, out int ourRelocations))
                throw new CorpusFailure($"section {name} of GNU ld -r's output is missing", build);
            if (ourRelocations != relocations)
                throw new CorpusFailure($"section {name}: {ourRelocations} relocations, GNU ld -r has {relocations}", build);
        }
        foreach (var name in oursSections.Keys.Except(gnuSections.Keys))
            throw new CorpusFailure($"section {name} is not in GNU ld -r's output", build);
    }

    /// <summary>Global symbols as "name defined|undefined|common binding", and per section name (sections with
    /// contents or relocations; groups, notes and tables left out) the number of relocations.</summary>
    private static (HashSet<string> Symbols, Dictionary<string, int> Sections) Summary(string path)
    {
        using var file = MappedFile.Open(path);
        var obj = new ObjectFile(file, 0, file.Length, path);
        Assert.Equal(ET_REL, obj.ElfType);
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        for (int s = obj.FirstGlobal; s < obj.SymbolCount; s++)
        {
            var sym = obj.Symbols[s];
            string where = sym.IsUndefined ? "undefined" : sym.IsCommon ? "common" : "defined";
            symbols.Add($"{obj.SymbolNameString(s)} {where} {sym.Binding}");
        }
        var sections = new Dictionary<string, int>(StringComparer.Ordinal);
        var headers = obj.SectionHeaders;
        for (int s = 1; s < obj.SectionCount; s++)
        {
            var h = headers[s];
            if (h.Type is SHT_GROUP or SHT_SYMTAB or SHT_STRTAB or SHT_SYMTAB_SHNDX or SHT_NOTE) continue;
            if (h.Type == SHT_RELA)
            {
                string target = obj.SectionNameString((int)h.Info);
                sections[target] = sections.GetValueOrDefault(target) + (int)(h.Size / RelaSize);
            }
            else if (h.Size > 0 && !obj.SectionNameIs(s, ".note.GNU-stack"u8))
                sections.TryAdd(obj.SectionNameString(s), 0);
        }
        return (symbols, sections);
    }

    /// <summary>More than SHN_LORESERVE (0xff00) sections: the partial object needs e_shnum 0, SHN_XINDEX and
    /// .symtab_shndx, and both linkers must still find every function in it.</summary>
    [Fact]
    public void PartialLinkWithMoreSectionsThanSectionIndicesHold()
    {
        string dist = CorpusCatalog.RequireDist();
        string dir = Path.Combine(Path.GetTempPath(), "wild-reloc-many-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            const int functions = 33000; // two objects: 66,000 sections with their relocation sections and more
            var asm = new StringBuilder();
            for (int part = 0; part < 2; part++)
            {
                asm.Clear();
                asm.Append(".globl sum").Append(part).Append("\n.type sum").Append(part).Append(",@function\n.section .text.sum")
                   .Append(part).Append(",\"ax\",@progbits\nsum").Append(part).Append(":\n  xor %eax, %eax\n");
                for (int i = 0; i < functions; i++)
                    asm.Append("  call f").Append(part).Append('_').Append(i).Append('\n');
                asm.Append("  ret\n");
                for (int i = 0; i < functions; i++)
                    asm.Append(".section .text.f").Append(part).Append('_').Append(i).Append(",\"ax\",@progbits\nf")
                       .Append(part).Append('_').Append(i).Append(":\n  addl $1, %eax\n  ret\n");
                File.WriteAllText(Path.Combine(dir, $"many{part}.s"), asm.ToString());
                Run(dir, "as", $"many{part}.s", "-o", $"many{part}.o");
            }
            File.WriteAllText(Path.Combine(dir, "main.c"),
                "#include <stdio.h>\nint sum0(void); int sum1(void);\nint main(void) { printf(\"%d\\n\", sum0() + sum1()); return 0; }\n");
            Run(dir, "gcc", "-c", "main.c", "-o", "main.o");
            Run(dir, Path.Combine(dist, "wild"), "-r", "many0.o", "many1.o", "main.o", "-o", "partial.o");
            using (var file = MappedFile.Open(Path.Combine(dir, "partial.o")))
            {
                var obj = new ObjectFile(file, 0, file.Length, "partial.o");
                Assert.True(obj.SectionCount > SHN_LORESERVE, $"{obj.SectionCount} sections");
                Assert.Equal(0, BitConverter.ToUInt16(file.Span[60..62])); // e_shnum: the count is in section 0
            }
            Run(dir, "gcc", "-static", "partial.o", "-o", "via-gnu");
            Run(dir, "gcc", "-B", dist.TrimEnd('/') + "/", "-static", "partial.o", "-o", "via-wild");
            Assert.Equal($"{2 * functions}\n", Run(dir, Path.Combine(dir, "via-gnu")));
            Assert.Equal($"{2 * functions}\n", Run(dir, Path.Combine(dir, "via-wild")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Run(string dir, string tool, params string[] args)
    {
        var r = ProcessRunner.Run(tool, args, dir, TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0 && !r.TimedOut, r.Describe());
        return r.Stdout;
    }
}
