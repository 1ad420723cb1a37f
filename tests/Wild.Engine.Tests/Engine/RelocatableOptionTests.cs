// Options combined with -r (issue 16): each is given to GNU ld -r and to wild -r over the same objects, and the two
// partial objects must have the same sections (name, type, flags, size), the same symbols (name, binding, type,
// section, value, size; section symbols left out, since both write one per output section), the same e_entry, and
// programs linked from them by GNU ld and by wild must behave as the direct link. Options GNU ld refuses with -r, and
// those Wild refuses, must fail by name.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class RelocatableOptionTests
{
    private const string A = """
        #include <stdio.h>
        int common_var;
        static int local_fn(int x) { return x + 1; }
        int foo(int x) { puts("hello from foo"); return local_fn(x); }
        int unused(void) { puts("unused string"); return 3; }
        extern int bar(int);
        int tw(int);
        int main(void) { printf("%d %s\n", foo(1) + bar(2) + tw(1), "hello from foo"); return 0; }
        """;

    private const string B = """
        #include <stdio.h>
        int bar(int x) { puts("hello from foo"); puts("bar says hi"); return x * 2; }
        int other(void) { return 7; }
        """;

    private const string Wrapper = """
        int __real_bar(int);
        int __wrap_bar(int x) { return __real_bar(x) + 100; }
        """;

    // A COMDAT group, as C++ templates make them, for --force-group-allocation.
    private const string Group = """
        .section .text.tw,"axG",@progbits,tw,comdat
        .globl tw
        .type tw,@function
        tw: lea 3(%rdi), %eax
        ret
        .section .note.GNU-stack,"",@progbits
        """;

    /// <summary>Options, whether the partial object links into a program (an undefined -u name does not), and
    /// whether the objects carry debug information.</summary>
    public static TheoryData<string, bool> Options() => new()
    {
        { "", true },
        { "-u nosuch", false },
        { "-e main", true },
        { "-e bar", true },
        { "--defsym=alias=foo", true },
        { "--defsym=abs=0x10", true },
        { "--defsym=diff=main-foo", true },
        { "--defsym=foo=other", true },
        { "--wrap=bar", true },
        { "--wrap=puts", false },
        { "-x", true },
        { "-X", true },
        { "-s", true },
        { "-S", true },
        { "--discard-none", true },
        { "--force-group-allocation", true },
        { "--unique", true },
        { "--unique=.text*", true },
        { "--unique=.rodata* --unique=.text.f*", true },
        { "--build-id", true },
        { "--version-script=v.map", true },
        { "--build-id=md5", true },
        // --defsym chains, evaluated in order as GNU ld evaluates them (a later assignment's value for a forward one).
        { "--defsym=A1=foo --defsym=B1=A1", true },
        { "--defsym=B1=A1 --defsym=A1=foo", true },
        { "--defsym=C1=0x10 --defsym=D1=C1+4 --defsym=C1=0x20", true },
        { "--defsym=A1=B1 --defsym=B1=A1", true },
        // Only the listed symbols, those relocations name, and an STT_FILE symbol (the object's file name) before
        // the locals kept for themselves when the object's own is not listed.
        { "--retain-symbols-file=keep.txt", true },
        { "--retain-symbols-file=keep.txt -X", true },
        { "-Ur", true },
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void PartialLinkMatchesGnuLd(string options, bool links)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string a = Tools.CompileC(dir, "a", A, "-g", "-ffunction-sections", "-fdata-sections");
        string b = Tools.CompileC(dir, "b", B, "-g");
        string w = Tools.CompileC(dir, "w", Wrapper);
        string g = Tools.Assemble(dir, "g", Group);
        string g2 = Tools.Assemble(dir, "g2", Group);
        dir.Write("v.map", "V1 { global: foo; local: *; };\n");
        dir.Write("keep.txt", "main\nfoo\nlocal_fn\nnosuch\n");
        string[] opts = options.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool wraps = options.Contains("--wrap", StringComparison.Ordinal);
        string[] inputs = wraps ? [a, b, w, g, g2] : [a, b, g, g2];
        Tools.Run("ld.bfd", dir.Dir, ["-r", .. opts, .. inputs, "-o", "gnu.o"]);
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, ["-r", .. opts, .. inputs, "-o", "wild.o"]);

        Assert.Equal(Entry(dir, "gnu.o"), Entry(dir, "wild.o"));
        Assert.Equal(Sections(dir, "gnu.o"), Sections(dir, "wild.o"));
        var gnuSymbols = Symbols(dir, "gnu.o");
        var wildSymbols = Symbols(dir, "wild.o");
        Assert.True(gnuSymbols.SequenceEqual(wildSymbols),
            $"symbols differ:\nonly GNU ld: {string.Join("; ", gnuSymbols.Except(wildSymbols))}\nonly wild: {string.Join("; ", wildSymbols.Except(gnuSymbols))}");
        if (!links) return;

        // With --wrap=bar, bar(2) is 104. The direct link of the objects (one copy of the group) is the reference.
        Tools.Run("gcc", dir.Dir, [.. wraps ? (string[])["-Wl,--wrap=bar", a, b, w] : [a, b], g, "-o", "direct"]);
        var expected = Tools.Exec(dir.PathOf("direct"));
        RunsAsExpected(dir, dist, "gcc", "wild.o", [], expected);
    }

    /// <summary>--compress-debug-sections with -r: the .debug_* sections SHF_COMPRESSED (their .rela sections not), and
    /// decompressed, each the same bytes as GNU ld -r's (the compressed bytes differ: each linker has its own
    /// compressor); programs linked from the partial run, and gdb reads their line table.</summary>
    [Theory]
    [InlineData("zlib")]
    [InlineData("zstd")]
    public void CompressedDebugSectionsMatchGnuLdDecompressed(string kind)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string a = Tools.CompileC(dir, "a", A, "-g", "-ffunction-sections");
        string b = Tools.CompileC(dir, "b", B, "-g");
        string g = Tools.Assemble(dir, "g", Group);
        string option = "--compress-debug-sections=" + kind;
        Tools.Run("ld.bfd", dir.Dir, ["-r", option, a, b, g, "-o", "gnu.o"]);
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, ["-r", option, a, b, g, "-o", "wild.o"]);
        var compressed = new List<string>();
        foreach (string line in Tools.Run("readelf", dir.Dir, ["-SW", "wild.o"]).Stdout.Split('\n'))
        {
            int close = line.IndexOf(']');
            if (!line.TrimStart().StartsWith('[') || close < 0 || line.Contains("Nr]", StringComparison.Ordinal)) continue;
            var f = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 10 && f[6].Contains('C', StringComparison.Ordinal)) compressed.Add(f[0]);
        }
        Assert.Contains(".debug_info", compressed);
        Assert.All(compressed, name => Assert.StartsWith(".debug_", name));

        Tools.Run("objcopy", dir.Dir, ["--decompress-debug-sections", "gnu.o", "gnu-d.o"]);
        Tools.Run("objcopy", dir.Dir, ["--decompress-debug-sections", "wild.o", "wild-d.o"]);
        Assert.Equal(Sections(dir, "gnu-d.o"), Sections(dir, "wild-d.o"));
        // (The .rela sections hold symbol indices, which the two number differently; the programs below check them.)
        foreach (string name in (string[])[".debug_info", ".debug_abbrev", ".debug_line", ".debug_str"])
            Assert.Equal(Tools.Run("readelf", dir.Dir, ["-x", name, "gnu-d.o"]).Stdout.Replace("gnu-d.o", "", StringComparison.Ordinal),
                Tools.Run("readelf", dir.Dir, ["-x", name, "wild-d.o"]).Stdout.Replace("wild-d.o", "", StringComparison.Ordinal));

        Tools.Run("gcc", dir.Dir, [a, b, g, "-o", "direct"]);
        var expected = Tools.Exec(dir.PathOf("direct"));
        foreach (string program in RunsAsExpected(dir, dist, "gcc", "wild.o", [], expected))
            Assert.Contains("b.c", Tools.Run("gdb", dir.Dir, ["-batch", "-ex", "info line bar", program]).Stdout, StringComparison.Ordinal);
    }

    /// <summary>-Ur: on ELF GNU ld's -Ur script differs from -r's only by a CONSTRUCTORS line ELF ignores, and its
    /// output is -r's; wild -Ur writes what wild -r writes, byte for byte, and C++ constructors (.init_array with
    /// priorities, .ctors) still run in GNU ld's order from the partial.</summary>
    [Fact]
    public void DashUrIsDashROnElf()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        dir.Write("a.cc", """
            #include <cstdio>
            struct S { S() { std::puts("ctor a"); } ~S() { std::puts("dtor a"); } } sa;
            int fa() { return 1; }
            """);
        dir.Write("b.cc", """
            #include <cstdio>
            struct T { T() { std::puts("ctor b"); } } tb;
            __attribute__((constructor(200))) static void early() { std::puts("priority 200"); }
            static void old_style() { std::puts(".ctors"); }
            __attribute__((section(".ctors"), used)) static void (*ctors_entry)() = old_style;
            int fa();
            int main() { try { throw fa(); } catch (int x) { return x + 1; } }
            """);
        Tools.Run("g++", dir.Dir, ["-c", "a.cc", "b.cc"]);
        Tools.Run("ld.bfd", dir.Dir, ["-r", "a.o", "b.o", "-o", "gnu-r.o"]);
        Tools.Run("ld.bfd", dir.Dir, ["-Ur", "a.o", "b.o", "-o", "gnu-ur.o"]);
        Assert.Equal(File.ReadAllBytes(dir.PathOf("gnu-r.o")), File.ReadAllBytes(dir.PathOf("gnu-ur.o")));
        string wild = Path.Combine(dist, "wild");
        Tools.Run(wild, dir.Dir, ["-r", "a.o", "b.o", "-o", "wild-r.o"]);
        Tools.Run(wild, dir.Dir, ["-Ur", "a.o", "b.o", "-o", "wild-ur.o"]);
        Assert.Equal(File.ReadAllBytes(dir.PathOf("wild-r.o")), File.ReadAllBytes(dir.PathOf("wild-ur.o")));
        // .eh_frame aside: GNU ld -r trims the alignment padding of the output's last FDE (4 bytes here), wild keeps it.
        Assert.Equal(Sections(dir, "gnu-ur.o").Where(s => !s.StartsWith(".eh_frame ", StringComparison.Ordinal)),
            Sections(dir, "wild-ur.o").Where(s => !s.StartsWith(".eh_frame ", StringComparison.Ordinal)));

        // The reference is GNU ld's partial linked by GNU ld: a partial puts all .init_array before all .ctors, so its
        // constructors run in another order than the direct link's, with GNU ld's partial as with wild's.
        Tools.Run("g++", dir.Dir, ["gnu-ur.o", "-o", "reference"]);
        var expected = Tools.Exec(dir.PathOf("reference"));
        Assert.Equal(2, expected.ExitCode);
        Assert.Contains("priority 200\nctor a\nctor b\n", expected.Stdout, StringComparison.Ordinal);
        RunsAsExpected(dir, dist, "g++", "wild-ur.o", [], expected);
    }

    /// <summary>Links <paramref name="partial"/> (and <paramref name="extra"/>) into a program with GNU ld and with wild
    /// as the final linker, through <paramref name="driver"/>, and checks both behave as <paramref name="expected"/>;
    /// returns the two programs.</summary>
    internal static string[] RunsAsExpected(Scratch dir, string dist, string driver, string partial, string[] extra, ProcessResult expected)
    {
        string[] programs = [partial + ".via-gnu", partial + ".via-wild"];
        Tools.Run(driver, dir.Dir, [partial, .. extra, "-o", programs[0]]);
        Tools.Run(driver, dir.Dir, ["-B", dist.TrimEnd('/') + "/", partial, .. extra, "-o", programs[1]]);
        foreach (string program in programs)
        {
            var actual = Tools.Exec(dir.PathOf(program));
            Assert.True(actual.ExitCode == expected.ExitCode && actual.Stdout == expected.Stdout,
                $"{program}: {actual.Describe()}\nexpected: {expected.Describe()}");
        }
        return programs;
    }

    [Theory]
    [InlineData("-shared", "-r and -shared may not be used together")]
    [InlineData("-pie", "-r and -pie may not be used together")]
    [InlineData("--gc-sections", "--gc-sections requires a defined symbol root specified by -e or -u")]
    [InlineData("--emit-relocs", "-r and --emit-relocs may not be used together")]
    [InlineData("--defsym=zz=printf", "--defsym zz=printf: undefined symbol `printf' referenced in expression")]
    public void RefusedByName(string options, string message)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string a = Tools.CompileC(dir, "a", A);
        string b = Tools.CompileC(dir, "b", B);
        var r = ProcessRunner.Run(Path.Combine(dist, "wild"), ["-r", .. options.Split(' '), a, b, "-o", "out.o"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(r.ExitCode != 0 && r.Stderr.Contains(message, StringComparison.Ordinal), r.Describe());
        Assert.False(File.Exists(dir.PathOf("out.o")));
    }

    [Fact]
    public void UniqueWithoutRelocatableIsRefusedByName()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string a = Tools.CompileC(dir, "a", "int main(void) { return 0; }\n");
        var r = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", "-Wl,--unique", a, "-o", "prog"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(r.ExitCode != 0 && r.Stderr.Contains("--unique without -r (relocatable output) is not implemented", StringComparison.Ordinal), r.Describe());
    }

    private static string Entry(Scratch dir, string file) =>
        Tools.Run("readelf", dir.Dir, ["-hW", file]).Stdout.Split('\n').Single(l => l.Contains("Entry point", StringComparison.Ordinal)).Trim();

    /// <summary>"name type flags size entsize" per section, sorted; the string tables (GNU ld shares suffixes and
    /// repeated names in them), .symtab (its section symbols differ; the symbols are compared by Symbols) and
    /// .note.GNU-stack (GNU ld keeps one per input under --unique, wild one) left out.</summary>
    internal static List<string> Sections(Scratch dir, string file)
    {
        var list = new List<string>();
        foreach (string line in Tools.Run("readelf", dir.Dir, ["-SW", file]).Stdout.Split('\n'))
        {
            int close = line.IndexOf(']');
            if (!line.TrimStart().StartsWith('[') || close < 0 || line.Contains("Nr]", StringComparison.Ordinal)) continue;
            var f = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f[1] is "NULL" or "STRTAB" or "SYMTAB" || f[0] == ".note.GNU-stack") continue;
            // name type address offset size entsize [flags] link info align
            string flags = f.Length == 10 ? f[6] : "";
            list.Add($"{f[0]} {f[1]} {flags} {f[4]} {f[5]}");
        }
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    /// <summary>"name bind type section value size" per symbol, sorted, the section by name; section symbols left out.</summary>
    internal static List<string> Symbols(Scratch dir, string file)
    {
        var names = new Dictionary<string, string>();
        foreach (string line in Tools.Run("readelf", dir.Dir, ["-SW", file]).Stdout.Split('\n'))
        {
            int close = line.IndexOf(']');
            if (!line.TrimStart().StartsWith('[') || close < 0) continue;
            names[line[(line.IndexOf('[') + 1)..close].Trim()] = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        }
        var list = new List<string>();
        foreach (string line in Tools.Run("readelf", dir.Dir, ["-sW", file]).Stdout.Split('\n'))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 7 || !f[0].EndsWith(':') || f[3] == "SECTION" || f[0] == "0:") continue;
            string section = names.GetValueOrDefault(f[6], f[6]);
            list.Add($"{(f.Length > 7 ? f[7] : "")} {f[4]} {f[3]} {section} {f[1]} {f[2]}");
        }
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}
