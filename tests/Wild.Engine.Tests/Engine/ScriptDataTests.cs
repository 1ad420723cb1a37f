// Links with -T scripts whose output section bodies the address walk lays out (data, fills, SUBALIGN, `.` between
// inputs) and whose file patterns sort files or name archive members, by GNU ld and by wild, and compares what
// readelf says of both: the bytes of the sections the script fills, every allocated section, the program headers
// and the script's symbols; the programs must run the same. Also the parser's fill patterns and the refusals left.
using System.Text.RegularExpressions;
using Wild.Engine;
using Wild.Engine.Diagnostics;
using Wild.Engine.Scripts;
using Wild.Engine.Tests.Corpus;
using static Wild.Engine.Tests.Engine.ScriptLinkSupport;

namespace Wild.Engine.Tests.Engine;

public sealed class ScriptDataTests
{
    /// <summary>readelf -x's dump of a section: its address and bytes.</summary>
    private static string Hex(Scratch dir, string file, string section) =>
        string.Join('\n', Tools.Run("readelf", dir.Dir, "-x", section, file).Stdout.Split('\n').Where(l => l.StartsWith("  0x", StringComparison.Ordinal)));

    /// <summary>"name type address size flags" of every allocated section.</summary>
    private static List<string> AllocSections(Scratch dir, string file) =>
        Regex.Matches(Tools.Run("readelf", dir.Dir, "-SW", file).Stdout,
                @"^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+(\S*A\S*)\s", RegexOptions.Multiline)
            .Select(m => string.Join(' ', m.Groups.Values.Skip(1).Select(g => g.Value))).ToList();

    private static List<string> ProgramHeaders(Scratch dir, string file) =>
        Regex.Matches(Tools.Run("readelf", dir.Dir, "-lW", file).Stdout, @"^\s{2}([A-Z_]+\s+0x.*)$", RegexOptions.Multiline)
            .Select(m => Regex.Replace(m.Groups[1].Value, @"\s+", " ")).ToList();

    /// <summary>Value and section index of a symbol (sections are laid out identically, so indices compare).</summary>
    private static string Symbol(Scratch dir, string file, string name)
    {
        var m = Regex.Match(Tools.Run("readelf", dir.Dir, "-sW", file).Stdout,
            $@"^\s*\d+:\s+([0-9a-f]+)\s+\d+\s+\w+\s+\w+\s+\w+\s+(\w+)\s+{Regex.Escape(name)}$", RegexOptions.Multiline);
        Assert.True(m.Success, $"{file} has no symbol {name}");
        return $"{m.Groups[1].Value} {m.Groups[2].Value}";
    }


    [Fact]
    public void FirmwareTableMadeByTheScriptMatchesGnuLd()
    {
        using var dir = new Scratch();
        string script = CaseFile(dir, "script-data-firmware", "fwdata.ld");
        string obj = Tools.CompileC(dir, "fwdata", File.ReadAllText(Path.Combine(CorpusPaths.ProgramsDir, "script-data-firmware", "fwdata.c")),
            "-O1", "-ffreestanding", "-fno-pie", "-fno-stack-protector");
        var (gnu, wild) = LinkBoth(dir, "-static", "-nostdlib", "-Wl,--build-id=none", "-Wl,-T," + script, obj);
        AssertSameRun(gnu, wild, 42);
        Assert.Equal(AllocSections(dir, gnu), AllocSections(dir, wild));
        Assert.Equal(ProgramHeaders(dir, gnu), ProgramHeaders(dir, wild));
        // Sections with nothing but data: made, byte for byte GNU ld's, read-only when the body starts with data and
        // writable when it starts with an assignment, as GNU ld makes them.
        Assert.Contains(AllocSections(dir, wild), s => s.StartsWith(".fwtable PROGBITS ", StringComparison.Ordinal) && s.EndsWith(" A", StringComparison.Ordinal));
        Assert.Contains(AllocSections(dir, wild), s => s.StartsWith(".fwstamp PROGBITS ", StringComparison.Ordinal) && s.EndsWith(" WA", StringComparison.Ordinal));
        Assert.Equal(Hex(dir, gnu, ".fwstamp"), Hex(dir, wild, ".fwstamp"));
        Assert.Equal(Hex(dir, gnu, ".fwtable"), Hex(dir, wild, ".fwtable"));
        Assert.Contains("31425746", Hex(dir, wild, ".fwtable")); // LONG(0x46574231), little-endian
        foreach (string sym in (string[])["fw_table", "fw_table_end", "fw_stamp", "__text_start", "__text_end"])
            Assert.Equal(Symbol(dir, gnu, sym), Symbol(dir, wild, sym));
    }

    [Fact]
    public void KernelBodiesWithFillsAlignAndSubalignMatchGnuLd()
    {
        using var dir = new Scratch();
        string script = CaseFile(dir, "script-data-kernel", "kdata.ld");
        string obj = Tools.CompileC(dir, "kdata", File.ReadAllText(Path.Combine(CorpusPaths.ProgramsDir, "script-data-kernel", "kdata.c")),
            "-O2", "-ffreestanding", "-fno-pie", "-fno-stack-protector", "-ffunction-sections", "-fdata-sections");
        var (gnu, wild) = LinkBoth(dir, "-static", "-nostdlib", "-Wl,--build-id=none", "-Wl,-T," + script, obj);
        AssertSameRun(gnu, wild, 42);
        Assert.Equal(AllocSections(dir, gnu), AllocSections(dir, wild));
        Assert.Equal(ProgramHeaders(dir, gnu), ProgramHeaders(dir, wild));
        foreach (string section in (string[])[".text", ".rodata", ".data"])
            Assert.Equal(Hex(dir, gnu, section), Hex(dir, wild, section));
        foreach (string sym in (string[])["_eboot", "_stext_main", "_esecond", "__marker", "__marker_end", "later", "ro1", "ro2"])
            Assert.Equal(Symbol(dir, gnu, sym), Symbol(dir, wild, sym));
        Assert.Contains("deadbeef", Hex(dir, wild, ".data"));
    }

    [Fact]
    public void SortedFilesAndArchiveMemberPatternsPickTheSameInputsAsGnuLd()
    {
        using var dir = new Scratch();
        var objects = new List<string>();
        foreach (string n in (string[])["z", "a", "m1", "m2", "m3"])
            objects.Add(Tools.Assemble(dir, n,
                $".section .d,\"a\"\n.ascii \"d{n}\"\n.section .s,\"a\"\n.ascii \"s{n}\"\n.section .e,\"a\"\n.ascii \"e{n}\"\n"));
        string start = Tools.Assemble(dir, "start", ".globl _start\n.text\n_start: ret\n");
        Tools.Run("ar", dir.Dir, "rcs", "libx.a", "m2.o", "m1.o", "m3.o");
        string script = dir.Write("files.ld", """
            SECTIONS {
              . = 0x400000;
              .text : { *(.text) }
              .d : { *libx.a:m2.o(.d) :z.o(.d) *(.d) }
              .s : { SORT(*)(.s) }
              .e : { EXCLUDE_FILE(*libx.a:m1.o :a.o) *(.e) }
              .e2 : { *libx.a:(.e) }
              .e3 : { *(.e) }
            }
            """);
        string dist = CorpusCatalog.RequireDist();
        string[] inputs = ["-T", script, "start.o", "z.o", "a.o", "--whole-archive", "libx.a", "--no-whole-archive"];
        Tools.Run("ld.bfd", dir.Dir, [.. inputs, "-o", "gnu"]);
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, [.. inputs, "-o", "wild"]);
        foreach (string section in (string[])[".d", ".s", ".e", ".e2", ".e3"])
            Assert.Equal(Hex(dir, dir.PathOf("gnu"), section), Hex(dir, dir.PathOf("wild"), section));
        // The archive's own members first (m2, then z outside any archive), SORT by archive then member name.
        Assert.Contains("646d3264 7a", Hex(dir, dir.PathOf("wild"), ".d"));
        Assert.Contains("7361736d 3173", Hex(dir, dir.PathOf("wild"), ".s"));
    }

    [Fact]
    public void InputAndGroupInAScriptGivenWithTLoadTheirFilesThere()
    {
        using var dir = new Scratch();
        Tools.Assemble(dir, "start", ".globl _start\n.text\n_start: call m1\nret\n.section .s,\"a\"\n.ascii \"start\"\n");
        foreach (string n in (string[])["m1", "m2"])
            Tools.Assemble(dir, n, $".globl {n}\n.text\n{n}: ret\n.section .s,\"a\"\n.ascii \"{n}\"\n");
        Tools.Run("ar", dir.Dir, "rcs", "libm.a", "m2.o", "m1.o");
        // start.o by INPUT; libm.a's m1.o by GROUP because start.o calls it, m2.o not at all.
        string script = dir.Write("in.ld", "INPUT(start.o)\nGROUP(libm.a)\nSECTIONS {\n  . = 0x400000;\n  .text : { *(.text) }\n  .s : { *(.s) }\n}\n");
        string dist = CorpusCatalog.RequireDist();
        Tools.Run("ld.bfd", dir.Dir, "-T", script, "-o", "gnu");
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, "-T", script, "-o", "wild");
        Assert.Equal(Hex(dir, dir.PathOf("gnu"), ".s"), Hex(dir, dir.PathOf("wild"), ".s"));
        Assert.Contains("73746172 746d31", Hex(dir, dir.PathOf("wild"), ".s")); // "start" then "m1"
        Assert.Equal(Symbol(dir, dir.PathOf("gnu"), "m1"), Symbol(dir, dir.PathOf("wild"), "m1"));
        // Given to the engine without the command line adding its files, such a script is refused, not obeyed in half.
        var e = Assert.Throws<LinkException>(() => new LinkOptions { OutputPath = "x" }.WithLinkerScript(ScriptPlan.Load(script)));
        Assert.StartsWith($"{script}:1:1: INPUT in a script given other than with -T", e.Message);
    }

    [Fact]
    public void MovingTheLocationCounterInASectionThatReceivesNothingIsRefused()
    {
        // GNU ld makes `.pad` a 16-byte zero-fill section; that is not done yet, so it is named, not dropped.
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "start", ".globl _start\n.text\n_start: ret\n");
        string script = dir.Write("pad.ld", "SECTIONS {\n  . = 0x400000;\n  .text : { *(.text) }\n  .pad : { . += 16; }\n  .ok : { . = ALIGN(1); }\n}\n");
        var r = ProcessRunner.Run(Path.Combine(CorpusCatalog.RequireDist(), "wild"), ["-T", script, obj, "-o", dir.PathOf("out")], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{script}:4:12: moving '.' in output section .pad, which receives no input section or data is not supported", r.Stderr);
    }

    [Theory]
    [InlineData("=0x0090", "0090")]
    [InlineData("=0x90", "90")]
    [InlineData("=0xdeadbeef", "deadbeef")]
    [InlineData("=(0x90)", null)]
    [InlineData("=0x90 + 0", null)]
    [InlineData("=144", null)]
    public void AFillIsItsHexDigitsOnlyWhenItIsABareHexNumber(string fill, string? digits)
    {
        var file = ScriptParser.Parse("f.ld", $"SECTIONS {{ .text : {{ *(.text) FILL({fill[1..]}) }} {fill} }}");
        var os = Assert.Single(Assert.Single(file.Sections).Statements.OfType<OutputSectionCommand>());
        Assert.Equal(digits, os.FillHex);
        Assert.Equal(digits, Assert.Single(os.Body.OfType<FillCommand>()).HexDigits);
    }

    [Theory]
    [InlineData("SECTIONS { .data : AT(0x1000) { *(.data) LONG(1) } } INSERT AFTER .bss;", "f.ld:1:12: AT, a region or a type on output section .data in a script with INSERT")]
    [InlineData("SECTIONS { .data (NOLOAD) : { *(.data) } } INSERT AFTER .bss;", "f.ld:1:12: AT, a region or a type")]
    public void WhatIsStillRefusedIsNamedAtItsPlace(string text, string message)
    {
        var e = Assert.Throws<LinkException>(() => ScriptPlan.Build(ScriptParser.Parse("f.ld", text)));
        Assert.StartsWith(message, e.Message);
    }
}
