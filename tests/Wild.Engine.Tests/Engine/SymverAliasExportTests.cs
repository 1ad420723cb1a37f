// `.symver foo, foo@V` leaves foo and its alias foo@V in the object: GNU ld (and lld) export only foo@V and hide the
// plain foo, whether or not the version script names foo (so no foo@@V stands beside foo@V); an alias under another
// name (beta_impl, beta@V1) keeps both. Compared with GNU ld's .dynsym for the same link (names with their versions,
// the linker-made version-name symbols left aside). A node's `local:` patterns hide the .symver names of that version.
// Also which node a name gets when globs of several nodes match it, which GNU ld decides its own way.
using System.Text.RegularExpressions;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class SymverAliasExportTests
{
    private const string Source = """
        void alpha(void) {}
        void beta_impl(void) {}
        void gamma_(void) {}
        __asm__(".symver alpha, alpha@V1");
        __asm__(".symver beta_impl, beta@V1");
        __asm__(".symver gamma_, gamma_@V1");
        """;

    /// <summary>The exported definitions as "name@version" (readelf's spelling), sorted; ABS version names left out.</summary>
    private static List<string> Exports(Scratch dir, string file) =>
        Tools.Run("readelf", dir.Dir, "-W", "--dyn-syms", file).Stdout.Split('\n')
            .Select(l => Regex.Match(l, @"^\s*\d+:\s+[0-9a-f]+\s+\d+\s+(\w+)\s+GLOBAL\s+DEFAULT\s+(\w+)\s+(\S+)$"))
            .Where(m => m.Success && m.Groups[2].Value != "UND" && m.Groups[2].Value != "ABS")
            .Select(m => m.Groups[3].Value).Order(StringComparer.Ordinal).ToList();

    [Theory]
    [InlineData("V1 { global: alpha; };", "alpha@V1 beta@V1 beta_impl gamma_@V1")]
    [InlineData("V1 { global: alpha; gamma_; beta; beta_impl; local: *; };", "alpha@V1 beta@V1 beta_impl@@V1 gamma_@V1")]
    [InlineData("V1 { global: *; };", "alpha@V1 beta@V1 beta_impl@@V1 gamma_@V1")]
    // The version a .symver name chose matches the name without its version against that node's own patterns: a
    // global pattern keeps it, else a local one (`local: *`, `local: a*`) hides it.
    [InlineData("V1 { local: *; };", "")]
    [InlineData("V1 { global: gamma_; local: *; };", "gamma_@V1")]
    [InlineData("V1 { local: a*; };", "beta@V1 beta_impl gamma_@V1")]
    public void PlainNameIsHiddenWhenItsSymverAliasHasTheSameVersion(string script, string expected)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", Source, "-fPIC");
        string map = dir.Write("lib.map", script);
        Tools.Run("gcc", dir.Dir, ["-shared", obj, "-Wl,--version-script=" + map, "-o", "ref.so"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", "-shared", obj, "-Wl,--version-script=" + map, "-o", "wild.so"]);
        var reference = Exports(dir, "ref.so");
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), reference); // the expectation is GNU ld's own output
        Assert.Equal(reference, Exports(dir, "wild.so"));
    }

    private const string Overlapping = "void foo_bar(void) {}\nvoid foo_x(void) {}\nvoid zbarz(void) {}\n";

    /// <summary>Several nodes' globs match one name: GNU ld takes a global pattern before a local one and, among those,
    /// the last node in the script (mold's version-script22 found wild taking the first); a lone '*' comes last.</summary>
    [Theory]
    [InlineData("VER1 { foo*; };\nVER2 { foo*bar*; };", "foo_bar@@VER2 foo_x@@VER1")]
    [InlineData("VER1 { foo*bar*; };\nVER2 { foo*; };", "foo_bar@@VER2 foo_x@@VER2")]
    [InlineData("VER1 { global: foo_*; local: *; };\nVER2 { global: foo*; };", "foo_bar@@VER2 foo_x@@VER2")]
    [InlineData("VER1 { global: *; };\nVER2 { global: foo*; };\nVER3 { local: *bar; };", "foo_bar@@VER2 foo_x@@VER2 zbarz@@VER1")]
    [InlineData("VER1 { local: *bar; };\nVER2 { global: foo*; };", "foo_bar@@VER2 foo_x@@VER2")]
    [InlineData("VER1 { global: foo*; };\nVER2 { local: *bar; };", "foo_bar@@VER1 foo_x@@VER1")]
    [InlineData("VER1 { global: foo_x; local: *; };\nVER2 { global: foo*; local: *; };", "foo_bar@@VER2 foo_x@@VER1")]
    public void OverlappingGlobsPickTheNodeGnuLdPicks(string script, string expected)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", Overlapping, "-fPIC");
        string map = dir.Write("lib.map", script + "\n");
        Tools.Run("gcc", dir.Dir, ["-shared", obj, "-Wl,--version-script=" + map, "-o", "ref.so"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", "-shared", obj, "-Wl,--version-script=" + map, "-o", "wild.so"]);
        var reference = Exports(dir, "ref.so").Where(e => e.Contains('@', StringComparison.Ordinal)).ToList();
        Assert.Equal(expected.Split(' '), reference); // the expectation is GNU ld's own output
        Assert.Equal(reference, Exports(dir, "wild.so").Where(e => e.Contains('@', StringComparison.Ordinal)).ToList());
    }

    /// <summary>The absolute global objects of one of readelf's tables (".dynsym" or ".symtab") as "value type bind vis name",
    /// sorted: the version names GNU ld defines.</summary>
    private static List<string> AbsoluteSymbols(Scratch dir, string file, string table)
    {
        var lines = Tools.Run("readelf", dir.Dir, "-W", table == ".dynsym" ? "--dyn-syms" : "--syms", file).Stdout.Split('\n');
        int start = Array.FindIndex(lines, l => l.Contains($"'{table}'", StringComparison.Ordinal));
        Assert.True(start >= 0, $"{file} has no {table}");
        return [.. lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("Symbol table", StringComparison.Ordinal))
            .Select(l => Regex.Match(l, @"^\s*\d+:\s+([0-9a-f]+)\s+\d+\s+(OBJECT)\s+(GLOBAL)\s+(\w+)\s+ABS\s+(\S+)$"))
            .Where(m => m.Success).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value} {m.Groups[4].Value} {m.Groups[5].Value}")
            .Order(StringComparer.Ordinal)];
    }

    // GNU ld defines each version of a version script as an absolute global object, value 0, carrying that version,
    // in .dynsym and .symtab, from a shared object and from a PIE (lld writes none; GNU ld is the reference).
    [Theory]
    [InlineData("-shared", "V1 { global: alpha; local: *; }; V2 { global: gamma_; } V1;")]
    [InlineData("-pie", "V1 { global: main; };")]
    // The same nodes in a VERSION command of a script given as an input (`gcc -shared a.o lib.ld`).
    [InlineData("-shared", "VERSION { V1 { global: alpha; local: *; }; V2 { global: gamma_; } V1; }")]
    public void EachVersionIsAnAbsoluteSymbolAsGnuLdWritesIt(string mode, string script)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", Source + "int main(void) { return 0; }\n", "-fPIC");
        bool inputScript = script.StartsWith("VERSION", StringComparison.Ordinal);
        string map = dir.Write(inputScript ? "lib.ld" : "lib.map", script);
        string[] version = inputScript ? [map] : ["-Wl,--version-script=" + map];
        Tools.Run("gcc", dir.Dir, [mode, obj, .. version, "-o", "ref.out"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", mode, obj, .. version, "-o", "wild.out"]);
        foreach (string table in new[] { ".dynsym", ".symtab" })
        {
            var reference = AbsoluteSymbols(dir, "ref.out", table);
            Assert.Contains(reference, l => l.EndsWith(" V1", StringComparison.Ordinal)); // GNU ld's own output
            Assert.Equal(reference, AbsoluteSymbols(dir, "wild.out", table));
        }
    }
}
