// The option table itself: every spelling is unique and well formed, every row has what its outcome
// needs, and every option ecosystem-notes §1.2 marks "must" or "should" has a row.
using Wild.Cli.CommandLine;

namespace Wild.Engine.Tests.Cli;

public class OptionTableTests
{
    [Fact]
    public void SpellingsAreUniqueAndDashed()
    {
        var seen = new HashSet<string>();
        foreach (OptionSpec spec in OptionTable.Options)
        {
            foreach (string s in spec.Spellings)
            {
                Assert.StartsWith("-", s);
                Assert.DoesNotContain("=", s);
                // Long names are matched without their dashes, so "-pie" and "--pie" would collide.
                Assert.True(seen.Add(ArgumentParser.IsShortSpelling(s) ? s : "long:" + s.TrimStart('-')), $"duplicate spelling {s}");
            }
        }
    }

    [Fact]
    public void RowsHaveWhatTheirOutcomeNeeds()
    {
        foreach (OptionSpec spec in OptionTable.Options)
        {
            Assert.False(string.IsNullOrWhiteSpace(spec.Help), string.Join(" ", spec.Spellings));
            if (spec.Outcome == Outcome.Implemented)
                Assert.NotNull(spec.Apply);
            if (spec.Arity != Arity.None)
                Assert.False(string.IsNullOrEmpty(spec.MetaVar), string.Join(" ", spec.Spellings) + " needs a MetaVar for --help");
            if (spec.TakesSeparateNumber)
                Assert.Equal(Arity.Optional, spec.Arity);
        }
        foreach (ZKeyword z in OptionTable.ZKeywords)
        {
            if (z.Outcome == Outcome.Implemented)
                Assert.NotNull(z.Apply);
        }
    }

    [Fact]
    public void ZKeywordsAreUnique()
    {
        var names = OptionTable.ZKeywords.Select(z => z.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    // ecosystem-notes.md §1.2, "must" and "should" rows, spelled as users write them.
    [Theory]
    [InlineData("-o"), InlineData("-L"), InlineData("-l"), InlineData("-m"), InlineData("-pie"), InlineData("-no-pie")]
    [InlineData("-shared"), InlineData("-static"), InlineData("--no-dynamic-linker"), InlineData("-dynamic-linker"), InlineData("-I")]
    [InlineData("--build-id"), InlineData("--eh-frame-hdr"), InlineData("--hash-style"), InlineData("--as-needed")]
    [InlineData("--no-as-needed"), InlineData("--push-state"), InlineData("--pop-state"), InlineData("-Bstatic"), InlineData("-Bdynamic")]
    [InlineData("-dn"), InlineData("-dy"), InlineData("--start-group"), InlineData("--end-group"), InlineData("-("), InlineData("-)")]
    [InlineData("--whole-archive"), InlineData("--no-whole-archive"), InlineData("-z"), InlineData("--gc-sections")]
    [InlineData("--version-script"), InlineData("--no-undefined-version"), InlineData("-soname"), InlineData("-h"), InlineData("-rpath")]
    [InlineData("-rpath-link"), InlineData("--enable-new-dtags"), InlineData("--disable-new-dtags"), InlineData("-E")]
    [InlineData("--export-dynamic"), InlineData("--no-undefined"), InlineData("--allow-shlib-undefined"), InlineData("-O")]
    [InlineData("-s"), InlineData("--strip-all"), InlineData("-S"), InlineData("--strip-debug"), InlineData("-plugin")]
    [InlineData("-plugin-opt"), InlineData("--version"), InlineData("-v"), InlineData("-V"), InlineData("--help")]
    [InlineData("-e"), InlineData("-u"), InlineData("--undefined"), InlineData("--defsym"), InlineData("-r"), InlineData("-Map")]
    [InlineData("-M"), InlineData("--cref"), InlineData("--print-gc-sections"), InlineData("-t"), InlineData("-y")]
    [InlineData("--why-extract"), InlineData("--dynamic-list"), InlineData("--export-dynamic-symbol")]
    [InlineData("--export-dynamic-symbol-list"), InlineData("-Bsymbolic"), InlineData("-Bsymbolic-functions")]
    [InlineData("--compress-debug-sections"), InlineData("--dependency-file"), InlineData("--wrap"), InlineData("--threads")]
    [InlineData("--no-threads"), InlineData("--thread-count"), InlineData("--exclude-libs"), InlineData("--fatal-warnings")]
    [InlineData("--warn-execstack"), InlineData("--no-keep-memory"), InlineData("-x"), InlineData("--copy-dt-needed-entries")]
    [InlineData("--dynamic-list-data")]
    public void MustAndShouldOptionsHaveARow(string spelling) =>
        Assert.Contains(OptionTable.Options, spec => spec.Spellings.Contains(spelling));

    [Theory]
    [InlineData("relro"), InlineData("now"), InlineData("text"), InlineData("noexecstack"), InlineData("pack-relative-relocs")]
    [InlineData("separate-code"), InlineData("max-page-size"), InlineData("nocopyreloc"), InlineData("lazy"), InlineData("origin")]
    [InlineData("nodelete"), InlineData("execstack"), InlineData("muldefs"), InlineData("defs")]
    public void MustAndShouldZKeywordsAreImplemented(string name) =>
        Assert.Contains(OptionTable.ZKeywords, z => z.Name == name && z.Outcome == Outcome.Implemented);

    /// <summary>The README's option reference is the table itself; WILD_UPDATE_README=1 rewrites it after a change.</summary>
    [Fact]
    public void ReadmeListsEveryOptionWithItsOutcome()
    {
        const string Start = "<!-- options:start (generated from OptionTable by OptionTableTests) -->\n", End = "<!-- options:end -->";
        string path = Path.Combine(Corpus.CorpusPaths.RepoRoot, "README.md");
        string readme = File.ReadAllText(path).ReplaceLineEndings("\n");
        int from = readme.IndexOf(Start, StringComparison.Ordinal), to = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md has no {Start.Trim()} ... {End} section");
        string expected = HelpWriter.Markdown().ReplaceLineEndings("\n");
        string actual = readme[(from + Start.Length)..to];
        if (actual != expected && Environment.GetEnvironmentVariable("WILD_UPDATE_README") == "1")
            File.WriteAllText(path, readme[..(from + Start.Length)] + expected + readme[to..]);
        else
            Assert.True(actual == expected, "README.md's option table is stale: run the tests once with WILD_UPDATE_README=1");
    }
}
