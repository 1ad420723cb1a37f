// Options a build passes once and notices when they are wrong: filters and audit libraries (.dynamic entries that
// ld.so acts on, checked by running the programs), --retain-symbols-file, --start-lib/--end-lib, -o - and
// -Ttext-segment/--image-base, -z [no]dynamic-undefined-weak. Each is linked by GNU ld and by wild through gcc
// and compared where GNU ld has the option; --start-lib and -o - follow lld, which has them.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class LongTailOptionTests
{
    private static ProcessResult Gcc(Scratch dir, string? dist, params string[] args)
    {
        List<string> all = dist is null ? [.. args] : ["-B", dist.TrimEnd('/') + "/", .. args];
        return ProcessRunner.Run("gcc", all, dir.Dir, TimeSpan.FromMinutes(1));
    }

    private static ProcessResult Linked(Scratch dir, string? dist, params string[] args)
    {
        var r = Gcc(dir, dist, args);
        Assert.True(r.ExitCode == 0, r.Describe());
        return r;
    }

    private static List<string> Lines(Scratch dir, string file, string readelfOption, string contains) =>
        Tools.Run("readelf", dir.Dir, [readelfOption, "-W", file]).Stdout.Split('\n')
            .Where(l => l.Contains(contains, StringComparison.Ordinal))
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();

    /// <summary>.symtab's symbols as "BIND TYPE name", sorted: the part of the table --retain-symbols-file decides.</summary>
    private static List<string> SymtabNames(Scratch dir, string file)
    {
        var lines = Tools.Run("readelf", dir.Dir, ["-sW", file]).Stdout.Split('\n');
        int start = Array.FindIndex(lines, l => l.Contains("'.symtab'", StringComparison.Ordinal));
        if (start < 0) return [];
        return lines.Skip(start + 2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 8 && f[3] != "FILE").Select(f => $"{f[4]} {f[3]} {f[7]}").Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void AFilterLibraryDefersToItsFilteeAtRunTime()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        // The filter and its filtee both define which(); ld.so binds the program's call to the filtee's, an auxiliary
        // filter's missing filtee is skipped, and both libraries' tags match GNU ld's.
        dir.Write("impl.c", "int which(void) { return 2; }\n");
        dir.Write("filter.c", "int which(void) { return 1; }\n");
        dir.Write("main.c", "#include <stdio.h>\nint which(void);\nint main(void) { printf(\"%d\\n\", which()); return 0; }\n");
        Tools.Run("gcc", dir.Dir, ["-shared", "-fPIC", "impl.c", "-o", "libimpl.so"]);
        foreach (var (who, d) in new[] { ("ref", (string?)null), ("wild", dist) })
        {
            Directory.CreateDirectory(dir.PathOf(who));
            File.Copy(dir.PathOf("libimpl.so"), dir.PathOf($"{who}/libimpl.so"));
            Linked(dir, d, "-shared", "-fPIC", "filter.c", "-o", $"{who}/libfilter.so", "-Wl,-soname,libfilter.so", "-Wl,-rpath,$ORIGIN",
                "-Wl,-F,libimpl.so", "-Wl,-f,libmissing.so");
            Linked(dir, d, "main.c", $"{who}/libfilter.so", "-o", $"{who}/prog", "-Wl,-rpath,$ORIGIN");
            Tools.AssertRuns(dir.PathOf($"{who}/prog"), 0, "2\n");
        }
        foreach (string tag in new[] { "(FILTER)", "(AUXILIARY)" })
            Assert.Equal(Lines(dir, "ref/libfilter.so", "-d", tag), Lines(dir, "wild/libfilter.so", "-d", tag));
    }

    [Fact]
    public void AnExecutableCannotBeAFilter()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", "int main(void) { return 0; }\n");
        foreach (string option in new[] { "-Wl,-f,x.so", "-Wl,-F,x.so" })
        {
            var r = Gcc(dir, dist, main, option, "-o", "prog");
            Assert.True(r.ExitCode != 0 && r.Stderr.Contains($"{option[4..6]} may not be used without -shared", StringComparison.Ordinal), r.Describe());
        }
    }

    [Fact]
    public void AuditLibrariesAreNamedAndLoadedAsGnuLdHasThem()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        // An rtld-audit library announces itself from la_version; ld.so loads it only if DT_AUDIT names it right.
        dir.Write("audit.c", "#include <link.h>\n#include <unistd.h>\nunsigned la_version(unsigned v) { write(1, \"audited\\n\", 8); return v; }\n");
        Tools.Run("gcc", dir.Dir, ["-shared", "-fPIC", "audit.c", "-o", "libaudit.so"]);
        string main = Tools.CompileC(dir, "main", "#include <stdio.h>\nint main(void) { puts(\"main\"); return 0; }\n");
        string audit = dir.PathOf("libaudit.so");
        string[] options = [$"-Wl,--audit,{audit}", "-Wl,--audit,/nonexistent/second.so", "-Wl,--depaudit,d1.so", "-Wl,-P,d2.so", "-Wl,-z,globalaudit"];
        Linked(dir, null, [main, .. options, "-o", "ref"]);
        Linked(dir, dist, [main, .. options, "-o", "wild"]);
        foreach (string tag in new[] { "(AUDIT)", "(DEPAUDIT)", "(FLAGS_1)" })
            Assert.Equal(Lines(dir, "ref", "-d", tag), Lines(dir, "wild", "-d", tag));
        var refRun = Tools.Exec(dir.PathOf("ref"));
        var wildRun = Tools.Exec(dir.PathOf("wild"));
        Assert.Contains("audited", refRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(refRun.Stdout, wildRun.Stdout);
    }

    [Theory]
    [InlineData("keepme\nmain\n", "", "")]
    [InlineData(" _start \r\nkeepme\r\nhidden_local\nprintf\nnot_a_symbol\n", "", "")]
    [InlineData("main\n", "-Wl,-s", "")]
    [InlineData("main\n", "-Wl,-S", "")]
    [InlineData("main\n", "", "-Wl,-S")]
    public void RetainSymbolsFileKeepsExactlyWhatGnuLdKeeps(string list, string stripBefore, string stripAfter)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "r", """
            #include <stdio.h>
            static int hidden_local(void) { return 3; }
            int keepme(void) { return hidden_local(); }
            int dropme(void) { return 2; }
            int main(void) { printf("%d\n", keepme() + dropme()); return 0; }
            """, "-g", "-O0");
        dir.Write("keep.txt", list);
        // -s, -S and the file set one mode in GNU ld: the last wins, and the file warns when it overrides.
        string[] args = [obj, .. stripBefore.Length > 0 ? new[] { stripBefore } : [], "-Wl,--retain-symbols-file=keep.txt",
            .. stripAfter.Length > 0 ? new[] { stripAfter } : [], "-o"];
        Linked(dir, null, [.. args, "ref"]);
        var wild = Linked(dir, dist, [.. args, "wild"]);
        // With the file in force the whole table is compared; once a later -S cancels it, the program's own names are
        // (the rest of a full table differs between the linkers in ways that have nothing to do with this option).
        string[] own = ["main", "keepme", "dropme", "hidden_local", "_start"];
        List<string> Compared(string file) =>
            [.. SymtabNames(dir, file).Where(l => stripAfter.Length == 0 || own.Contains(l.Split(' ')[2]))];
        Assert.Equal(Compared("ref"), Compared("wild"));
        Assert.NotEmpty(Compared("wild"));
        Assert.Equal(Lines(dir, "ref", "-S", ".debug_info").Count, Lines(dir, "wild", "-S", ".debug_info").Count);
        if (stripBefore.Length > 0) Assert.Contains("overrides -s and -S", wild.Stderr, StringComparison.Ordinal);
        Tools.AssertRuns(dir.PathOf("wild"), 0, "5\n");
    }

    [Fact]
    public void RetainSymbolsFileIsGivenOnce()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", "int main(void) { return 0; }\n");
        dir.Write("keep.txt", "main\n");
        var twice = Gcc(dir, dist, main, "-Wl,--retain-symbols-file=keep.txt", "-Wl,--retain-symbols-file=keep.txt", "-o", "prog");
        Assert.True(twice.ExitCode != 0 && twice.Stderr.Contains("duplicate --retain-symbols-file", StringComparison.Ordinal), twice.Describe());
        var missing = Gcc(dir, dist, main, "-Wl,--retain-symbols-file=absent.txt", "-o", "prog");
        Assert.True(missing.ExitCode != 0 && missing.Stderr.Contains("absent.txt", StringComparison.Ordinal), missing.Describe());
    }

    [Fact]
    public void StartLibObjectsJoinOnlyWhenNeededLikeArchiveMembers()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        // used.o is pulled by main's reference and pulls chained.o in turn; unused.o would fail the link with a
        // duplicate main and an undefined symbol if it were loaded. The same objects in an archive link the same way.
        string main = Tools.CompileC(dir, "main", "#include <stdio.h>\nint used(void);\nint main(void) { printf(\"%d\\n\", used()); return 0; }\n");
        string used = Tools.CompileC(dir, "used", "int chained(void);\nint used(void) { return chained() + 1; }\n");
        string chained = Tools.CompileC(dir, "chained", "int chained(void) { return 41; }\n");
        string unused = Tools.CompileC(dir, "unused", "int missing(void);\nint main(void) { return missing(); }\nint unused(void) { return 0; }\n");
        Tools.Run("ar", dir.Dir, ["rcs", "liball.a", used, unused, chained]);
        Linked(dir, null, main, "liball.a", "-o", "ref");
        Linked(dir, dist, main, "-Wl,--start-lib", used, unused, chained, "-Wl,--end-lib", "-o", "wild");
        Tools.AssertRuns(dir.PathOf("ref"), 0, "42\n");
        Tools.AssertRuns(dir.PathOf("wild"), 0, "42\n");
        Assert.DoesNotContain("unused", Tools.SymbolNames(dir.PathOf("wild")));
        // Unbalanced markers are errors, as in lld.
        foreach (var (args, message) in new[]
                 {
                     (new[] { "-Wl,--start-lib", used }, "--start-lib without --end-lib"),
                     (new[] { used, "-Wl,--end-lib" }, "--end-lib without --start-lib"),
                     (new[] { "-Wl,--start-lib", "-Wl,--start-lib", used, "-Wl,--end-lib" }, "nested --start-lib"),
                 })
        {
            var r = Gcc(dir, dist, [main, .. args, chained, "-o", "bad"]);
            Assert.True(r.ExitCode != 0 && r.Stderr.Contains(message, StringComparison.Ordinal), r.Describe());
        }
    }

    [Fact]
    public void DashOutputIsStandardOutput()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", "int main(void) { return 7; }\n");
        Linked(dir, dist, main, "-o", "file");
        // The bytes on stdout are the program a file output would hold; no file named "-" appears.
        var captured = Tools.Run("sh", dir.Dir, ["-c", $"gcc -B {dist.TrimEnd('/')}/ -Wl,-t {main} -o - > piped"]);
        Assert.Equal(File.ReadAllBytes(dir.PathOf("file")), File.ReadAllBytes(dir.PathOf("piped")));
        Assert.False(File.Exists(dir.PathOf("-")));
        // -t's trace went to stderr, not into the program.
        Assert.Contains("main.o", captured.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-no-pie", "-Wl,-Ttext-segment=0x800000")]
    [InlineData("-no-pie", "-Wl,--image-base=0x10000000")]
    [InlineData("-pie", "-Wl,-Ttext-segment=0x800000")]
    public void ImageBaseMovesTheFirstSegmentAsGnuLdDoes(string kind, string option)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", "#include <stdio.h>\nint main(void) { puts(\"ok\"); return 0; }\n", kind == "-pie" ? "-fPIE" : "-fno-PIE");
        // GNU ld spells it -Ttext-segment; lld's --image-base means the same.
        string gnu = option.Replace("--image-base", "-Ttext-segment", StringComparison.Ordinal);
        Linked(dir, null, kind, main, gnu, "-o", "ref");
        Linked(dir, dist, kind, main, option, "-o", "wild");
        string FirstLoad(string file) => string.Join(' ', Lines(dir, file, "-l", "LOAD")[0].Split(' ')[1..3]);
        Assert.Equal(FirstLoad("ref"), FirstLoad("wild"));
        Tools.AssertRuns(dir.PathOf("wild"), 0, "ok\n");
        var misaligned = Gcc(dir, dist, kind, main, "-Wl,--image-base=0x800010", "-o", "bad");
        Assert.True(misaligned.ExitCode != 0 && misaligned.Stderr.Contains("not a multiple of the maximum page size", StringComparison.Ordinal), misaligned.Describe());
    }

    [Theory]
    [InlineData("-pie", "")]
    [InlineData("-pie", "-Wl,-z,nodynamic-undefined-weak")]
    [InlineData("-no-pie", "-Wl,-z,nodynamic-undefined-weak")]
    [InlineData("-shared", "")]
    [InlineData("-shared", "-Wl,-z,nodynamic-undefined-weak")]
    [InlineData("-shared", "-Wl,-z,nodynamic-undefined-weak -Wl,-z,dynamic-undefined-weak")]
    public void UndefinedWeakSymbolsAreDynamicOnlyWhenGnuLdMakesThem(string kind, string options)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "uw", """
            extern void w(void) __attribute__((weak));
            extern int wd __attribute__((weak));
            int probe(void) { return (w ? 1 : 0) + (&wd ? 2 : 0); }
            int main(void) { return probe(); }
            """, "-fPIC");
        string[] extra = options.Length == 0 ? [] : options.Split(' ');
        Linked(dir, null, [kind, obj, .. extra, "-o", "ref"]);
        Linked(dir, dist, [kind, obj, .. extra, "-o", "wild"]);
        List<string> Weak(string file) =>
            [.. Lines(dir, file, "--dyn-syms", "WEAK").Where(l => l.EndsWith(" w", StringComparison.Ordinal) || l.EndsWith(" wd", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(' ') + 1)..])];
        List<string> Relocs(string file) =>
            [.. Lines(dir, file, "-r", "R_X86_64").Where(l => l.EndsWith(" w + 0", StringComparison.Ordinal) || l.EndsWith(" wd + 0", StringComparison.Ordinal))
                .Select(l => l.Split(' ')[2])];
        Assert.Equal(Weak("ref"), Weak("wild"));
        Assert.Equal(Relocs("ref"), Relocs("wild"));
        if (kind != "-shared") Assert.Equal(Tools.Exec(dir.PathOf("ref")).ExitCode, Tools.Exec(dir.PathOf("wild")).ExitCode);
    }

    [Theory]
    [InlineData("a=table*2")]
    [InlineData("a=ADDR(.text)")]
    [InlineData("a=table+")]
    [InlineData("a=(table)")]
    public void DefsymExpressionsBeyondSumsAreRefusedByName(string defsym)
    {
        // GNU ld evaluates these; wild names the expression it does not take instead of linking something else.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", "char table[4];\nint main(void) { return 0; }\n");
        var r = Gcc(dir, dist, main, $"-Wl,--defsym={defsym}", "-o", "prog");
        Assert.True(r.ExitCode != 0 && r.Stderr.Contains($"--defsym {defsym}: unsupported expression", StringComparison.Ordinal), r.Describe());
        Assert.False(File.Exists(dir.PathOf("prog")));
    }

    [Fact]
    public void NoInhibitExecWritesTheProgramAndReportsTheErrorsAsWarnings()
    {
        // GNU ld exits 0 and keeps the output, and the first main wins; the never-made call to the undefined function
        // is left at 0 (GNU ld's own program does not even load: "unexpected PLT reloc type 0x00"). Both errors still
        // reach the user, as warnings.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string first = Tools.CompileC(dir, "first", "int missing(void);\nint never(void) { return missing(); }\nint main(void) { return 3; }\n");
        string second = Tools.CompileC(dir, "second", "int main(void) { return 4; }\n");
        Linked(dir, null, first, second, "-Wl,--noinhibit-exec", "-o", "ref");
        var wild = Linked(dir, dist, first, second, "-Wl,--noinhibit-exec", "-o", "wild");
        Tools.AssertRuns(dir.PathOf("wild"), 3, "");
        Assert.Contains("warning: undefined symbol: missing", wild.Stderr, StringComparison.Ordinal);
        Assert.Contains("warning: duplicate symbol: main", wild.Stderr, StringComparison.Ordinal);
        var without = Gcc(dir, dist, first, second, "-o", "failed");
        Assert.NotEqual(0, without.ExitCode);
    }

    [Fact]
    public void TraceSymbolReportsEveryReferenceEvenWhenTheLinkFails()
    {
        // The link fails on the undefined symbol; -y's lines come first and in GNU ld's order (file by file as they
        // are loaded). GNU ld writes them to stderr with its program-name prefix, wild to stdout as lld does.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", "int missing(void);\nint other(void);\nint main(void) { return missing() + other(); }\n");
        string other = Tools.CompileC(dir, "other", "int missing(void);\nint other(void) { return missing(); }\n");
        string[] args = [main, other, "-Wl,-y,missing", "-Wl,-y,other", "-o", "prog"];
        var gnu = Gcc(dir, null, args);
        var wild = Gcc(dir, dist, args);
        Assert.True(gnu.ExitCode != 0 && wild.ExitCode != 0, wild.Describe());
        List<string> Traced(string text) =>
            [.. text.Split('\n').Where(l => l.Contains(": reference to ", StringComparison.Ordinal) || l.Contains(": definition of ", StringComparison.Ordinal))
                .Select(l => l.Replace("/usr/bin/ld: ", "", StringComparison.Ordinal))];
        Assert.Equal(Traced(gnu.Stderr), Traced(wild.Stdout));
        Assert.Equal(4, Traced(wild.Stdout).Count); // main: missing, other; other.o: other, missing
    }

    [Theory]
    [InlineData("-Wl,-soname,libv.so.1")]
    [InlineData("-Wl,--version-script=anon.map")]
    [InlineData("-Wl,--version-script=named.map -Wl,-soname,libv.so.1")]
    public void DefaultSymverVersionsWhatNothingElseDoes(string options)
    {
        // The exports' version names, the version definitions and the absolute symbol GNU ld defines for each version
        // (--default-symver's own included) match GNU ld's.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "fg", "int f(void) { return 1; }\nint g(void) { return 2; }\n", "-fPIC");
        dir.Write("anon.map", "{ global: f; local: *; };\n");
        dir.Write("named.map", "V1 { global: f; };\n");
        string[] args = ["-shared", obj, "-Wl,--default-symver", .. options.Split(' ')];
        Linked(dir, null, [.. args, "-o", "libref.so"]);
        Linked(dir, dist, [.. args, "-o", "libwild.so"]);
        List<string> Exports(string file) =>
            [.. Lines(dir, file, "--dyn-syms", " FUNC ").Select(l => l.Split(' ')[^1]).Where(n => n.StartsWith("f@", StringComparison.Ordinal) || n.StartsWith("g@", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        Assert.Equal(Exports("libref.so").Select(n => n.Replace("libref.so", "lib.so", StringComparison.Ordinal)),
            Exports("libwild.so").Select(n => n.Replace("libwild.so", "lib.so", StringComparison.Ordinal)));
        Assert.NotEmpty(Exports("libwild.so"));
        List<string> Definitions(string file) =>
            [.. Lines(dir, file, "-V", "Name: ").Select(l => l[(l.IndexOf("Name: ", StringComparison.Ordinal) + 6)..].Replace(file, "lib.so", StringComparison.Ordinal))];
        Assert.Equal(Definitions("libref.so"), Definitions("libwild.so"));
        List<string> Absolute(string file) =>
            [.. Lines(dir, file, "--dyn-syms", " ABS ").Select(l => l.Split(' ')[^1].Replace(file, "lib.so", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        Assert.Equal(Absolute("libref.so"), Absolute("libwild.so"));
        Assert.Contains(options.Contains("soname", StringComparison.Ordinal) ? "libv.so.1" : "lib.so", Absolute("libwild.so"));
    }

    [Fact]
    public void SpareDynamicTagsAddRoomAsGnuLdDoes()
    {
        // Each spare tag is one more DT_NULL at the end of .dynamic: the section grows by 16 bytes per tag in both
        // linkers (their defaults differ: GNU ld reserves 5, wild none, as lld).
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", "int f(void) { return 1; }\n", "-fPIC");
        ulong Size(string file)
        {
            var fields = Lines(dir, file, "-S", " .dynamic ")[0].Split(' ');
            return Convert.ToUInt64(fields[Array.IndexOf(fields, "DYNAMIC") + 3], 16);
        }
        foreach (var (who, d) in new[] { ("ref", (string?)null), ("wild", dist) })
        {
            Linked(dir, d, "-shared", obj, "-Wl,--spare-dynamic-tags,0", "-o", $"{who}0.so");
            Linked(dir, d, "-shared", obj, "-Wl,--spare-dynamic-tags=7", "-o", $"{who}7.so");
            Assert.Equal(7UL * 16, Size($"{who}7.so") - Size($"{who}0.so"));
        }
    }

    [Fact]
    public void UndefinedGlobPullsEveryMatchingArchiveMember()
    {
        // lld's --undefined-glob: members defining plugin_* join the link though nothing references them, and their
        // constructors run; the member defining other_* stays out.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", "int main(void) { return 0; }\n");
        string[] members = ["a", "b", "c"];
        foreach (string m in members)
            Tools.CompileC(dir, m, m == "c"
                ? "int other_c(void) { return 0; }\n"
                : $"#include <stdio.h>\nint plugin_{m}(void) {{ return 0; }}\n__attribute__((constructor)) static void init(void) {{ puts(\"{m}\"); }}\n");
        Tools.Run("ar", dir.Dir, ["rcs", "libp.a", "a.o", "b.o", "c.o"]);
        Linked(dir, dist, main, "-Wl,--undefined-glob=plugin_*", "libp.a", "-o", "prog");
        Tools.AssertRuns(dir.PathOf("prog"), 0, "a\nb\n");
        var names = Tools.SymbolNames(dir.PathOf("prog"));
        Assert.Contains("plugin_b", names);
        Assert.DoesNotContain("other_c", names);
    }

    [Fact]
    public void NoCopyRelocRefusesWhatWouldNeedACopy()
    {
        // A position-dependent program reading a library's variable directly needs a copy relocation: GNU ld refuses
        // it under -z nocopyreloc, and so does wild (lld too, for a PIE as well); without the option both copy it.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        dir.Write("lib.c", "int data = 5;\n");
        dir.Write("main.c", "extern int data;\nint main(void) { return data; }\n");
        Linked(dir, null, "-shared", "-fPIC", "lib.c", "-o", "libd.so");
        foreach (var (who, d) in new[] { ("ref", (string?)null), ("wild", dist) })
        {
            Linked(dir, d, "-no-pie", "-fno-pic", "main.c", "-L.", "-ld", "-o", $"{who}-copy");
            Assert.Contains(Lines(dir, $"{who}-copy", "-r", "R_X86_64_COPY"), l => l.EndsWith("data + 0", StringComparison.Ordinal));
            var refused = Gcc(dir, d, "-no-pie", "-fno-pic", "main.c", "-L.", "-ld", "-Wl,-z,nocopyreloc", "-o", $"{who}-nocopy");
            Assert.True(refused.ExitCode != 0, refused.Describe());
            Assert.False(File.Exists(dir.PathOf($"{who}-nocopy")));
        }
        Assert.Contains("symbol 'data' defined in ./libd.so needs a copy relocation, which -z nocopyreloc forbids; recompile the program with -fPIC",
            Gcc(dir, dist, "-no-pie", "-fno-pic", "main.c", "-L.", "-ld", "-Wl,-z,nocopyreloc", "-o", "again").Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-no-pie")]
    [InlineData("-pie")]
    [InlineData("-static")]
    [InlineData("-shared")]
    public void NoSeparateCodeKeepsCodeWithTheHeadersAsGnuLdDoes(string mode)
    {
        // -z noseparate-code: one read-only segment for the headers, code and read-only data (R E), then the data
        // (RW); GNU ld's layout before -z separate-code became its default. The program runs.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        dir.Write("main.c", "#include <stdio.h>\nconst char message[] = \"hi\";\nint main(void) { puts(message); return 0; }\n");
        List<string> Loads(string file) => [.. Lines(dir, file, "-lW", "LOAD ").Select(l => string.Concat(l.Split(' ')[6..^1]))];
        foreach (var (who, d) in new[] { ("ref", (string?)null), ("wild", dist) })
        {
            Linked(dir, d, mode, mode == "-shared" ? "-fPIC" : "-O1", "main.c", "-Wl,-z,noseparate-code", "-o", $"{who}-joined");
            Linked(dir, d, mode, mode == "-shared" ? "-fPIC" : "-O1", "main.c", "-o", $"{who}-separate");
        }
        Assert.Equal(Loads("ref-joined"), Loads("wild-joined")); // the flags of each PT_LOAD, in order
        Assert.Equal(Loads("ref-separate"), Loads("wild-separate"));
        Assert.True(Loads("wild-joined").Count < Loads("wild-separate").Count);
        if (mode != "-shared") Assert.Equal("hi", Tools.Exec(dir.PathOf("wild-joined")).Stdout.Trim());
    }
}
