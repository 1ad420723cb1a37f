// The rest of GNU ld's script layout, each linked by GNU ld and by wild (gcc -B dist/) and compared by readelf facts
// (allocated sections, program headers, symbols) and by running: a -T script without SECTIONS (every section an
// orphan), MEMORY attributes choosing regions, --section-start over a SECTIONS script, OVERLAY with its load
// addresses and __load_start_/__load_stop_ symbols, NOCROSSREFS, SORT_NONE on a file pattern, EXTERN.
using Wild.Engine.Tests.Corpus;
using static Wild.Engine.Tests.Engine.ScriptLinkSupport;

namespace Wild.Engine.Tests.Engine;

public sealed class ScriptLayoutTests
{
    private static readonly string[] Freestanding = ["-O1", "-ffreestanding", "-fno-pie", "-fno-stack-protector", "-fno-asynchronous-unwind-tables"];
    private static readonly string[] Bare = ["-static", "-nostdlib", "-Wl,--build-id=none"];
    // Without it neither GNU ld nor wild writes a PT_GNU_STACK.
    private const string NoExecStack = ".section .note.GNU-stack,\"\",@progbits\n";

    // Exits with 9; its object has .mytab before .rodata (GNU ld keeps that order for orphans).
    private static string Program => File.ReadAllText(Path.Combine(CorpusPaths.ProgramsDir, "script-no-sections", "prog.c"));

    private static void AssertSameLayout(Scratch dir, string gnu, string wild)
    {
        Assert.Equal(AllocSections(dir, gnu), AllocSections(dir, wild));
        Assert.Equal(ProgramHeaders(dir, gnu), ProgramHeaders(dir, wild));
    }

    [Fact]
    public void AScriptWithoutSectionsMakesEverySectionAnOrphanFromAddressZero()
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "prog", Program, Freestanding);
        string script = dir.Write("entry.ld", "ENTRY(_start)\n");
        var (gnu, wild) = LinkBoth(dir, [.. Bare, "-Wl,-T," + script, obj]);
        // Not run: the program starts at address 0, which only a privileged process may map.
        AssertSameLayout(dir, gnu, wild);
        Assert.StartsWith(".text PROGBITS 0000000000000000 ", AllocSections(dir, wild)[0]);
        Assert.Equal(Symbol(dir, gnu, "_start"), Symbol(dir, wild, "_start"));
    }

    [Fact]
    public void MemoryAttributesChooseTheRegionOfSectionsThatNameNone()
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "prog", Program, Freestanding);
        // No SECTIONS: every section an orphan, code and read-only data in rom (rx), data and zero-fill in ram (w).
        string script = dir.Write("mem.ld", """
            MEMORY { rom (rx) : ORIGIN = 0x400000, LENGTH = 1M
                     ram (rw!x) : ORIGIN = 0x800000, LENGTH = 1M }
            ENTRY(_start)
            """);
        var (gnu, wild) = LinkBoth(dir, [.. Bare, "-Wl,-T," + script, obj]);
        AssertSameRun(gnu, wild, 9);
        AssertSameLayout(dir, gnu, wild);
        Assert.Contains(".data PROGBITS 0000000000800000 000004", AllocSections(dir, wild));

        // A section with contents that fits no region (and has no address) is GNU ld's error.
        string romOnly = dir.Write("rom.ld", "MEMORY { rom (rx) : ORIGIN = 0x400000, LENGTH = 1M }\nSECTIONS { .text : { *(.text) } .data : { *(.data) } }\n");
        var r = ProcessRunner.Run(Path.Combine(CorpusCatalog.RequireDist(), "wild"), ["-T", romOnly, obj, "-o", dir.PathOf("out")], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no memory region specified for loadable section .data", r.Stderr);
        Assert.NotEqual(0, ProcessRunner.Run("ld.bfd", ["-T", romOnly, obj, "-o", dir.PathOf("gnu-out")], dir.Dir, TimeSpan.FromMinutes(1)).ExitCode);
    }

    [Theory]
    [InlineData("-Wl,--section-start=.data=0x900000")]
    [InlineData("-Wl,-Tdata=0x900000")]
    [InlineData("-Wl,-Ttext=0x410000")]
    [InlineData("-Wl,--section-start=.mytab=0xa00000")]
    public void SectionStartOverridesTheScriptsAddress(string option)
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "prog", Program, Freestanding);
        // .mytab is an orphan here: with an address of its own GNU ld puts it after the script's sections.
        string script = dir.Write("fixed.ld", """
            SECTIONS
            {
              . = 0x400000;
              .text : { *(.text) }
              .rodata : { *(.rodata) }
              . = ALIGN(0x1000);
              .data 0x600000 : { *(.data) }
              .bss : { *(.bss) }
              _end = .;
            }
            """);
        var (gnu, wild) = LinkBoth(dir, [.. Bare, "-Wl,-T," + script, option, obj]);
        AssertSameRun(gnu, wild, 9);
        AssertSameLayout(dir, gnu, wild);
        Assert.Equal(Symbol(dir, gnu, "_end"), Symbol(dir, wild, "_end"));
    }

    // Exits with 14 computed from the __load_start_/__load_stop_ symbols. (Not a corpus case: the corpus checks that
    // PT_LOADs do not overlap, and an overlay's do, with GNU ld as with wild.)
    private const string OverlayProgram = """
        __attribute__((section(".ov1"), used)) int f1(int x) { return x * 3 + 1; }
        __attribute__((section(".ov2"), used)) int f2(int x) { return x + 2; }
        __attribute__((section(".ov2"), used)) int f3(int x) { return x - 2; }
        extern char __load_start_ov1[], __load_stop_ov1[], __load_start_ov2[], __load_stop_ov2[];
        int value = 1;
        static void quit(long code) { __asm__ volatile("syscall" :: "a"(60L), "D"(code)); __builtin_unreachable(); }
        void _start(void) { quit(value + (__load_stop_ov1 - __load_start_ov1) + (__load_stop_ov2 - __load_start_ov2) + (__load_start_ov2 - __load_stop_ov1)); }
        """;

    [Theory]
    [InlineData("OVERLAY 0x600000 : NOCROSSREFS AT (0x500000)")]
    [InlineData("OVERLAY 0x600000 :")]
    public void OverlaySectionsShareTheirRunAddressAndLoadOneAfterAnother(string overlay)
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "ov", OverlayProgram, Freestanding);
        string script = dir.Write("ov.ld", $$"""
            SECTIONS
            {
              . = 0x400000;
              .text : { *(.text) }
              {{overlay}}
              {
                .ov1 { *(.ov1) }
                .ov2 { *(.ov2) }
              }
              after_overlay = .;
              .data : { *(.data) }
              .bss : { *(.bss) }
            }
            """);
        var (gnu, wild) = LinkBoth(dir, [.. Bare, "-Wl,-T," + script, obj]);
        AssertSameRun(gnu, wild, Tools.Exec(gnu).ExitCode);
        AssertSameLayout(dir, gnu, wild);
        var sections = AllocSections(dir, wild);
        Assert.Equal(sections.Single(s => s.StartsWith(".ov1 ", StringComparison.Ordinal)).Split(' ')[2],
            sections.Single(s => s.StartsWith(".ov2 ", StringComparison.Ordinal)).Split(' ')[2]);
        // (The compiler folds __load_start_ov2 away: GNU ld, like wild, then does not PROVIDE it.)
        foreach (string sym in (string[])["__load_start_ov1", "__load_stop_ov1", "__load_stop_ov2"])
            Assert.Equal(Symbol(dir, gnu, sym), Symbol(dir, wild, sym));
        // `.` past the largest member; GNU ld gives the symbol to the last member, wild to .data that starts there.
        Assert.Equal(Symbol(dir, gnu, "after_overlay").Split(' ')[0], Symbol(dir, wild, "after_overlay").Split(' ')[0]);
    }

    [Theory]
    [InlineData("NOCROSSREFS(.ov1 .ov2)", "prohibited cross reference from .ov1 to 'f2' in .ov2")]
    [InlineData("NOCROSSREFS_TO(.ov2 .ov1)", "prohibited cross reference from .ov1 to 'f2' in .ov2")]
    [InlineData("NOCROSSREFS_TO(.ov1 .ov2)", null)]
    [InlineData("NOCROSSREFS(.text .ov1)", "prohibited cross reference from .text to 'f1' in .ov1")]
    public void NoCrossRefsForbidsReferencesBetweenTheListedSections(string command, string? error)
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "cr", """
            __attribute__((section(".ov2"), noinline)) int f2(int x) { return x + 2; }
            __attribute__((section(".ov1"), noinline)) int f1(int x) { return f2(x) * 3; }
            static void quit(long code) { __asm__ volatile("syscall" :: "a"(60L), "D"(code)); __builtin_unreachable(); }
            void _start(void) { quit(f1(1)); }
            """, Freestanding);
        string script = dir.Write("cr.ld", command + "\nSECTIONS { . = 0x400000; .text : { *(.text) } .ov1 : { *(.ov1) } .ov2 : { *(.ov2) } }\n");
        var gnu = ProcessRunner.Run("gcc", [.. Bare, "-Wl,-T," + script, obj, "-o", dir.PathOf("gnu")], dir.Dir, TimeSpan.FromMinutes(1));
        var wild = ProcessRunner.Run("gcc", ["-B", CorpusCatalog.RequireDist().TrimEnd('/') + "/", .. Bare, "-Wl,-T," + script, obj, "-o", dir.PathOf("wild")],
            dir.Dir, TimeSpan.FromMinutes(1));
        if (error is null)
        {
            Assert.Equal(0, gnu.ExitCode);
            Assert.Equal(0, wild.ExitCode);
            AssertSameRun(dir.PathOf("gnu"), dir.PathOf("wild"), 9);
            return;
        }
        Assert.NotEqual(0, gnu.ExitCode);
        Assert.Contains(error.Replace("'", "`", StringComparison.Ordinal).Replace("` in", "' in", StringComparison.Ordinal), gnu.Stderr);
        Assert.NotEqual(0, wild.ExitCode);
        Assert.Contains(error, wild.Stderr);
        Assert.Contains($"cr.ld:1:1", wild.Stderr);
    }

    [Fact]
    public void SortNoneOnAFilePatternKeepsTheInputOrderAndSortByAlignmentThereIsAnError()
    {
        using var dir = new Scratch();
        string late = Tools.Assemble(dir, "zz", ".section .text.a,\"ax\"\n.balign 4\n.byte 1\n" + NoExecStack);
        string early = Tools.Assemble(dir, "aa", ".section .text.b,\"ax\"\n.balign 32\n.byte 2\n.globl _start\n_start: mov $60, %eax\nmov $3, %edi\nsyscall\n" + NoExecStack);
        string script = dir.Write("s.ld", "ENTRY(_start)\nSECTIONS { . = 0x400000; .text : { SORT_NONE(*)(.text*) } =0x90 }\n");
        var (gnu, wild) = LinkBoth(dir, [.. Bare, "-Wl,-T," + script, late, early]);
        AssertSameRun(gnu, wild, 3);
        AssertSameLayout(dir, gnu, wild);
        Assert.Equal(Symbol(dir, gnu, "_start"), Symbol(dir, wild, "_start"));

        string bad = dir.Write("bad.ld", "SECTIONS { .text : { SORT_BY_ALIGNMENT(*)(.text*) } }\n");
        var r = ProcessRunner.Run(Path.Combine(CorpusCatalog.RequireDist(), "wild"), ["-T", bad, late, early, "-o", dir.PathOf("out")], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("bad.ld:1:22: SORT_BY_ALIGNMENT sorts sections, not files", r.Stderr);
        Assert.NotEqual(0, ProcessRunner.Run("ld.bfd", ["-T", bad, late, early, "-o", dir.PathOf("gnu-out")], dir.Dir, TimeSpan.FromMinutes(1)).ExitCode);
    }

    [Fact]
    public void ExternPullsAnArchiveMemberLikeDashU()
    {
        using var dir = new Scratch();
        string main = Tools.Assemble(dir, "main", ".globl _start\n.text\n_start: mov $60, %eax\nmov $4, %edi\nsyscall\n" + NoExecStack);
        string member = Tools.Assemble(dir, "member", ".globl pulled\n.data\npulled: .quad 7\n" + NoExecStack);
        Tools.Run("ar", dir.Dir, "rcs", "libx.a", member);
        string script = dir.Write("ext.ld", "ENTRY(_start)\nEXTERN(pulled)\nSECTIONS { . = 0x400000; .text : { *(.text) } .data : { *(.data) } }\n");
        var (gnu, wild) = LinkBoth(dir, [.. Bare, "-Wl,-T," + script, main, dir.PathOf("libx.a")]);
        AssertSameRun(gnu, wild, 4);
        AssertSameLayout(dir, gnu, wild);
        Assert.Equal(Symbol(dir, gnu, "pulled"), Symbol(dir, wild, "pulled"));
    }

    [Fact]
    public void OutputNamesTheOutputOnlyWithoutDashO()
    {
        using var dir = new Scratch();
        string main = Tools.Assemble(dir, "main", ".globl _start\n.text\n_start: mov $60, %eax\nmov $6, %edi\nsyscall\n");
        string script = dir.Write("out.ld", "OUTPUT(named.elf)\nSECTIONS { . = 0x400000; .text : { *(.text) } }\n");
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        Assert.Equal(0, ProcessRunner.Run(wild, ["-T", script, main], dir.Dir, TimeSpan.FromMinutes(1)).ExitCode);
        Tools.AssertRuns(dir.PathOf("named.elf"), 6, "");
        Assert.False(File.Exists(dir.PathOf("a.out")));
        Assert.Equal(0, ProcessRunner.Run(wild, ["-T", script, main, "-o", "given.elf"], dir.Dir, TimeSpan.FromMinutes(1)).ExitCode);
        Tools.AssertRuns(dir.PathOf("given.elf"), 6, "");
        // GNU ld alike.
        File.Delete(dir.PathOf("named.elf"));
        Assert.Equal(0, ProcessRunner.Run("ld.bfd", ["-T", script, main], dir.Dir, TimeSpan.FromMinutes(1)).ExitCode);
        Assert.True(File.Exists(dir.PathOf("named.elf")));
    }
}
