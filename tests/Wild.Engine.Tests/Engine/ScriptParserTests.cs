// The linker script parser and evaluator on their own: numbers and suffixes, C operator precedence, the
// functions, error positions (file:line:column), INCLUDE, MEMORY/PHDRS/SECTIONS syntax, GNU ld's whole default
// script, and ScriptPlan's rule matching and refusals by name. Linking with scripts is ScriptLinkTests'.
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Scripts;

namespace Wild.Engine.Tests.Engine;

public sealed class ScriptParserTests
{
    private const string File = "t.ld";

    private static ScriptFile Parse(string text) => ScriptParser.Parse(File, text);

    private static LinkException ParseError(string text) => Assert.Throws<LinkException>(() => Parse(text));

    /// <summary>Evaluates an expression with `.` = 0x1003 and a few sections, symbols and a region.</summary>
    private static ulong Eval(string expression)
    {
        var a = Assert.IsType<AssignmentCommand>(Assert.Single(Parse($"x = {expression};").Commands));
        return ScriptEvaluator.Evaluate(a.Value, new TestEnvironment());
    }

    private sealed class TestEnvironment : IScriptEnvironment
    {
        public ulong Dot(ScriptPosition at) => 0x1003;
        public bool TrySection(string name, out ulong address, out ulong loadAddress, out ulong size, out ulong align)
        {
            (address, loadAddress, size, align) = name == ".text" ? (0x401000UL, 0x1000UL, 0x234UL, 16UL) : (0UL, 0UL, 0UL, 0UL);
            return name == ".text";
        }
        public ScriptValue Symbol(string name, ScriptPosition at) =>
            name == "known" ? new(0x40, true) : throw at.Error($"undefined symbol '{name}' referenced in expression");
        public bool IsDefined(string name) => name == "known";
        public MemoryRegion? Region(string name) =>
            name == "rom" ? new MemoryRegion(new(File, 1, 1), "rom", "rx", new NumberExpression(new(File, 1, 1), 0x8000000), new NumberExpression(new(File, 1, 1), 0x40000)) : null;
        public ulong SizeOfHeaders => 0x120;
        public ulong MaxPageSize => 0x1000;
        public ulong CommonPageSize => 0x1000;
        public ulong? SegmentStart(string segment) => null;
    }

    [Theory]
    [InlineData("42", 42UL)]
    [InlineData("0x1F", 31UL)]
    [InlineData("0X10", 16UL)]
    [InlineData("017", 15UL)]
    [InlineData("4K", 4096UL)]
    [InlineData("2M", 2UL * 1024 * 1024)]
    [InlineData("0x10K", 16UL * 1024)]
    [InlineData("0FFh", 255UL)]
    [InlineData("0", 0UL)]
    public void NumbersInEveryRadixAndWithSuffixes(string text, ulong expected) => Assert.Equal(expected, Eval(text));

    [Theory]
    [InlineData("1 + 2 * 3", 7UL)]
    [InlineData("(1 + 2) * 3", 9UL)]
    [InlineData("10 - 4 - 3", 3UL)]                 // left-associative
    [InlineData("1 << 2 + 1", 8UL)]                 // + binds tighter than <<
    [InlineData("1 < 2 == 1", 1UL)]                 // relational tighter than equality
    [InlineData("6 & 3 == 3", 0UL)]                 // == tighter than & (C's trap): 6 & (3 == 3) = 0
    [InlineData("1 | 6 ^ 3 & 5", 7UL)]              // & then ^ then |: 1 | (6 ^ (3 & 5)) = 1 | 7
    [InlineData("0 || 2 && 3", 1UL)]
    [InlineData("1 ? 2 : 3 ? 4 : 5", 2UL)]
    [InlineData("0 ? 2 : 0 ? 4 : 5", 5UL)]          // ?: is right-associative
    [InlineData("-1 + 2", 1UL)]
    [InlineData("~0 >> 60", 15UL)]
    [InlineData("!5 + !0", 1UL)]
    [InlineData("7 % 4 * 3 / 2", 4UL)]
    [InlineData("0 - 1", ulong.MaxValue)]           // 64-bit wrap, as in GNU ld
    public void OperatorsHaveCsPrecedence(string text, ulong expected) => Assert.Equal(expected, Eval(text));

    [Theory]
    [InlineData("ALIGN(16)", 0x1010UL)]
    [InlineData("ALIGN(0x1001, 0x100)", 0x1100UL)]
    [InlineData(". + 1", 0x1004UL)]
    [InlineData("ADDR(.text) + SIZEOF(.text)", 0x401234UL)]
    [InlineData("LOADADDR(.text)", 0x1000UL)]
    [InlineData("ALIGNOF(.text)", 16UL)]
    [InlineData("SIZEOF(.nothing)", 0UL)]
    [InlineData("MAX(3, 9) - MIN(3, 9)", 6UL)]
    [InlineData("DEFINED(known) ? known : 1", 0x40UL)]
    [InlineData("DEFINED(unknown) ? unknown : 1", 1UL)]  // the untaken branch is not evaluated
    [InlineData("ORIGIN(rom) + LENGTH(rom)", 0x8040000UL)]
    [InlineData("CONSTANT(MAXPAGESIZE) + CONSTANT(COMMONPAGESIZE)", 0x2000UL)]
    [InlineData("SIZEOF_HEADERS", 0x120UL)]
    [InlineData("SEGMENT_START(\"text-segment\", 0x400000)", 0x400000UL)]
    [InlineData("LOG2CEIL(33)", 6UL)]
    [InlineData("DATA_SEGMENT_ALIGN(0x1000, 0x1000)", 0x2003UL)]
    [InlineData("DATA_SEGMENT_RELRO_END(0, 5)", 5UL)]
    [InlineData("ABSOLUTE(.)", 0x1003UL)]
    public void FunctionsAndTheLocationCounter(string text, ulong expected) => Assert.Equal(expected, Eval(text));

    [Theory]
    [InlineData("x = 1 +;", "t.ld:1:8: expected an expression, found ';'")]
    [InlineData("SECTIONS\n{\n  .text : { *(.text) }\n  . = ;\n}", "t.ld:4:7: expected an expression, found ';'")]
    [InlineData("SECTIONS {\n  .text : { *(.text)\n", "t.ld:3:1: unterminated output section {")]
    [InlineData("FROBNICATE(1)", "t.ld:1:1: unknown linker script command 'FROBNICATE'")]
    [InlineData("x = ALIGN(1, 2, 3);", "t.ld:1:5: ALIGN takes 1 or 2 arguments, not 3")]
    [InlineData("x = CONSTANT(PAGESIZE);", "t.ld:1:14: unknown constant 'PAGESIZE' (CONSTANT takes MAXPAGESIZE or COMMONPAGESIZE)")]
    [InlineData("x = 0x;", "t.ld:1:5: invalid number '0x'")]
    [InlineData("x = 09;", "t.ld:1:5: invalid number '09'")]
    [InlineData("/* open", "t.ld:1:1: unclosed comment")]
    [InlineData("MEMORY { rom : ORIGIN = 0, SIZE = 4 }", "t.ld:1:28: expected LENGTH in memory region rom, found 'SIZE'")]
    [InlineData("PHDRS { text PT_BOGUS; }", "t.ld:1:14: expected a program header type (PT_LOAD, PT_NOTE...) for text, found 'PT_BOGUS'")]
    [InlineData("SECTIONS { .text : AT(0x100 { } }", "t.ld:1:29: expected ')' to close AT(, found '{'")]
    public void ErrorsNameFileLineAndColumn(string text, string message)
    {
        var e = ParseError(text);
        Assert.Equal(ErrorId.MalformedLinkerScript, e.Id);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void SectionsParseIntoOutputAndInputDescriptions()
    {
        var script = Parse("""
            ENTRY(_start)
            MEMORY { rom (rx) : ORIGIN = 0x8000000, LENGTH = 256K  ram (!rx) : org = 0x20000000, l = 64K }
            PHDRS { text PT_LOAD FILEHDR PHDRS; data PT_LOAD FLAGS(6); note PT_NOTE AT(0x100); }
            SECTIONS
            {
              . = SEGMENT_START("text-segment", 0x400000) + SIZEOF_HEADERS;
              .text ALIGN(16) : AT(0x1000) ALIGN(32) SUBALIGN(4) { KEEP(*(.init)) *(EXCLUDE_FILE(*crtend.o) .text .text.*) foo.o } > rom :text =0x90909090
              .data : { PROVIDE_HIDDEN(__start = .); *(SORT_BY_NAME(SORT_BY_ALIGNMENT(.data.*))) LONG(5) } > ram AT> rom :data
              .bss (NOLOAD) : { *(.bss) *(COMMON) . = ALIGN(8); }
              /DISCARD/ : { *(.comment) }
              HIDDEN(_end = .);
              _size = _end - ADDR(.text);
              x += 4; y <<= 1;
            }
            """);
        Assert.Equal("_start", script.Entry);
        var memory = Assert.Single(script.Commands.OfType<MemoryCommand>());
        Assert.Equal(["rom", "ram"], memory.Regions.Select(r => r.Name));
        Assert.Equal("!rx", memory.Regions[1].Attributes);
        var phdrs = Assert.Single(script.Commands.OfType<PhdrsCommand>());
        Assert.True(phdrs.Headers[0].FileHeader && phdrs.Headers[0].ProgramHeaders);
        Assert.Equal(4u, phdrs.Headers[2].Type);
        var statements = Assert.Single(script.Sections).Statements;
        var text = Assert.IsType<OutputSectionCommand>(statements[1]);
        Assert.Equal((".text", "rom", "text"), (text.Name, text.Region, Assert.Single(text.Phdrs)));
        Assert.IsType<CallExpression>(text.Address); // `.text ALIGN(16) :` is an address, as in GNU ld
        Assert.NotNull(text.Align);
        Assert.NotNull(text.LoadAddress);
        Assert.NotNull(text.SubAlign);
        Assert.NotNull(text.Fill);
        var keep = Assert.IsType<InputSectionCommand>(text.Body[0]);
        Assert.True(keep.Keep);
        var excl = Assert.IsType<InputSectionCommand>(text.Body[1]);
        Assert.Equal(["*crtend.o"], excl.Sections[0].ExcludeFiles);
        Assert.Equal(".text.*", excl.Sections[1].Glob);
        var whole = Assert.IsType<InputSectionCommand>(text.Body[2]);
        Assert.Equal(("foo.o", "*"), (whole.FilePattern, whole.Sections[0].Glob));
        var data = Assert.IsType<OutputSectionCommand>(statements[2]);
        Assert.Equal(("ram", "rom"), (data.Region, data.LoadRegion));
        Assert.Equal(AssignmentKind.ProvideHidden, Assert.IsType<AssignmentCommand>(data.Body[0]).Kind);
        Assert.Equal(SectionSort.NameThenAlignment, Assert.IsType<InputSectionCommand>(data.Body[1]).Sections[0].Sort);
        Assert.Equal(4, Assert.IsType<DataCommand>(data.Body[2]).Size);
        var bss = Assert.IsType<OutputSectionCommand>(statements[3]);
        Assert.Equal("NOLOAD", bss.Type);
        Assert.True(Assert.IsType<OutputSectionCommand>(statements[4]).IsDiscard);
        Assert.Equal(AssignmentKind.Hidden, Assert.IsType<AssignmentCommand>(statements[5]).Kind);
        Assert.Equal(["=", "+=", "<<="], statements.Skip(6).Cast<AssignmentCommand>().Select(a => a.Operator));
    }

    [Fact]
    public void IncludeSplicesAFileAndACycleIsAnError()
    {
        using var dir = new Scratch();
        dir.Write("part.ld", ".data : { *(.data) }\n");
        string main = dir.Write("main.ld", "SECTIONS {\n  .text : { *(.text) }\n  INCLUDE part.ld\n}\n");
        var script = ScriptParser.Load(main);
        Assert.Equal([".text", ".data"], Assert.Single(script.Sections).Statements.OfType<OutputSectionCommand>().Select(o => o.Name));
        string loop = dir.Write("loop.ld", "INCLUDE loop.ld\n");
        var e = Assert.Throws<LinkException>(() => ScriptParser.Load(loop));
        Assert.Equal($"{loop}:1:1: INCLUDE loop.ld: script {loop} includes itself: {loop} -> {loop}", e.Message);
        // Through another file: the whole cycle is named.
        string a = dir.Write("a.ld", "SECTIONS {\n  INCLUDE b.ld\n}\n");
        string b = dir.Write("b.ld", ".text : { *(.text) }\nINCLUDE a.ld\n");
        e = Assert.Throws<LinkException>(() => ScriptParser.Load(a));
        Assert.Contains($"includes itself: {a} -> {b} -> {a}", e.Message);
    }

    [Fact]
    public void GnuLdsOwnDefaultScriptParses()
    {
        // `ld --verbose` prints the script it uses when none is given, between two lines of '='.
        using var dir = new Scratch();
        string verbose = Tools.Run("ld.bfd", dir.Dir, "--verbose").Stdout;
        var lines = verbose.Split('\n');
        int start = Array.FindIndex(lines, l => l.StartsWith("=====", StringComparison.Ordinal));
        int end = Array.FindIndex(lines, start + 1, l => l.StartsWith("=====", StringComparison.Ordinal));
        Assert.True(start >= 0 && end > start, "ld --verbose printed no script");
        string text = string.Join('\n', lines[(start + 1)..end]);
        var script = Parse(text);
        var sections = Assert.Single(script.Sections).Statements.OfType<OutputSectionCommand>().ToList();
        Assert.Contains(sections, s => s.Name == ".text");
        Assert.Contains(sections, s => s.Name == ".init_array" && s.Body.OfType<InputSectionCommand>().Any(i => i.Keep && i.Sections.Any(p => p.Sort == SectionSort.InitPriority)));
        Assert.Contains(script.Sections.Single().Statements.OfType<AssignmentCommand>(), a => a.Target == ".");
        // The layout takes all of it (ScriptDynamicLinkTests links programs with it); .eh_frame is described twice,
        // ONLY_IF_RO and ONLY_IF_RW, and an output section name may hold '-'.
        var plan = ScriptPlan.Build(script);
        Assert.True(plan.LaysOutEverything);
        Assert.Equal(2, sections.Count(s => s.Name == ".eh_frame" && s.Constraint is "ONLY_IF_RO" or "ONLY_IF_RW"));
        Assert.Contains(sections, s => s.Name == ".note.gnu.build-id" && s.Address is null);
    }

    [Theory]
    [InlineData("SECTIONS { .ro : { *(.ro) } .ro : SPECIAL { *(.ro2) } }", "t.ld:1:29: a second output section called .ro is not supported in linker scripts yet")]
    [InlineData("SECTIONS { .ro : { *(.ro) } .ro : { *(.ro2) } }", "t.ld:1:29: a second output section called .ro is not supported in linker scripts yet")]
    [InlineData("OUTPUT_FORMAT(elf32-i386)", "t.ld:1:1: OUTPUT_FORMAT(elf32-i386) (only elf64-x86-64, elf64-littleaarch64 and their OUTPUT_ARCH i386:x86-64 and aarch64 are) is not supported in linker scripts yet")]
    [InlineData("SECTIONS { .a : { *(.a) } > ram } INSERT AFTER .data; MEMORY { ram : ORIGIN = 0, LENGTH = 1M }", "t.ld:1:64: MEMORY with INSERT is not supported in linker scripts yet")]
    public void ThePlanRefusesWhatTheLayoutDoesNotDoByName(string text, string message)
    {
        var e = Assert.Throws<LinkException>(() => ScriptPlan.Build(Parse(text)));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("SECTIONS { .text : { *(.text) } > nowhere }", "t.ld:1:12: no memory region named 'nowhere' (for .text)")]
    [InlineData("PHDRS { text PT_LOAD; } SECTIONS { .text : { *(.text) } :data }", "t.ld:1:36: section .text is assigned to program header 'data', which PHDRS does not define")]
    [InlineData("MEMORY { a : o = 0, l = 1 a : o = 2, l = 3 }", "t.ld:1:27: memory region 'a' is defined twice")]
    public void ThePlanChecksNamesItRefersTo(string text, string message)
    {
        var e = Assert.ThrowsAny<LinkException>(() => ScriptPlan.Build(Parse(text)));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void TheFirstMatchingRuleWinsAndExcludeFileSkipsFiles()
    {
        var plan = ScriptPlan.Build(Parse("""
            SECTIONS {
              .first : { special.o(.text) }
              .text : { *(EXCLUDE_FILE(*skip.o) .text .text.*) }
              .other : { *(.text) }
              /DISCARD/ : { *(.comment) }
            }
            """));
        string? Output(string file, string section) => plan.Match(Encoding.UTF8.GetBytes(file), Encoding.UTF8.GetBytes(section)) is { } r ? r.Output ?? "/DISCARD/" : null;
        Assert.Equal(".first", Output("special.o", ".text"));
        Assert.Equal(".text", Output("/tmp/a.o", ".text.hot"));
        Assert.Equal(".other", Output("/tmp/skip.o", ".text"));
        // EXCLUDE_FILE inside the list applies to the one pattern after it (GNU ld), so .text.* takes skip.o's too.
        Assert.Equal(".text", Output("/tmp/skip.o", ".text.hot"));
        Assert.Null(Output("/tmp/skip.o", ".data"));          // an orphan
        Assert.Equal("/DISCARD/", Output("a.o", ".comment"));
        Assert.True(plan.DiscardsAll(".comment"));
        Assert.False(plan.DiscardsAll(".text"));
    }

    [Fact]
    public void OverlayBecomesOneDescriptionPerMemberWithGnuLdsLoadSymbols()
    {
        var plan = ScriptPlan.Build(Parse("""
            MEMORY { ram : o = 0x1000, l = 0x1000 }
            SECTIONS {
              OVERLAY 0x600000 : NOCROSSREFS AT (0x500000) {
                .ov1 { *(.ov1) } :p
                .ov-2 { *(.ov2) } =0x90,
              } > ram
            }
            PHDRS { p PT_LOAD; }
            """));
        var members = plan.Statements.OfType<OutputSectionCommand>().ToList();
        Assert.Equal([".ov1", ".ov-2"], members.Select(m => m.Name));
        Assert.NotNull(members[0].Address);
        Assert.NotNull(members[0].LoadAddress);
        Assert.Null(members[1].Address);                 // the walk runs it where the first one runs
        Assert.Null(members[1].LoadAddress);             // and loads it where the first one's image ends
        Assert.All(members, m => Assert.Equal("ram", m.Region));
        Assert.Equal(["p"], members[0].Phdrs);
        Assert.NotNull(members[1].Fill);
        Assert.True(members[0].Overlay!.IsFirst && members[1].Overlay!.IsLast);
        var provided = plan.Statements.OfType<AssignmentCommand>().Where(a => a.Kind == AssignmentKind.Provide).Select(a => a.Target);
        Assert.Equal(["__load_start_ov1", "__load_stop_ov1", "__load_start_ov2", "__load_stop_ov2"], provided);
        var rule = Assert.Single(plan.CrossReferenceRules);
        Assert.Equal([".ov1", ".ov-2"], rule.Sections);
    }

    [Fact]
    public void CommandsGnuLdTakesAreTakenAndTheirMeaningKept()
    {
        var plan = ScriptPlan.Build(Parse("""
            EXTERN(a b) EXTERN(c)
            OUTPUT(out.elf)
            FORCE_COMMON_ALLOCATION
            FORCE_GROUP_ALLOCATION
            NOCROSSREFS(.a .b)
            NOCROSSREFS_TO(.t .x .y)
            SECTIONS { .ro : SPECIAL { *(.ro) } .text : { SORT_NONE(*)(.text) } }
            """));
        Assert.Equal(["a", "b", "c"], plan.Externs);
        Assert.Equal("out.elf", plan.OutputFile);
        Assert.True(plan.ForbidsReference(".a", ".b") && plan.ForbidsReference(".b", ".a"));
        Assert.True(plan.ForbidsReference(".y", ".t"));
        Assert.False(plan.ForbidsReference(".t", ".y"));
        Assert.False(plan.ForbidsReference(".x", ".y"));
        Assert.Equal(SectionSort.None, plan.Statements.OfType<OutputSectionCommand>().Last().Body.OfType<InputSectionCommand>().Single().FileSort);
        // A script without SECTIONS still lays the output out (every section an orphan), as GNU ld's -T does.
        Assert.True(ScriptPlan.Build(Parse("ENTRY(_start)")).LaysOutEverything);
        Assert.False(ScriptPlan.Build(Parse("SECTIONS { .a : { *(.a) } } INSERT AFTER .data;")).LaysOutEverything);
    }

    [Theory]
    [InlineData("SECTIONS { .text : { SORT_BY_ALIGNMENT(*)(.text) } }", "t.ld:1:22: SORT_BY_ALIGNMENT sorts sections, not files")]
    [InlineData("SECTIONS { .text : { SORT_BY_INIT_PRIORITY(*)(.text) } }", "t.ld:1:22: SORT_BY_INIT_PRIORITY sorts sections, not files")]
    [InlineData("NOCROSSREFS_TO(.a)", "t.ld:1:1: NOCROSSREFS_TO needs a target section")]
    [InlineData("SECTIONS { OVERLAY : { } }", "t.ld:1:12: OVERLAY without sections")]
    public void WhatGnuLdRejectsIsAnErrorAtItsPlace(string text, string message)
    {
        var e = Assert.ThrowsAny<LinkException>(() => ScriptPlan.Build(Parse(text)));
        Assert.StartsWith(message, e.Message);
    }

    [Theory]
    [InlineData("INHIBIT_COMMON_ALLOCATION", "t.ld:1:1: INHIBIT_COMMON_ALLOCATION is not supported")]
    [InlineData("STARTUP(crt0.o)", "t.ld:1:1: STARTUP is not supported")]
    [InlineData("LD_FEATURE(SANE_EXPR)", "t.ld:1:1: LD_FEATURE is not supported")]
    [InlineData("SECTIONS { .a (COPY) : { *(.a) } }", "t.ld:1:12: output section type (COPY) is not supported")]
    [InlineData("SECTIONS { OVERLAY : { .a { *(.a) } } } INSERT AFTER .data;", "t.ld:1:12: OVERLAY in a script with INSERT is not supported")]
    public void WhatIsLeftIsRefusedByName(string text, string message)
    {
        var e = Assert.ThrowsAny<LinkException>(() => ScriptPlan.Build(Parse(text)));
        Assert.StartsWith(message, e.Message);
    }
}
