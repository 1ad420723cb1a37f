// SECTIONS scripts for dynamic executables, PIEs and shared objects, linked by GNU ld and by wild (g++/gcc -B dist/)
// with the same script: GNU ld's own default scripts (printed by the installed ld's --verbose at test time, for
// no-pie, -pie and -shared; GNU's text is not kept here), and small hand-written ones (ONLY_IF_RO/ONLY_IF_RW, a
// shared object without DATA_SEGMENT_*). Both programs must print the same; readelf's facts are compared: the
// program header list, the allocated sections' order and which segments hold them, and the PT_GNU_RELRO range.
// Sections only GNU ld makes (its .data.rel.ro for copy relocations) are left out of the comparisons; wild makes
// none in its default layout either. Each of wild's sections (.plt.got too, which both make) must be in GNU ld's.
using System.Text.RegularExpressions;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class ScriptDynamicLinkTests
{
    private const string LibSource = """
        #include <stdexcept>
        #include <string>
        thread_local int lib_counter = 10;
        int lib_bump(int n) {
          lib_counter += n;
          if (lib_counter > 100) throw std::runtime_error("too big: " + std::to_string(lib_counter));
          return lib_counter;
        }
        """;

    private const string MainSource = """
        #include <cstdio>
        #include <stdexcept>
        #include <thread>
        int lib_bump(int n);
        extern thread_local int lib_counter;
        thread_local int local_tls = 3;
        static int initialized = [] { return 7; }();
        int main() {
          int r = lib_bump(5);
          std::printf("bump %d tls %d init %d\n", r, local_tls, initialized);
          try { lib_bump(1000); } catch (const std::exception& e) { std::printf("caught %s\n", e.what()); }
          std::thread t([] { local_tls = 9; std::printf("thread %d %d\n", local_tls, lib_counter); });
          t.join();
          std::printf("main %d %d\n", local_tls, lib_counter);
          return 0;
        }
        """;

    private const string Expected = "bump 15 tls 3 init 7\ncaught too big: 1015\nthread 9 10\nmain 3 1015\n";

    /// <summary>GNU ld's built-in script for these options, from `ld [options] --verbose` (between the ===== lines).</summary>
    private static string DefaultScript(Scratch dir, string name, params string[] options) => DefaultScriptOf("ld", dir, name, options);

    /// <summary>The built-in script of GNU ld <paramref name="ld"/> (the cross aarch64-linux-gnu-ld too) for these options.</summary>
    internal static string DefaultScriptOf(string ld, Scratch dir, string name, params string[] options)
    {
        var lines = Tools.Run(ld, dir.Dir, [.. options, "--verbose"]).Stdout.Split('\n');
        int first = Array.FindIndex(lines, l => l.StartsWith("=====", StringComparison.Ordinal));
        int last = Array.FindLastIndex(lines, l => l.StartsWith("=====", StringComparison.Ordinal));
        Assert.True(first >= 0 && last > first, $"{ld} --verbose printed no script");
        return dir.Write(name, string.Join('\n', lines[(first + 1)..last]) + "\n");
    }

    private static string Compile(Scratch dir, string driver, string name, string ext, string source, params string[] flags)
    {
        string src = dir.Write(name + "." + ext, source);
        string o = dir.PathOf(name + ".o");
        Tools.Run(driver, dir.Dir, ["-c", "-O2", .. flags, src, "-o", o]);
        return o;
    }

    /// <summary>Links with GNU ld into gnu/ and with wild into wild/ (each program finds its own linker's libraries).</summary>
    private static (string Gnu, string Wild) LinkBoth(Scratch dir, string driver, string output, params string[] args)
    {
        string dist = CorpusCatalog.RequireDist();
        var result = new List<string>();
        foreach (var (sub, extra) in (ValueTuple<string, string[]>[])[("gnu", []), ("wild", ["-B", dist.TrimEnd('/') + "/"])])
        {
            Directory.CreateDirectory(dir.PathOf(sub));
            string outPath = dir.PathOf(Path.Combine(sub, output));
            var withDirs = args.Select(a => a.Replace("{sub}", dir.PathOf(sub), StringComparison.Ordinal));
            Tools.Run(driver, dir.Dir, [.. extra, .. withDirs, "-o", outPath]);
            result.Add(outPath);
        }
        return (result[0], result[1]);
    }

    private sealed record Facts(List<string> Headers, List<string> Sections, List<List<string>> Mapping, (ulong Start, ulong End)? Relro,
        Dictionary<string, ulong> Address);

    private static Facts Read(Scratch dir, string file)
    {
        string l = Tools.Run("readelf", dir.Dir, "-lW", file).Stdout;
        var headers = Regex.Matches(l, @"^\s{2}([A-Z_]+)\s+0x", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var mapping = Regex.Matches(l[l.IndexOf("Section to Segment mapping", StringComparison.Ordinal)..], @"^\s+\d\d\s(.*)$", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList()).ToList();
        var relro = Regex.Match(l, @"^\s{2}GNU_RELRO\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x([0-9a-f]+)", RegexOptions.Multiline);
        (ulong, ulong)? range = relro.Success
            ? (Convert.ToUInt64(relro.Groups[1].Value, 16), Convert.ToUInt64(relro.Groups[1].Value, 16) + Convert.ToUInt64(relro.Groups[2].Value, 16))
            : null;
        var sections = Regex.Matches(Tools.Run("readelf", dir.Dir, "-SW", file).Stdout,
            @"^\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+[0-9a-f]+\s+\S+\s+(\S*A\S*)\s", RegexOptions.Multiline);
        return new Facts(headers, sections.Select(m => m.Groups[1].Value).ToList(), mapping, range,
            // GNU ld may write two output sections of one name (two orphans .eh_frame): the first one's address.
            sections.GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => Convert.ToUInt64(g.First().Groups[2].Value, 16)));
    }

    /// <summary>Same program headers, same section order and segment contents (over the sections both make), and
    /// PT_GNU_RELRO (if any) ending on a page and holding the same sections. Without <paramref name="inOrder"/>, each
    /// segment's sections are compared as a set: orphans placed after one section come in wild's default order, in
    /// GNU ld's in the order it meets them, and GNU ld keeps its own dynamic relocations apart from `*(.rela.dyn)`.</summary>
    private static void AssertSameLayout(Scratch dir, string gnu, string wild, bool inOrder = true)
    {
        Facts g = Read(dir, gnu), w = Read(dir, wild);
        Assert.Equal(g.Headers, w.Headers);
        Assert.Empty(w.Sections.Except(g.Sections));
        var common = g.Sections.Intersect(w.Sections).ToHashSet();
        IEnumerable<string> Shown(IEnumerable<string> names) =>
            inOrder ? names.Where(common.Contains) : names.Where(common.Contains).Distinct().Order(StringComparer.Ordinal);
        if (inOrder) Assert.Equal(g.Sections.Where(common.Contains), w.Sections.Where(common.Contains));
        Assert.Equal(g.Mapping.Count, w.Mapping.Count);
        for (int i = 0; i < g.Mapping.Count; i++)
            Assert.Equal(Shown(g.Mapping[i]), Shown(w.Mapping[i]));
        Assert.Equal(g.Relro is null, w.Relro is null);
        if (w.Relro is { } r)
        {
            Assert.Equal(0UL, r.End % 0x1000);
            // GNU ld's default scripts end relro 24 bytes into .got.plt (DATA_SEGMENT_RELRO_END's offset) when it has them.
            if (g.Address.TryGetValue(".got.plt", out ulong gotPlt) && g.Relro!.Value.End == gotPlt + 24)
                Assert.Equal(w.Address[".got.plt"] + 24, r.End);
        }
    }

    private static void AssertSameRun(string gnu, string wild, string expected)
    {
        var g = Tools.Exec(gnu);
        Assert.True(g.ExitCode == 0 && g.Stdout == expected, g.Describe());
        Tools.AssertRuns(wild, 0, expected);
    }

    [Theory]
    [InlineData("-no-pie")]
    [InlineData("-pie")]
    public void GnuLdDefaultScriptsLinkACxxProgramAndItsSharedLibrary(string mode)
    {
        using var dir = new Scratch();
        string shared = DefaultScript(dir, "shared.ld", "-shared");
        string exe = mode == "-pie" ? DefaultScript(dir, "pie.ld", "-pie") : DefaultScript(dir, "exe.ld");
        string lib = Compile(dir, "g++", "lib", "cc", LibSource, "-fPIC");
        string main = Compile(dir, "g++", "main", "cc", MainSource, mode == "-pie" ? "-fPIE" : "-fno-pie");
        var (gnuLib, wildLib) = LinkBoth(dir, "g++", "libdemo.so", "-shared", lib, "-Wl,-T," + shared);
        AssertSameLayout(dir, gnuLib, wildLib);
        var (gnu, wild) = LinkBoth(dir, "g++", "main", mode, main, "-L{sub}", "-ldemo", "-Wl,-rpath,{sub}", "-pthread", "-Wl,-T," + exe);
        AssertSameRun(gnu, wild, Expected);
        AssertSameLayout(dir, gnu, wild);
        var facts = Read(dir, wild);
        Assert.Equal(["PHDR", "INTERP", "LOAD", "LOAD", "LOAD", "LOAD", "DYNAMIC"], facts.Headers.Take(7));
        Assert.Contains("GNU_RELRO", facts.Headers);
        Assert.Contains("TLS", facts.Headers);
        Assert.Contains("GNU_EH_FRAME", facts.Headers);
    }

    [Theory]
    [InlineData("-static")]
    [InlineData("-static-pie")]
    [InlineData("-pie -Wl,-z,norelro")]
    [InlineData("-pie -Wl,-z,pack-relative-relocs -Wl,--hash-style=both")]
    public void GnuLdDefaultScriptsLinkStaticNoRelroAndPackedRelocationOutputs(string mode)
    {
        using var dir = new Scratch();
        bool pie = mode != "-static";
        string script = pie ? DefaultScript(dir, "pie.ld", "-pie") : DefaultScript(dir, "exe.ld");
        string lib = Compile(dir, "g++", "lib", "cc", LibSource, "-fPIC");
        string main = Compile(dir, "g++", "main", "cc", MainSource, pie ? "-fPIE" : "-fno-pie");
        var (gnu, wild) = LinkBoth(dir, "g++", "main", [.. mode.Split(' '), main, lib, "-pthread", "-Wl,-T," + script]);
        AssertSameRun(gnu, wild, Expected);
        AssertSameLayout(dir, gnu, wild);
        var facts = Read(dir, wild);
        Assert.Equal(mode.Contains("norelro", StringComparison.Ordinal), facts.Relro is null);
        if (mode.Contains("pack-relative-relocs", StringComparison.Ordinal))
            Assert.Contains(".relr.dyn", facts.Sections);
    }

    private const string TableSource = """
        #include <stdio.h>
        #ifdef WRITABLE
        __attribute__((section(".mytab"), used)) int table[4] = { 1, 2, 3, 4 };
        #else
        __attribute__((section(".mytab"), used)) const int table[4] = { 1, 2, 3, 4 };
        #endif
        const char *names[] = { "a", "bb", "ccc" };
        int main(void) {
          int sum = 0;
          for (int i = 0; i < 4; i++) sum += table[i];
          printf("sum %d %s\n", sum, names[2]);
          return 0;
        }
        """;

    private const string PieScript = """
        SECTIONS
        {
          . = SEGMENT_START("text-segment", 0) + SIZEOF_HEADERS;
          .interp : { *(.interp) }
          .dynsym : { *(.dynsym) }
          .dynstr : { *(.dynstr) }
          .rela.dyn : { *(.rela.dyn) }
          .rela.plt : { *(.rela.plt) }
          . = ALIGN(CONSTANT(MAXPAGESIZE));
          .text : { *(.text .text.*) }
          . = ALIGN(CONSTANT(MAXPAGESIZE));
          .rodata : { *(.rodata .rodata.*) }
          .mytab : ONLY_IF_RO { KEEP(*(.mytab)) }
          . = DATA_SEGMENT_ALIGN(CONSTANT(MAXPAGESIZE), CONSTANT(COMMONPAGESIZE));
          .mytab : ONLY_IF_RW { KEEP(*(.mytab)) }
          .data.rel.ro : { *(.data.rel.ro .data.rel.ro.*) }
          .dynamic : { *(.dynamic) }
          .got : { *(.got) }
          . = DATA_SEGMENT_RELRO_END(0, .);
          .got.plt : { *(.got.plt) }
          .data : { *(.data .data.*) }
          .bss : { *(.bss .bss.*) *(COMMON) }
          . = DATA_SEGMENT_END(.);
          /DISCARD/ : { *(.note.GNU-stack) }
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OnlyIfRoAndOnlyIfRwPickTheDescriptionByTheInputsFlagsInAHandWrittenPieScript(bool writable)
    {
        using var dir = new Scratch();
        string script = dir.Write("pie.ld", PieScript);
        string obj = Compile(dir, "gcc", "tab", "c", TableSource, writable ? ["-fPIE", "-DWRITABLE"] : ["-fPIE"]);
        var (gnu, wild) = LinkBoth(dir, "gcc", "prog", "-pie", obj, "-Wl,-T," + script);
        AssertSameRun(gnu, wild, "sum 10 ccc\n");
        AssertSameLayout(dir, gnu, wild, inOrder: false);
        var facts = Read(dir, wild);
        // .mytab is in the writable segment (after DATA_SEGMENT_ALIGN) exactly when its input is writable.
        var segmentOf = facts.Mapping.FindIndex(m => m.Contains(".mytab"));
        Assert.Equal(writable, facts.Mapping[segmentOf].Contains(".data"));
        Assert.Equal(writable, facts.Relro is { } r && facts.Address[".mytab"] >= r.Start && facts.Address[".mytab"] < r.End);
    }

    private const string SharedScript = """
        SECTIONS
        {
          . = SIZEOF_HEADERS;
          .note.gnu.build-id : { *(.note.gnu.build-id) }
          .gnu.hash : { *(.gnu.hash) }
          .dynsym : { *(.dynsym) }
          .dynstr : { *(.dynstr) }
          .gnu.version : { *(.gnu.version) }
          .gnu.version_r : { *(.gnu.version_r) }
          .rela.dyn : { *(.rela.dyn) }
          .rela.plt : { *(.rela.plt) }
          . = ALIGN(0x1000);
          .init : { KEEP(*(SORT_NONE(.init))) }
          .plt : { *(.plt) }
          .text : { *(.text .text.*) }
          .fini : { KEEP(*(SORT_NONE(.fini))) }
          . = ALIGN(0x1000);
          .rodata : { *(.rodata .rodata.*) }
          .eh_frame_hdr : { *(.eh_frame_hdr) }
          .eh_frame : { KEEP(*(.eh_frame)) }
          . = ALIGN(0x1000) + (. & 0xfff);
          .init_array : { KEEP(*(.init_array)) }
          .fini_array : { KEEP(*(.fini_array)) }
          .dynamic : { *(.dynamic) }
          .got : { *(.got) }
          .got.plt : { *(.got.plt) }
          .data : { *(.data .data.*) }
          .bss : { *(.bss .bss.*) }
        }
        """;

    [Fact]
    public void AHandWrittenSharedObjectScriptWithoutDataSegmentMakesNoRelro()
    {
        using var dir = new Scratch();
        string script = dir.Write("so.ld", SharedScript);
        string lib = Compile(dir, "gcc", "lib", "c", """
            #include <stdio.h>
            static int calls;
            const char *greeting = "hello";
            int shout(int n) { calls += n; printf("%s %d\n", greeting, calls); return calls; }
            """, "-fPIC");
        string main = Compile(dir, "gcc", "main", "c", "int shout(int);\nint main(void) { shout(2); return shout(3) == 5 ? 0 : 1; }\n", "-fPIE");
        var (gnuLib, wildLib) = LinkBoth(dir, "gcc", "libshout.so", "-shared", lib, "-Wl,-T," + script);
        AssertSameLayout(dir, gnuLib, wildLib, inOrder: false);
        Assert.Null(Read(dir, wildLib).Relro);
        var (gnu, wild) = LinkBoth(dir, "gcc", "main", "-pie", main, "-L{sub}", "-lshout", "-Wl,-rpath,{sub}");
        AssertSameRun(gnu, wild, "hello 2\nhello 5\n");
    }

    [Fact]
    public void ALinkerMadeSectionSentIntoAnotherOutputSectionIsRefusedAtItsRule()
    {
        using var dir = new Scratch();
        string script = dir.Write("bad.ld", "SECTIONS\n{\n  .text : { *(.text*) }\n  .got : { *(.got) *(.got.plt) }\n  .data : { *(.data*) }\n}\n");
        string obj = Compile(dir, "gcc", "main", "c", "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n", "-fPIE");
        string dist = CorpusCatalog.RequireDist();
        var r = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", "-pie", obj, "-Wl,-T," + script, "-o", dir.PathOf("out")], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains($"{script}:4:20: putting the linker-made section .got.plt in output section .got is not supported", r.Stderr);
        Assert.False(File.Exists(dir.PathOf("out")));
    }
}
