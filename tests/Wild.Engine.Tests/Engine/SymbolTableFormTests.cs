// Symbols as tools that read the symbol tables see them: the ones the linker itself defines (etext, _end,
// __bss_start, _DYNAMIC, __start_SEC, the init-array bounds, --defsym names and -u references) and STB_GNU_UNIQUE
// ones, in .symtab (binding, visibility, type and section) and, for shared objects, in .dynsym. Each link is made by GNU ld and by wild
// through gcc and compared name by name; sections are compared by name, since the two number them differently.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class SymbolTableFormTests
{
    private const string Program = """
        #include <stdio.h>
        __attribute__((section("foo"), used)) int in_foo = 1;
        extern char etext[], _etext[], __etext[], edata[], _edata[], end[], _end[], __bss_start[], __ehdr_start[];
        extern char __executable_start[], _GLOBAL_OFFSET_TABLE_[], __start_foo[], __stop_foo[];
        extern void (*__init_array_start[])(void), (*__init_array_end[])(void), (*__fini_array_end[])(void);
        __thread int tls_value = 1;
        int data_value = 3;
        int main(void)
        {
            printf("%p %p %p %p %p %p %p %p %p %p %p %p %p %p %p %p %p\n", etext, _etext, __etext, edata, _edata, end, _end,
                __bss_start, __ehdr_start, __executable_start, _GLOBAL_OFFSET_TABLE_, __start_foo, __stop_foo,
                __init_array_start, __init_array_end, __fini_array_end, (void *)&tls_value);
            return 0;
        }
        """;

    // a=b takes b's type and section; b plus a constant only its type; differences and numbers are absolute and
    // untyped; aliases of aliases follow the chain; a linker-defined target is absolute.
    private static readonly string[] DefSyms =
        ["alias=main", "plus=main+4", "minus=main-4", "diff=data_value-main", "sum=4+main", "data_alias=data_value",
         "tls_alias=tls_value", "number=0x10", "chain=alias", "text_end=etext", "image_end=_end", "__gentoo_check_ldflags__=0"];

    private static readonly string[] Names =
        ["etext", "_etext", "__etext", "edata", "_edata", "end", "_end", "__bss_start", "__ehdr_start", "__executable_start",
         "_GLOBAL_OFFSET_TABLE_", "_DYNAMIC", "__start_foo", "__stop_foo", "__init_array_start", "__init_array_end",
         "__fini_array_end", "never_mentioned", .. DefSyms.Select(d => d[..d.IndexOf('=')])];

    [Theory]
    [InlineData("-pie")]
    [InlineData("-no-pie")]
    [InlineData("-static")]
    public void LinkerDefinedSymbolsAreInSymtabAsGnuLdWritesThem(string mode)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        dir.Write("main.c", Program);
        string[] args = [mode, "main.c", "-Wl,-u,never_mentioned", .. DefSyms.Select(d => "-Wl,--defsym," + d)];
        Link(dir, null, [.. args, "-o", "ref"]);
        Link(dir, dist, [.. args, "-o", "wild"]);
        var run = Tools.Exec(dir.PathOf("wild"));
        Assert.True(run.ExitCode == 0, run.Describe());
        var expected = Symbols(dir, "ref", ".symtab");
        var actual = Symbols(dir, "wild", ".symtab");
        foreach (string name in Names.Where(expected.ContainsKey))
            Assert.True(actual.TryGetValue(name, out var form) && form == expected[name],
                $"{name}: GNU ld writes '{expected[name]}', wild '{(actual.TryGetValue(name, out var f) ? f : "nothing")}'");
        Assert.Equal("0000000000000010", Value(dir, "wild", "number"));
        // Locals first: sh_info is the first global, and no local follows it.
        AssertLocalsFirst(dir, "wild");
    }

    [Fact]
    public void ASharedObjectExportsItsLinkerDefinedGlobalsAsGnuLdDoes()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        dir.Write("lib.c", """
            __attribute__((section("foo"), used)) int in_foo = 1;
            extern int __start_foo[], __stop_foo[];
            extern char _edata[], __bss_start[];
            long g(void) { return __stop_foo - __start_foo + (long)_edata + (long)__bss_start; }
            """);
        dir.Write("v.map", "V { global: g; local: *; };\n");
        string[] names = ["g", "_edata", "__bss_start", "__start_foo", "__stop_foo", "alias_g", "number", "never_mentioned"];
        foreach (string[] extra in new[] { Array.Empty<string>(), ["-Wl,--version-script,v.map"] })
        {
            string[] args = ["-shared", "-fPIC", "lib.c", "-Wl,-u,never_mentioned", "-Wl,--defsym,alias_g=g", "-Wl,--defsym,number=5", .. extra];
            Link(dir, null, [.. args, "-o", "ref.so"]);
            Link(dir, dist, [.. args, "-o", "wild.so"]);
            var expected = Symbols(dir, "ref.so", ".dynsym");
            var actual = Symbols(dir, "wild.so", ".dynsym");
            foreach (string name in names)
                Assert.True(expected.GetValueOrDefault(name) == actual.GetValueOrDefault(name),
                    $"{name} ({string.Join(' ', extra)}): GNU ld's .dynsym has '{expected.GetValueOrDefault(name) ?? "nothing"}', wild's '{actual.GetValueOrDefault(name) ?? "nothing"}'");
        }
        // A program linked against the library finds the --defsym alias.
        dir.Write("main.c", "long alias_g(void);\nint main(void) { return alias_g() != 0 ? 0 : 1; }\n");
        Link(dir, dist, ["-shared", "-fPIC", "lib.c", "-Wl,--defsym,alias_g=g", "-o", "libw.so"]);
        Link(dir, dist, ["main.c", "-L.", "-lw", "-Wl,-rpath,$ORIGIN", "-o", "prog"]);
        Tools.AssertRuns(dir.PathOf("prog"), 0, "");
    }

    [Theory]
    [InlineData("-pie")]
    [InlineData("-static")]
    [InlineData("-shared")]
    public void UniqueSymbolsStayUniqueAsInGnuLd(string mode)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        // A function-local static of an inline function is STB_GNU_UNIQUE (g++ -fgnu-unique, the default).
        dir.Write("u.cc", "inline int &counter() { static int c; return c; }\nint bump() { return ++counter(); }\nint main() { return bump() - 1; }\n");
        string[] args = [mode, "-fPIC", "u.cc", "-o"];
        Link(dir, null, [.. args, "ref"], "g++");
        Link(dir, dist, [.. args, "wild"], "g++");
        foreach (string table in mode == "-shared" ? new[] { ".symtab", ".dynsym" } : [".symtab"])
        {
            var expected = Symbols(dir, "ref", table);
            Assert.StartsWith("UNIQUE DEFAULT OBJECT ", expected["_ZZ7countervE1c"]);
            Assert.Equal(expected["_ZZ7countervE1c"], Symbols(dir, "wild", table)["_ZZ7countervE1c"]);
        }
    }

    [Theory]
    [InlineData("-pie")]
    [InlineData("-no-pie")]
    public void ImportsAreNamedWithTheirVersionInSymtab(string mode)
    {
        // GNU ld writes an import's .symtab name with the version it binds to (`nm` shows U __libc_start_main@GLIBC_2.34,
        // B stdout@GLIBC_2.2.5 for a copied variable, f@V1 from a versioned library); an unversioned import stays plain.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        dir.Write("lib.c", "void versioned(void) {}\n");
        dir.Write("plain.c", "void plain(void) {}\n");
        dir.Write("lib.map", "V1 { versioned; };\n");
        dir.Write("main.c", "#include <stdio.h>\nvoid versioned(void);\nvoid plain(void);\n" +
            "int main(void) { versioned(); plain(); fputs(\"hi\\n\", stdout); return 0; }\n");
        Link(dir, null, ["-shared", "-fPIC", "lib.c", "-Wl,--version-script=lib.map", "-o", "libv.so"]);
        Link(dir, null, ["-shared", "-fPIC", "plain.c", "-o", "libp.so"]);
        string[] args = [mode, mode == "-pie" ? "-fPIE" : "-fno-pic", "main.c", "-L.", "-lv", "-lp", "-Wl,-rpath,$ORIGIN"];
        Link(dir, null, [.. args, "-o", "ref"]);
        Link(dir, dist, [.. args, "-o", "wild"]);
        List<string> Imports(string file) =>
            [.. TableRows(dir, file, ".symtab").Select(f => f[7]).Where(n => n.Contains('@', StringComparison.Ordinal) || n is "plain" or "versioned")
                .Order(StringComparer.Ordinal)];
        var expected = Imports("ref");
        Assert.Contains("versioned@V1", expected); // GNU ld's own output
        Assert.Contains("plain", expected);
        Assert.Contains(expected, n => n.StartsWith("__libc_start_main@GLIBC_", StringComparison.Ordinal));
        Assert.Equal(expected, Imports("wild"));
        Assert.Equal("hi", Tools.Exec(dir.PathOf("wild")).Stdout.Trim());
    }

    private static void Link(Scratch dir, string? dist, string[] args, string driver = "gcc")
    {
        List<string> all = dist is null ? [.. args] : ["-B", dist.TrimEnd('/') + "/", .. args];
        var r = ProcessRunner.Run(driver, all, dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(r.ExitCode == 0, r.Describe());
    }

    /// <summary>The table's named symbols as name → "BIND VISIBILITY TYPE section-name" (the last definition of a
    /// name wins, as there is one per name here).</summary>
    private static Dictionary<string, string> Symbols(Scratch dir, string file, string table)
    {
        var sections = SectionNames(dir, file);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in TableRows(dir, file, table))
        {
            string ndx = f[6] is "UND" or "ABS" ? f[6] : sections.GetValueOrDefault(int.Parse(f[6]), "?" + f[6]);
            result[f[7].Split('@')[0]] = $"{f[4]} {f[5]} {f[3]} {ndx}";
        }
        return result;
    }

    private static string Value(Scratch dir, string file, string name) =>
        TableRows(dir, file, ".symtab").Single(f => f[7] == name)[1];

    private static IEnumerable<string[]> TableRows(Scratch dir, string file, string table)
    {
        var lines = Tools.Run("readelf", dir.Dir, ["-sW", file]).Stdout.Split('\n');
        int start = Array.FindIndex(lines, l => l.Contains($"'{table}'", StringComparison.Ordinal));
        Assert.True(start >= 0, $"{file} has no {table}");
        return lines.Skip(start + 2).TakeWhile(l => l.Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length >= 8);
    }

    private static Dictionary<int, string> SectionNames(Scratch dir, string file) =>
        Tools.Run("readelf", dir.Dir, ["-SW", file]).Stdout.Split('\n')
            .Select(l => l.Replace("[ ", "[").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 2 && f[0].StartsWith('[') && f[0].EndsWith(']') && int.TryParse(f[0][1..^1], out _))
            .ToDictionary(f => int.Parse(f[0][1..^1]), f => f[1]);

    private static void AssertLocalsFirst(Scratch dir, string file)
    {
        var rows = TableRows(dir, file, ".symtab").ToList();
        int firstGlobal = rows.FindIndex(f => f[4] != "LOCAL");
        Assert.True(firstGlobal >= 0 && rows.Skip(firstGlobal).All(f => f[4] != "LOCAL"), "a local symbol follows a global in .symtab");
        string info = Tools.Run("readelf", dir.Dir, ["-SW", file]).Stdout.Split('\n')
            .Single(l => l.Contains(" .symtab ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[^2];
        Assert.Equal(int.Parse(rows[firstGlobal][0].TrimEnd(':')), int.Parse(info));
    }
}
