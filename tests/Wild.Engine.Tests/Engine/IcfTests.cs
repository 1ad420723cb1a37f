// --icf against lld-19, the reference for a feature GNU ld lacks: the same objects (the corpus' cxx-icf-all and
// cxx-icf-safe-addrsig sources) are linked by wild and by ld.lld-19 with --print-icf-sections, and the folded
// sections (each with the section it folds into) must be the same set. lld also folds empty sections, which wild
// leaves alone (nothing to save; it would only move their symbols): those are left out of lld's set, by size read
// with ELFSharp. The folded program must run as lld's folded one (and, where no folded address is compared, as the
// unfolded one), with a smaller .text.
using ELFSharp.ELF;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class IcfTests
{
    public static TheoryData<string, string, string, string[]> Cases => new()
    {
        // case, compiler driver, --icf mode, pairs (kept, folded) that must be in the set
        { "cxx-icf-all", "g++", "all", ["main.o:(.text._Z5leaf1i) main.o:(.text._Z5leaf2i)", "main.o:(.text._Z4top1i) main.o:(.text._Z4top2i)",
            "other.o:(.text._Z11other_twicei) other.o:(.text._Z10other_copyi)"] },
        { "cxx-icf-safe-addrsig", "clang++-19", "safe", ["main.o:(.text._Z6plain1i) main.o:(.text._Z6plain2i)", "table.o:(.rodata.read1) table.o:(.rodata.read2)"] },
        { "cxx-icf-safe-addrsig", "clang++-19", "all", ["main.o:(.text._Z6taken1i) main.o:(.text._Z6taken2i)", "nosig.o:(.text._Z7nosig_ai) nosig.o:(.text._Z7nosig_bi)"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FoldsWhatLldFoldsAndTheProgramStillRuns(string caseName, string driver, string mode, string[] expected)
    {
        string dist = CorpusCatalog.RequireDist();
        Assert.True(File.Exists("/usr/bin/ld.lld-19"), "ld.lld-19 (Debian package lld-19) is required: it is the reference for --icf");
        using var dir = new Scratch();
        var c = CorpusCase.Load(Path.Combine(CorpusPaths.ProgramsDir, caseName));
        var objects = new List<string>();
        foreach (string source in c.Sources)
        {
            string obj = Path.GetFileNameWithoutExtension(source) + ".o";
            var flags = c.SourceFlags.TryGetValue(source, out var extra) ? extra : [];
            Tools.Run(driver, dir.Dir, ["-c", .. c.CFlags, .. flags, Path.Combine(c.Directory, source), "-o", obj]);
            objects.Add(obj);
        }
        Directory.CreateDirectory(dir.PathOf("lld-bin"));
        File.CreateSymbolicLink(dir.PathOf("lld-bin/ld"), "/usr/bin/ld.lld-19");

        string[] Link(string bin, string output, params string[] extra) =>
            Tools.Run(driver, dir.Dir, ["-B", bin.TrimEnd('/') + "/", .. objects, .. extra, "-o", output]).Stdout
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var icf = new[] { $"-Wl,--icf={mode}", "-Wl,--print-icf-sections" };
        var wild = Folded(Link(dist, "wild", [.. icf, "-Wl,-Map=wild.map"]), dir.Dir);
        var lld = Folded(Link(dir.PathOf("lld-bin"), "lld", icf), dir.Dir);
        Link(dist, "plain");

        Assert.Equal(lld.Order(), wild.Order());
        foreach (string pair in expected)
            Assert.Contains(pair, wild);
        // Different catch clauses (.gcc_except_table) never fold.
        Assert.DoesNotContain(wild, p => p.Contains("catchA") || p.Contains("catchB"));

        // Every symbol of a folded section points into the kept one: .symtab (read with ELFSharp) and the link map.
        var symbols = SymbolValues(dir.PathOf("wild"));
        string map = File.ReadAllText(dir.PathOf("wild.map"));
        foreach (string pair in wild)
        {
            string kept = FunctionOf(pair.Split(' ')[0]), removed = FunctionOf(pair.Split(' ')[1]);
            if (!symbols.TryGetValue(kept, out ulong k) || !symbols.TryGetValue(removed, out ulong r)) continue;
            Assert.True(k == r, $"{removed} (0x{r:x}) should be at {kept} (0x{k:x}): its section was folded into {kept}'s");
            Assert.Matches($@"{k:x} +[0-9a-f]+ +[0-9a-f]+ +{System.Text.RegularExpressions.Regex.Escape(removed)}\n", map);
        }

        // The program behaves as lld's folded one; and as the unfolded one, unless --icf=all merged functions whose
        // addresses it compares (which is what =all means, in lld as here).
        var plain = Tools.Exec(dir.PathOf("plain"));
        var folded = Tools.Exec(dir.PathOf("wild"));
        var lldFolded = Tools.Exec(dir.PathOf("lld"));
        Assert.Equal(0, folded.ExitCode);
        Assert.Equal(lldFolded.Stdout, folded.Stdout);
        if (mode == "safe" || caseName == "cxx-icf-all")
            Assert.Equal(plain.Stdout, folded.Stdout);
        else
            Assert.Contains("taken 22 31 same=1", folded.Stdout);
        Assert.True(TextSize(dir.PathOf("wild")) < TextSize(dir.PathOf("plain")),
            $".text with --icf={mode} ({TextSize(dir.PathOf("wild"))} bytes) should be smaller than without ({TextSize(dir.PathOf("plain"))})");
    }

    [Fact]
    public void AnUnknownModeIsAnError()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "main", "int main(void) { return 0; }");
        var r = ProcessRunner.Run(Path.Combine(dist, "wild"), [obj, "--icf=most", "-o", dir.PathOf("out")], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--icf: unknown value 'most' (expected all, safe or none)", r.Stderr);
    }

    /// <summary>"kept folded" pairs from --print-icf-sections output, without empty sections, with paths made
    /// relative to the work directory.</summary>
    private static HashSet<string> Folded(string[] lines, string workDir)
    {
        var pairs = new HashSet<string>(StringComparer.Ordinal);
        string? kept = null;
        foreach (string line in lines)
        {
            const string Selected = "selected section ", Removing = "  removing identical section ";
            if (line.StartsWith(Selected, StringComparison.Ordinal)) kept = line[Selected.Length..];
            else if (line.StartsWith(Removing, StringComparison.Ordinal))
            {
                string removed = line[Removing.Length..];
                Assert.NotNull(kept);
                if (SectionSize(removed, workDir) > 0)
                    pairs.Add($"{kept} {removed}");
            }
            else Assert.Fail($"unexpected --print-icf-sections line: {line}");
        }
        return pairs;
    }

    private static ulong SectionSize(string described, string workDir)
    {
        int open = described.LastIndexOf(":(", StringComparison.Ordinal);
        string file = described[..open], section = described[(open + 2)..^1];
        using var elf = ELFReader.Load<ulong>(Path.IsPathRooted(file) ? file : Path.Combine(workDir, file));
        return elf.Sections.First(s => s.Name == section).Size;
    }

    /// <summary>The symbol a -ffunction-sections/-fdata-sections section is named after: file:(.text.NAME) gives NAME.</summary>
    private static string FunctionOf(string described)
    {
        string section = described[(described.LastIndexOf(":(", StringComparison.Ordinal) + 2)..^1];
        int dot = section.IndexOf('.', 1);
        return dot < 0 ? section : section[(dot + 1)..];
    }

    private static Dictionary<string, ulong> SymbolValues(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var entry in elf.Sections.OfType<ELFSharp.ELF.Sections.ISymbolTable>().SelectMany(t => t.Entries))
            if (entry is ELFSharp.ELF.Sections.SymbolEntry<ulong> e && e.Name.Length > 0)
                values.TryAdd(e.Name, e.Value);
        return values;
    }

    private static ulong TextSize(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        return elf.Sections.First(s => s.Name == ".text").Size;
    }
}
