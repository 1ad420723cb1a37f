// Links with -T scripts by GNU ld and by wild (gcc -B dist/) and compares what readelf says of both: every allocated
// section's address, size and type, every program header (type, offsets, virtual and physical address, sizes,
// flags), the script's symbols' values and sections; both programs must run the same. Kernel-style (fixed
// address, /DISCARD/), firmware-style (MEMORY, > ram AT> rom, LOADADDR), PHDRS, and INSERT AFTER in a PIE.
using System.Text.RegularExpressions;
using Wild.Engine.Tests.Corpus;
using static Wild.Engine.Tests.Engine.ScriptLinkSupport;

namespace Wild.Engine.Tests.Engine;

public sealed class ScriptLinkTests
{
    private static string ProgramsDir => CorpusPaths.ProgramsDir;

    [Fact]
    public void KernelStyleScriptLaysOutLikeGnuLd()
    {
        using var dir = new Scratch();
        string script = CaseFile(dir, "script-kernel", "kern.ld");
        string obj = Tools.CompileC(dir, "kern", File.ReadAllText(Path.Combine(ProgramsDir, "script-kernel", "kern.c")),
            "-O2", "-ffreestanding", "-fno-pie", "-fno-stack-protector");
        var (gnu, wild) = LinkBoth(dir, "-static", "-nostdlib", "-Wl,-T," + script, obj);
        AssertSameRun(gnu, wild, 42);
        Assert.Equal(AllocSections(dir, gnu), AllocSections(dir, wild));
        Assert.Equal(ProgramHeaders(dir, gnu), ProgramHeaders(dir, wild));
        foreach (string sym in (string[])["_stext", "_etext", "__data_start", "__bss_start", "_end", "_start"])
            Assert.Equal(Symbol(dir, gnu, sym), Symbol(dir, wild, sym));
        Assert.DoesNotContain(".comment", Tools.Run("readelf", dir.Dir, "-SW", wild).Stdout);
    }

    [Fact]
    public void FirmwareScriptPutsDataInRamWithItsLoadAddressInRom()
    {
        using var dir = new Scratch();
        string script = CaseFile(dir, "script-firmware", "fw.ld");
        string obj = Tools.CompileC(dir, "fw", File.ReadAllText(Path.Combine(ProgramsDir, "script-firmware", "fw.c")),
            "-O1", "-ffreestanding", "-fno-pie", "-fno-stack-protector");
        var (gnu, wild) = LinkBoth(dir, "-static", "-nostdlib", "-Wl,--build-id=none", "-Wl,-T," + script, obj);
        AssertSameRun(gnu, wild, 10);
        Assert.Equal(AllocSections(dir, gnu), AllocSections(dir, wild));
        var headers = ProgramHeaders(dir, wild);
        Assert.Equal(ProgramHeaders(dir, gnu), headers);
        // The data segment runs in ram and loads from rom, right after the code.
        Assert.Contains(headers, h => h.StartsWith("LOAD 0x002000 0x0000000020000000 0x00000000100000", StringComparison.Ordinal));
        foreach (string sym in (string[])["_sidata", "_sdata", "_edata", "_sbss", "_ebss"])
            Assert.Equal(Symbol(dir, gnu, sym), Symbol(dir, wild, sym));
    }

    [Fact]
    public void PhdrsMakeExactlyTheHeadersTheScriptNames()
    {
        using var dir = new Scratch();
        string script = CaseFile(dir, "script-phdrs", "phdrs.ld");
        string obj = Tools.CompileC(dir, "phdrs", File.ReadAllText(Path.Combine(ProgramsDir, "script-phdrs", "phdrs.c")),
            "-O2", "-ffreestanding", "-fno-pie", "-fno-stack-protector");
        var (gnu, wild) = LinkBoth(dir, "-static", "-nostdlib", "-Wl,--build-id=none", "-Wl,-T," + script, obj);
        AssertSameRun(gnu, wild, 42);
        Assert.Equal(AllocSections(dir, gnu), AllocSections(dir, wild));
        var headers = ProgramHeaders(dir, wild);
        Assert.Equal(ProgramHeaders(dir, gnu), headers);
        Assert.Equal(["PHDR", "LOAD", "LOAD", "GNU_STACK"], headers.Select(h => h.Split(' ')[0]));
    }

    /// <summary>A PT_LOAD that PHDRS says holds the headers while its first section starts a page (binutils group1,
    /// warn1, warn2): GNU ld starts the segment a page lower, at the ELF header (FILEHDR) or at the program headers
    /// (PHDRS alone); wild used to refuse it for want of room in the section's own page.</summary>
    [Theory]
    [InlineData("FILEHDR PHDRS")]
    [InlineData("PHDRS")]
    public void PhdrsHeadersReachIntoThePageBelowAFirstSectionThatStartsAPage(string headers)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        dir.Write("p.ld", $$"""
            PHDRS { header PT_PHDR PHDRS; image PT_LOAD {{headers}}; data PT_LOAD; }
            SECTIONS { . = 0x401000; .text : { *(.text) } :image  . = 0x402000; .data : { *(.data) } :data }
            """);
        string obj = Tools.Assemble(dir, "p", """
            .text
            .globl _start
            _start:
                mov value(%rip), %edi
                mov $60, %eax
                syscall
            .data
            value: .long 42
            """);
        Tools.Run("ld.bfd", dir.Dir, "-T", "p.ld", obj, "-o", "ref");
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, "-T", "p.ld", obj, "-o", "wild");
        Tools.AssertRuns(dir.PathOf("ref"), 42, "");
        Tools.AssertRuns(dir.PathOf("wild"), 42, "");
        var expected = ProgramHeaders(dir, "ref");
        Assert.StartsWith(headers == "PHDRS" ? "LOAD 0x000040 0x0000000000400040" : "LOAD 0x000000 0x0000000000400000", expected[1], StringComparison.Ordinal);
        Assert.Equal(expected, ProgramHeaders(dir, "wild"));
    }

    [Theory]
    [InlineData("-pie")]
    [InlineData("-no-pie")]
    [InlineData("-static")]
    public void InsertAfterDataAddsASectionToTheDefaultLayout(string mode)
    {
        using var dir = new Scratch();
        string script = CaseFile(dir, "script-insert", "ins.ld");
        string obj = Tools.CompileC(dir, "ins", File.ReadAllText(Path.Combine(ProgramsDir, "script-insert", "ins.c")), mode == "-pie" ? "-fPIE" : "-fno-pie");
        var (gnu, wild) = LinkBoth(dir, mode, "-Wl,-T," + script, obj);
        AssertSameRun(gnu, wild, 0);
        var before = new List<string>();
        foreach (var file in (string[])[gnu, wild])
        {
            // After .data and the orphans placed after it (GNU ld's order), before .bss.
            var names = AllocSections(dir, file).Select(s => s.Split(' ')[0]).ToList();
            int at = names.IndexOf(".myentries");
            Assert.True(at > names.IndexOf(".data") && at < names.IndexOf(".bss"), string.Join(' ', names));
            before.Add(names[at - 1]);
            var entries = AllocSections(dir, file).Single(s => s.StartsWith(".myentries ", StringComparison.Ordinal)).Split(' ');
            ulong start = Convert.ToUInt64(entries[2], 16), size = Convert.ToUInt64(entries[3], 16);
            Assert.Equal($"{start:x16} .myentries", Symbol(dir, file, "__myentries_start"));
            Assert.Equal($"{start + size:x16} .myentries", Symbol(dir, file, "__myentries_end"));
        }
        Assert.Equal(before[0], before[1]);
    }

    /// <summary>"name@version" of every defined function in .dynsym (GNU ld also lists the version names as ABS
    /// symbols, which lld and wild do not write: left out).</summary>
    private static List<string> ExportedFunctions(Scratch dir, string file) =>
        Regex.Matches(Tools.Run("readelf", dir.Dir, "--dyn-syms", "-W", file).Stdout,
                @"^\s*\d+:\s+[0-9a-f]+\s+\d+\s+FUNC\s+(\w+)\s+\w+\s+\d+\s+(\S+)$", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[2].Value} {m.Groups[1].Value}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void VersionInAScriptVersionsTheSharedObjectsExportsAsGnuLd()
    {
        using var dir = new Scratch();
        // INSERT keeps GNU ld's default layout, so both linkers lay the library out the same way; VERSION acts as a
        // --version-script: foo in V1, bar in V2 (which inherits V1), baz local.
        string script = dir.Write("lib.ld", "SECTIONS { .myextra : { *(.myextra) } } INSERT AFTER .data;\n"
            + "VERSION {\n  V1 { global: foo; local: *; };\n  V2 { global: bar; } V1;\n}\n");
        string obj = Tools.CompileC(dir, "lib", "int foo(void) { return 1; }\nint bar(void) { return 2; }\nint baz(void) { return 3; }\n"
            + "__attribute__((section(\".myextra\"), used)) static int extra = 4;\n", "-fPIC");
        var (gnu, wild) = LinkBoth(dir, "-shared", "-Wl,-T," + script, obj);
        var exported = ExportedFunctions(dir, wild);
        Assert.Equal(["bar@@V2 GLOBAL", "foo@@V1 GLOBAL"], exported);
        Assert.Equal(ExportedFunctions(dir, gnu), exported);
    }

    [Fact]
    public void VersionInAScriptGivenAsAnInputVersionsTheExportsAsGnuLd()
    {
        using var dir = new Scratch();
        // An implicit linker script: named among the inputs, it adds to the default script instead of replacing it.
        string script = dir.Write("lib.ver.ld", "VERSION {\n  V1 { global: foo; local: *; };\n  V2 { global: bar; } V1;\n}\n");
        string obj = Tools.CompileC(dir, "lib", "int foo(void) { return 1; }\nint bar(void) { return 2; }\nint baz(void) { return 3; }\n", "-fPIC");
        var (gnu, wild) = LinkBoth(dir, "-shared", obj, script);
        var exported = ExportedFunctions(dir, wild);
        Assert.Equal(["bar@@V2 GLOBAL", "foo@@V1 GLOBAL"], exported);
        Assert.Equal(ExportedFunctions(dir, gnu), exported);
        // -r has no export policy to apply them to: GNU ld reads the script and links the partial as without it (the
        // versions apply in the final link that names the script again); so does wild.
        var r = ProcessRunner.Run(Path.Combine(CorpusCatalog.RequireDist(), "wild"), ["-r", obj, script, "-o", dir.PathOf("partial.o")], dir.Dir, TimeSpan.FromMinutes(1));
        var g = ProcessRunner.Run("ld.bfd", ["-r", obj, script, "-o", dir.PathOf("gnu-partial.o")], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(g.ExitCode == 0, g.Stderr);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(new FileInfo(dir.PathOf("partial.o")).Length > 0);
    }

    [Fact]
    public void ARefusedConstructIsNamedAtItsPlaceAndNoOutputIsWritten()
    {
        using var dir = new Scratch();
        string script = dir.Write("bad.ld", "SECTIONS\n{\n  .text : { *(.text) }\n  .data : { *(.data) CREATE_OBJECT_SYMBOLS }\n}\n");
        string obj = Tools.CompileC(dir, "main", "void _start(void) { for (;;) ; }\n", "-fno-pie");
        string dist = CorpusCatalog.RequireDist();
        var r = ProcessRunner.Run(Path.Combine(dist, "wild"), ["-static", "-nostdlib", "-T", script, obj, "-o", dir.PathOf("out")], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{script}:4:22: CREATE_OBJECT_SYMBOLS is not supported in linker scripts yet", r.Stderr);
        Assert.False(File.Exists(dir.PathOf("out")));
    }
}
