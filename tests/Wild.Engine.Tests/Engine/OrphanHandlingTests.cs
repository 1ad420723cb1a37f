// --orphan-handling=warn|error|discard compared with GNU ld 2.40: the same orphans (input sections no rule of the -T
// script, or of GNU ld's default script, names; not those --gc-sections collects), in the same order and words, and
// with discard the same output sections. GNU ld also names sections it makes itself in its first input (.got, .iplt,
// .rela.* for dynamic relocations) when no rule names them; wild makes those differently and does not list them, so
// the comparison leaves GNU ld's lines about them out. A reference to a discarded section fails both links.
using System.Text.RegularExpressions;
using Wild.Engine.Tests.Corpus;
using static Wild.Engine.Tests.Engine.ScriptLinkSupport;

namespace Wild.Engine.Tests.Engine;

public sealed class OrphanHandlingTests
{
    private const string Program = """
        .globl _start
        .text
        _start:
          mov $60, %eax
          mov foo(%rip), %edi
          syscall
        .section .foo,"aw"
        foo: .long 5
        .section .unused,"aw"
          .long 1
        .section .mynote,"",@progbits
          .long 1
        .section .note.GNU-stack,"",@progbits
        """;

    private const string Script = "SECTIONS { . = 0x400000 + SIZEOF_HEADERS; .text : { *(.text .text.*) } .data : { *(.data) } }\n";
    private static readonly string[] Bare = ["-static", "-nostdlib", "-Wl,--build-id=none"];

    // The sections GNU ld's x86-64 back end makes in its first input for every final link.
    private static readonly Regex LinkerMade = new(@"orphan section `(\.rela\.got|\.got|\.got\.plt|\.iplt|\.rela\.iplt|\.igot\.plt)' from|placed in section `\.rela\.dyn'");

    private static List<string> OrphanLines(string stderr) =>
        Regex.Matches(stderr, @"^(?:.*?(?:warning|error): )?((?:orphan|unplaced orphan) section .*)$", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value.TrimEnd()).Where(l => !LinkerMade.IsMatch(l)).ToList();

    private static (ProcessResult Gnu, ProcessResult Wild, string GnuOut, string WildOut) LinkEach(Scratch dir, params string[] args)
    {
        string dist = CorpusCatalog.RequireDist();
        string gnu = dir.PathOf("prog.gnu"), wild = dir.PathOf("prog.wild");
        var g = ProcessRunner.Run("gcc", [.. args, "-o", gnu], dir.Dir, TimeSpan.FromMinutes(1));
        var w = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", .. args, "-o", wild], dir.Dir, TimeSpan.FromMinutes(1));
        return (g, w, gnu, wild);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WarnNamesEachOrphanOfAScriptAsGnuLdDoes(bool gc)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "prog", Program);
        string script = dir.Write("o.ld", Script);
        string[] more = gc ? ["-Wl,--gc-sections", "-Wl,-e,_start"] : [];
        var (g, w, gnu, wild) = LinkEach(dir, [.. Bare, .. more, "-Wl,--orphan-handling=warn", "-Wl,-T," + script, obj]);
        Assert.True(g.ExitCode == 0, g.Describe());
        Assert.True(w.ExitCode == 0, w.Describe());
        var expected = OrphanLines(g.Stderr);
        Assert.Contains(expected, l => Regex.IsMatch(l, @"^orphan section `\.foo' from `\S*/prog\.o' being placed in section `\.foo'$"));
        Assert.Equal(gc, !expected.Any(l => l.Contains("`.unused'", StringComparison.Ordinal)));
        Assert.Equal(expected, OrphanLines(w.Stderr));
        AssertSameRun(gnu, wild, 5);
    }

    [Fact]
    public void ErrorFailsTheLinkNamingEveryOrphan()
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "prog", Program);
        string script = dir.Write("o.ld", Script);
        var (g, w, _, wild) = LinkEach(dir, [.. Bare, "-Wl,--orphan-handling=error", "-Wl,-T," + script, obj]);
        Assert.NotEqual(0, g.ExitCode);
        Assert.NotEqual(0, w.ExitCode);
        Assert.Equal(OrphanLines(g.Stderr), OrphanLines(w.Stderr));
        Assert.Matches(@"unplaced orphan section `\.mynote' from `\S*/prog\.o'", w.Stderr);
        Assert.False(File.Exists(wild));
    }

    [Fact]
    public void DiscardDropsTheOrphansAScriptDoesNotName()
    {
        using var dir = new Scratch();
        // .foo is named this time: discarding a section that something refers to fails both links.
        string obj = Tools.Assemble(dir, "prog", Program);
        string script = dir.Write("o.ld", Script.Replace("*(.data)", "*(.data .foo)", StringComparison.Ordinal));
        var (g, w, gnu, wild) = LinkEach(dir, [.. Bare, "-Wl,--orphan-handling=discard", "-Wl,-T," + script, obj]);
        Assert.True(g.ExitCode == 0, g.Describe());
        Assert.True(w.ExitCode == 0, w.Describe());
        Assert.Equal(AllocSections(dir, gnu), AllocSections(dir, wild));
        Assert.DoesNotContain(AllocSections(dir, wild), s => s.StartsWith(".unused ", StringComparison.Ordinal));
        Assert.DoesNotContain(".mynote", Tools.Run("readelf", dir.Dir, "-SW", wild).Stdout, StringComparison.Ordinal);
        AssertSameRun(gnu, wild, 5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AReferenceToADiscardedSectionFailsTheLinkAsInGnuLd(bool discardRule)
    {
        using var dir = new Scratch();
        // _start reads foo, in .foo: dropped as an orphan, or by /DISCARD/.
        string obj = Tools.Assemble(dir, "prog", Program);
        string script = dir.Write("o.ld", discardRule ? Script.Replace(" }\n", " /DISCARD/ : { *(.foo) } }\n", StringComparison.Ordinal) : Script);
        string[] mode = discardRule ? [] : ["-Wl,--orphan-handling=discard"];
        var (g, w, _, wild) = LinkEach(dir, [.. Bare, .. mode, "-Wl,-T," + script, obj]);
        const string Expected = @"`\.foo' referenced in section `\.text' of \S*prog\.o: defined in discarded section `\.foo' of \S*prog\.o";
        Assert.NotEqual(0, g.ExitCode);
        Assert.Matches(Expected, g.Stderr);
        Assert.NotEqual(0, w.ExitCode);
        Assert.Matches(Expected, w.Stderr);
        Assert.False(File.Exists(wild));
    }

    [Fact]
    public void WithoutAScriptTheOrphansAreTheSectionsGnuLdsDefaultScriptDoesNotName()
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "main", """
            #include <stdio.h>
            __attribute__((section(".foo"))) int foo = 3;
            __attribute__((section("bar_sec"))) int bar = 4;
            __attribute__((section(".text.mine"))) int mine(void) { return 1; }
            int main(void) { printf("%d\n", foo + bar + mine()); return 0; }
            """);
        var (g, w, gnu, wild) = LinkEach(dir, "-Wl,--orphan-handling=warn", obj);
        Assert.True(g.ExitCode == 0, g.Describe());
        Assert.True(w.ExitCode == 0, w.Describe());
        var expected = OrphanLines(g.Stderr);
        Assert.Contains(expected, l => Regex.IsMatch(l, @"^orphan section `bar_sec' from `\S*/main\.o' being placed in section `bar_sec'$"));
        Assert.Equal(expected, OrphanLines(w.Stderr));
        var run = Tools.Exec(gnu);
        Tools.AssertRuns(wild, run.ExitCode, run.Stdout);
    }

    [Fact]
    public void AnyOtherModeIsRefusedInGnuLdsWords()
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "prog", Program);
        var (g, w, _, _) = LinkEach(dir, [.. Bare, "-Wl,--orphan-handling=loud", obj]);
        Assert.NotEqual(0, g.ExitCode);
        Assert.Contains("invalid argument to option \"--orphan-handling\"", g.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, w.ExitCode);
        Assert.Contains("invalid argument to option \"--orphan-handling\"", w.Stderr, StringComparison.Ordinal);
    }
}
