// Fixed addresses and GNU ld's non-paged layouts (issues 15 and 16): --section-start, -Ttext/-Tdata/-Tbss,
// -Trodata-segment, -Tldata-segment, -N/--omagic, -n/--nmagic and --just-symbols / -R FILE. Each link is made by
// GNU ld and by wild through gcc (or ld directly for -N/-n, which need no libc); the programs must behave the same,
// and the readelf facts a build could notice (section addresses, segments, symbol values) must match.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class FixedAddressTests
{
    private static ProcessResult Gcc(Scratch dir, string? dist, params string[] args)
    {
        List<string> all = dist is null ? [.. args] : ["-B", dist.TrimEnd('/') + "/", .. args];
        return ProcessRunner.Run("gcc", all, dir.Dir, TimeSpan.FromMinutes(1));
    }

    private static void Linked(Scratch dir, string? dist, params string[] args)
    {
        var r = Gcc(dir, dist, args);
        Assert.True(r.ExitCode == 0, r.Describe());
    }

    private static void Fails(Scratch dir, string? dist, string expected, params string[] args)
    {
        var r = Gcc(dir, dist, args);
        Assert.True(r.ExitCode != 0 && r.Stderr.Contains(expected, StringComparison.Ordinal), $"expected a failure with '{expected}'\n{r.Describe()}");
    }

    /// <summary>readelf -S: name → (address, flags) of the allocated sections.</summary>
    private static Dictionary<string, (ulong Address, string Flags)> Sections(Scratch dir, string file)
    {
        var result = new Dictionary<string, (ulong, string)>();
        foreach (var line in Tools.Run("readelf", dir.Dir, ["-SW", file]).Stdout.Split('\n'))
        {
            int close = line.IndexOf(']', StringComparison.Ordinal);
            if (!line.TrimStart().StartsWith('[') || close < 0 || line.Contains("[Nr]", StringComparison.Ordinal)) continue;
            var f = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 7 || f[0] == "NULL") continue;
            ulong address = Convert.ToUInt64(f[2], 16);
            string flags = f.Length >= 10 ? f[6] : "";
            if (address != 0) result[f[0]] = (address, flags);
        }
        return result;
    }

    /// <summary>readelf -l: the PT_LOADs as (vaddr, flags).</summary>
    private static List<(ulong Address, ulong Offset, string Flags)> Loads(Scratch dir, string file) =>
        Tools.Run("readelf", dir.Dir, ["-lW", file]).Stdout.Split('\n').Where(l => l.TrimStart().StartsWith("LOAD", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (Convert.ToUInt64(f[2], 16), Convert.ToUInt64(f[1], 16), string.Join("", f[6..^1]))).ToList();

    /// <summary>.symtab's entry for <paramref name="name"/> as "value size type bind ndx".</summary>
    private static string Symbol(Scratch dir, string file, string name) =>
        Tools.Run("readelf", dir.Dir, ["-sW", file]).Stdout.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 8 && f[7] == name).Select(f => $"{f[1]} {f[2]} {f[3]} {f[4]} {f[6]}").FirstOrDefault() ?? "(none)";

    private const string Program = """
        #include <stdio.h>
        int counter = 5;
        int zeroed[64];
        const char message[] = "fixed";
        static int bump(int x) { return x + counter; }
        int main(void) {
            zeroed[3] = bump(2);
            printf("%s %d %d\n", message, counter, zeroed[3]);
            return 0;
        }
        """;

    [Theory]
    [InlineData("-Wl,-Ttext=0x600000", ".text")]
    [InlineData("-Wl,-Tdata=900000", ".data")]
    [InlineData("-Wl,-Tbss=0x800000", ".bss")]
    [InlineData("-Wl,--section-start=.data=0x700000", ".data")]
    [InlineData("-Wl,--section-start=.data=0x300000", ".data")]
    [InlineData("-Wl,--section-start=.rodata=0x480000", ".rodata")]
    [InlineData("-Wl,--section-start=.data=0x700000,--section-start=.bss=0x600000", ".bss")]
    [InlineData("-Wl,-Trodata-segment=0x500000", ".rodata")]
    public void APinnedSectionStartsWhereGnuLdPutsItAndWhatFollowsComesAfterIt(string option, string pinned)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", Program, "-fno-PIE");
        Linked(dir, null, "-static", main, option, "-o", "ref");
        Linked(dir, dist, "-static", main, option, "-o", "wild");
        Tools.AssertRuns(dir.PathOf("ref"), 0, "fixed 5 7\n");
        Tools.AssertRuns(dir.PathOf("wild"), 0, "fixed 5 7\n");
        var (gnu, ours) = (Sections(dir, "ref"), Sections(dir, "wild"));
        Assert.Equal(gnu[pinned].Address, ours[pinned].Address);
        // The section GNU ld's script places right after the pinned one follows it in wild's output too.
        string? next = pinned switch { ".text" => ".fini", ".data" => ".bss", ".rodata" => null, _ => null };
        if (next is not null) Assert.InRange(ours[next].Address - ours[pinned].Address, 1UL, 0x100000UL);
        // -Tbss: _end is the end of the pinned .bss, -Tdata: _edata the end of .data, as GNU ld's script assigns them.
        foreach (string sym in new[] { "_end", "_edata" })
            if ((sym == "_end" && pinned == ".bss") || (sym == "_edata" && pinned == ".data"))
                Assert.True(Convert.ToUInt64(Symbol(dir, "wild", sym).Split(' ')[0], 16) > ours[pinned].Address, sym);
        var loads = Loads(dir, "wild");
        Assert.Equal(loads.OrderBy(l => l.Address).ToList(), loads); // in address order, as the gABI asks
        Assert.All(loads, l => Assert.Equal(l.Address % 0x1000, l.Offset % 0x1000));
    }

    [Theory]
    [InlineData("-pie", "-fPIE")]
    [InlineData("-no-pie", "-fno-PIE")]
    public void PinnedDataInADynamicProgramOrAPieIsAtItsAddressFromTheBase(string kind, string flag)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", Program, flag);
        Linked(dir, null, kind, main, "-Wl,--section-start=.data=0x700000", "-o", "ref");
        Linked(dir, dist, kind, main, "-Wl,--section-start=.data=0x700000", "-o", "wild");
        Tools.AssertRuns(dir.PathOf("wild"), 0, "fixed 5 7\n");
        Assert.Equal(Sections(dir, "ref")[".data"].Address, Sections(dir, "wild")[".data"].Address);
    }

    [Fact]
    public void OverlapsAndUnsupportedPinsAreRefusedByName()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", Program, "-fno-PIE");
        // GNU ld: "section .note.gnu.property LMA [...] overlaps section .data LMA [...]"; the same words.
        Fails(dir, null, "overlaps section .data LMA [0000000000400000,", "-static", main, "-Wl,--section-start=.data=0x400000", "-o", "ref");
        Fails(dir, dist, "overlaps section .data LMA [0000000000400000,", "-static", main, "-Wl,--section-start=.data=0x400000", "-o", "wild");
        // .rodata just past .fini, on .fini's page: the two segments would share it (GNU ld merges them into one).
        Linked(dir, dist, "-static", main, "-o", "plain");
        ulong fini = Sections(dir, "plain")[".fini"].Address, rodata = (fini + 0x40) & ~0x1fUL;
        if (rodata / 0x1000 == fini / 0x1000)
            Fails(dir, dist, "shares a page with the segment", "-static", main, $"-Wl,--section-start=.rodata=0x{rodata:x}", "-o", "wild");
        // libc's .tbss stays where it was, so PT_TLS would have to span everything between: GNU ld refuses, in these words.
        Fails(dir, null, "TLS sections are not adjacent", "-static", main, "-Wl,--section-start=.tdata=0x700000", "-o", "ref");
        Fails(dir, dist, "TLS sections are not adjacent", "-static", main, "-Wl,--section-start=.tdata=0x700000", "-o", "wild");
        Fails(dir, dist, "-Ttext: invalid hex number 'zz'", "-static", main, "-Wl,-Ttext=zz", "-o", "wild");
        dir.Write("s.ld", "SECTIONS { .text : { *(.text*) } .data : { *(.data*) } }\n");
        string bare = Tools.Assemble(dir, "bare", Bare);
        // With a SECTIONS script -Ttext moves the script's .text, as in GNU ld (ScriptLayoutTests compares more); -N is refused.
        var scripted = ProcessRunner.Run(Path.Combine(dist, "wild"), ["-T", "s.ld", "-Ttext=0x500000", bare, "-o", "scripted"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(scripted.ExitCode == 0, scripted.Describe());
        Assert.Equal(0x500000UL, Sections(dir, "scripted")[".text"].Address);
        var magic = ProcessRunner.Run(Path.Combine(dist, "wild"), ["-T", "s.ld", "-N", bare, "-o", "magic"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(magic.ExitCode != 0 && magic.Stderr.Contains("with a -T script that has SECTIONS", StringComparison.Ordinal), magic.Describe());
        // Without large-model data, -Tldata-segment moves only _end, which GNU ld's script assigns after that segment.
        Linked(dir, null, "-static", main, "-Wl,-Tldata-segment=0x900000", "-o", "ref");
        Linked(dir, dist, "-static", main, "-Wl,-Tldata-segment=0x900000", "-o", "wild");
        Assert.Equal(Symbol(dir, "ref", "_end").Split(' ')[0], Symbol(dir, "wild", "_end").Split(' ')[0]);
    }

    private const string ThreadLocal = """
        #include <stdio.h>
        _Thread_local char c = 42;
        _Thread_local long l __attribute__((aligned(16))) = 7;
        int main(void) { l += 5; printf("%d %ld\n", c, l); return 0; }
        """;

    /// <summary>readelf -l: the PT_TLS line's virtual address, memory size and alignment.</summary>
    private static string TlsSegment(Scratch dir, string file) =>
        Tools.Run("readelf", dir.Dir, ["-lW", file]).Stdout.Split('\n').Where(l => l.TrimStart().StartsWith("TLS", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(f => $"{f[2]} {f[5]} {f[^1]}").Single();

    /// <summary>The program's only TLS section moved to an address of any alignment (mold's tls-irregular-start-addr): GNU
    /// ld lowers the section's alignment to what the address allows and the loader takes the block's first-byte offset
    /// from p_vaddr, so the variables keep their values with TLS relaxed or not.</summary>
    [Theory]
    [InlineData("0x100001", "-Wl,--relax")]
    [InlineData("0x10000f", "-Wl,--no-relax")]
    [InlineData("0x600000", "-Wl,--relax")]
    public void ALoneTlsSectionRunsAtAnIrregularFixedAddress(string address, string relax)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", ThreadLocal, "-fPIC");
        Linked(dir, null, "-pie", main, $"-Wl,--section-start=.tdata={address}", relax, "-o", "ref");
        Linked(dir, dist, "-pie", main, $"-Wl,--section-start=.tdata={address}", relax, "-o", "wild");
        Tools.AssertRuns(dir.PathOf("ref"), 0, "42 12\n");
        Tools.AssertRuns(dir.PathOf("wild"), 0, "42 12\n");
        Assert.Equal(TlsSegment(dir, "ref"), TlsSegment(dir, "wild"));
    }

    /// <summary>A pinned section of the relro region: GNU ld writes no PT_GNU_RELRO and the program runs; so does wild,
    /// where it used to refuse.</summary>
    [Theory]
    [InlineData(".init_array")]
    [InlineData(".got")]
    [InlineData(".dynamic")]
    public void APinnedRelroSectionLeavesNoGnuRelroAsWithGnuLd(string section)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", Program, "-fPIE");
        foreach (var (linker, output) in new[] { ((string?)null, "ref"), (dist, "wild") })
        {
            Linked(dir, linker, "-pie", main, $"-Wl,--section-start={section}=0x200000", "-o", output);
            Tools.AssertRuns(dir.PathOf(output), 0, "fixed 5 7\n");
            Assert.DoesNotContain("GNU_RELRO", Tools.Run("readelf", dir.Dir, ["-lW", output]).Stdout, StringComparison.Ordinal);
            Assert.Equal(0x200000UL, Sections(dir, output)[section].Address);
        }
    }

    private const string Bare = """
            .text
            .globl _start
        _start:
            mov counter(%rip), %eax
            add $1, %eax
            mov %eax, counter(%rip)
            lea msg(%rip), %rsi
            mov $1, %edi
            mov $6, %edx
            mov $1, %eax
            syscall
            mov counter(%rip), %edi
            add $41, %edi
            mov $60, %eax
            syscall
            .section .rodata
        msg: .ascii "hello\n"
            .data
            .p2align 3
        counter: .long 0
            .section .tdata,"awT",@progbits
        tv: .long 7
            .section .init_array,"aw"
            .quad _start
            .bss
        buf: .zero 64
            .section .note.GNU-stack,"",@progbits
        """;

    /// <summary>-Ttext into the headers' own page, too close to its start for them (binutils eh1-eh3, pr22048): GNU ld
    /// takes the headers' segment address from the section after it, so the headers go a page down; wild used to
    /// refuse the overlap with the headers at the default base.</summary>
    [Theory]
    [InlineData("0x400078")]
    [InlineData("0x400010")]
    public void TextPinnedIntoTheHeadersPageMovesTheHeadersAPageDownAsGnuLdDoes(string address)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "bare", Bare);
        Tools.Run("ld.bfd", dir.Dir, ["-Ttext", address, obj, "-o", "ref"]);
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, ["-Ttext", address, obj, "-o", "wild"]);
        Tools.AssertRuns(dir.PathOf("ref"), 42, "hello\n");
        Tools.AssertRuns(dir.PathOf("wild"), 42, "hello\n");
        var (refLoads, wildLoads) = (Loads(dir, "ref"), Loads(dir, "wild"));
        Assert.Equal(0x3ff000UL, refLoads[0].Address);
        Assert.Equal(refLoads.Select(l => (l.Address, l.Flags)), wildLoads.Select(l => (l.Address, l.Flags)));
        Assert.Equal(Convert.ToUInt64(address, 16), Sections(dir, "wild")[".text"].Address);
    }

    [Theory]
    [InlineData("-N")]
    [InlineData("--omagic")]
    [InlineData("-n")]
    [InlineData("--nmagic")]
    public void OmagicAndNmagicMakeGnuLdsSingleUnpagedSegment(string option)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "bare", Bare);
        Assert.Equal(0, Tools.Run("ld.bfd", dir.Dir, [option, obj, "-o", "ref"]).ExitCode);
        Assert.Equal(0, Tools.Run(Path.Combine(dist, "wild"), dir.Dir, [option, obj, "-o", "wild"]).ExitCode);
        Tools.AssertRuns(dir.PathOf("ref"), 42, "hello\n");
        Tools.AssertRuns(dir.PathOf("wild"), 42, "hello\n");
        bool omagic = option is "-N" or "--omagic";
        foreach (string file in new[] { "ref", "wild" })
        {
            // One RWX PT_LOAD that does not hold the headers: its first byte is the first section's, right after them.
            var loads = Loads(dir, file);
            var single = Assert.Single(loads);
            Assert.Equal("RWE", single.Flags);
            Assert.NotEqual(0UL, single.Offset % 0x1000);
            var sections = Sections(dir, file);
            Assert.Equal(single.Address, sections[".text"].Address);
            // -N makes the code writable; -n leaves it read-only and moves the data a page up (same page offset).
            Assert.Equal(omagic, sections[".text"].Flags.Contains('W', StringComparison.Ordinal));
            ulong gap = sections[".tdata"].Address - sections[".rodata"].Address;
            Assert.True(omagic ? gap < 0x100 : gap >= 0x1000, $"{file}: .rodata to .tdata is 0x{gap:x}");
            Assert.DoesNotContain("GNU_RELRO", Tools.Run("readelf", dir.Dir, ["-lW", file]).Stdout, StringComparison.Ordinal);
        }
        // -n keeps the default script's relro slide: .tdata (the first relro section) sits where GNU ld puts it.
        if (!omagic) Assert.Equal(Sections(dir, "ref")[".tdata"].Address % 0x1000, Sections(dir, "wild")[".tdata"].Address % 0x1000);
    }

    [Fact]
    public void OmagicLinksNoLibcAndNoPieAsGnuLdDoes()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", Program, "-fno-PIE");
        // The headers are not loaded, so static glibc's reference to __ehdr_start stays undefined (GNU ld's failure too).
        Fails(dir, null, "__ehdr_start", "-static", main, "-Wl,-N", "-o", "ref");
        Fails(dir, dist, "__ehdr_start", "-static", main, "-Wl,-N", "-o", "wild");
        string obj = Tools.Assemble(dir, "bare", Bare);
        var pie = ProcessRunner.Run(Path.Combine(dist, "wild"), ["-N", "-pie", obj, "-o", "wild"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(pie.ExitCode != 0 && pie.Stderr.Contains("-N (--omagic) makes a static executable only", StringComparison.Ordinal), pie.Describe());
    }

    private const string Rom = """
            .text
            .globl rom_entry, _start
            .type rom_entry,@function
        _start:
        rom_entry: ret
            .size rom_entry, 1
            .data
            .globl rom_table
            .type rom_table,@object
        rom_table: .quad 1,2,3
            .size rom_table, 24
            .weak rom_weak
        rom_weak: .long 5
            .globl rom_const
            .set rom_const, 0x1234
            .section .note.GNU-stack,"",@progbits
        """;

    private const string RomUser = """
        #include <stdio.h>
        extern void rom_entry(void);
        extern long rom_table[];
        extern int rom_weak;
        extern char rom_const[];
        int main(void) {
            printf("%lx %lx %lx %lx\n", (unsigned long)&rom_entry, (unsigned long)rom_table, (unsigned long)&rom_weak, (unsigned long)rom_const);
            return 0;
        }
        """;

    [Theory]
    [InlineData("-static", "-Wl,--just-symbols=rom.elf")]
    [InlineData("-no-pie", "-Wl,--just-symbols=rom.elf")]
    [InlineData("-static", "-Wl,-R,rom.elf")]
    public void JustSymbolsGivesTheImagesAddressesAsAbsoluteSymbols(string kind, string option)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string rom = Tools.Assemble(dir, "rom", Rom);
        Assert.Equal(0, Tools.Run("ld.bfd", dir.Dir, ["-Ttext=0x10000000", "-Tdata=0x10100000", rom, "-o", "rom.elf"]).ExitCode);
        string main = Tools.CompileC(dir, "main", RomUser, "-fno-PIE");
        Linked(dir, null, kind, main, option, "-o", "ref");
        Linked(dir, dist, kind, main, option, "-o", "wild");
        const string expected = "10000000 10100000 10100018 1234\n";
        Tools.AssertRuns(dir.PathOf("ref"), 0, expected);
        Tools.AssertRuns(dir.PathOf("wild"), 0, expected);
        foreach (string name in new[] { "rom_entry", "rom_table", "rom_weak", "rom_const" })
            Assert.Equal(Symbol(dir, "ref", name), Symbol(dir, "wild", name));
        // The image's own _start and _end do not replace the program's (crt1.o's _start, the script's _end).
        Assert.NotEqual("0000000010000000", Symbol(dir, "wild", "_start").Split(' ')[0]);
        Assert.DoesNotContain("ABS", Symbol(dir, "wild", "_end"), StringComparison.Ordinal);
        // The image's sections are not copied.
        Assert.DoesNotContain(Loads(dir, "wild"), l => l.Address >= 0x10000000);
    }

    [Fact]
    public void APcRelativeReferenceToAnImagesSymbolInAPieIsRefusedAsGnuLdRefusesIt()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string rom = Tools.Assemble(dir, "rom", Rom);
        Assert.Equal(0, Tools.Run("ld.bfd", dir.Dir, ["-Ttext=0x10000000", "-Tdata=0x10100000", rom, "-o", "rom.elf"]).ExitCode);
        // -fPIE takes the address of extern data PC-relatively: the image's fixed address is no distance from a PIE.
        string main = Tools.CompileC(dir, "main", RomUser, "-fPIE");
        Fails(dir, null, "against absolute symbol", "-pie", main, "-Wl,--just-symbols=rom.elf", "-o", "ref");
        Fails(dir, dist, "relocation R_X86_64_PC32 against absolute symbol 'rom_", "-pie", main, "-Wl,--just-symbols=rom.elf", "-o", "wild");
        // Through the GOT the image's addresses stay absolute. (GNU ld relocates them by the load base there, which
        // makes no sense for a fixed image; wild does as lld does.)
        string pic = Tools.CompileC(dir, "pic", RomUser, "-fPIC");
        Linked(dir, dist, "-pie", pic, "-Wl,--just-symbols=rom.elf", "-o", "wild");
        Tools.AssertRuns(dir.PathOf("wild"), 0, "10000000 10100000 10100018 1234\n");
    }

    [Fact]
    public void AProgramsOwnDefinitionWinsOverTheImagesAsWithGnuLd()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string rom = Tools.Assemble(dir, "rom", Rom);
        Assert.Equal(0, Tools.Run("ld.bfd", dir.Dir, ["-Ttext=0x10000000", "-Tdata=0x10100000", rom, "-o", "rom.elf"]).ExitCode);
        string main = Tools.CompileC(dir, "main", """
            #include <stdio.h>
            void rom_entry(void) {}
            extern long rom_table[];
            int main(void) { printf("%d %lx\n", (unsigned long)&rom_entry < 0x10000000, (unsigned long)rom_table); return 0; }
            """, "-fno-PIE");
        Linked(dir, null, "-static", main, "-Wl,--just-symbols=rom.elf", "-o", "ref");
        Linked(dir, dist, "-static", main, "-Wl,--just-symbols=rom.elf", "-o", "wild");
        Tools.AssertRuns(dir.PathOf("ref"), 0, "1 10100000\n");
        Tools.AssertRuns(dir.PathOf("wild"), 0, "1 10100000\n");
        Fails(dir, dist, "missing.elf", "-static", main, "-Wl,--just-symbols=missing.elf", "-o", "bad");
    }
}
