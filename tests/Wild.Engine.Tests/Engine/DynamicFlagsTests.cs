// What -z keywords and -init/-fini put in .dynamic and PT_GNU_STACK, compared line by line with GNU ld's output
// for the same library (readelf -d and -l), so the flags a loader acts on are the ones GNU ld would write.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class DynamicFlagsTests
{
    private static IEnumerable<string> Lines(Scratch dir, string file, string readelfOption, params string[] wanted) =>
        Tools.Run("readelf", dir.Dir, [readelfOption, "-W", file]).Stdout.Split('\n')
            .Where(l => wanted.Any(w => l.Contains(w, StringComparison.Ordinal)))
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    [Theory]
    [InlineData("-z origin -z nodelete -z global -z initfirst -z interpose -z nodlopen -z nodump -z loadfltr -z nodefaultlib")]
    [InlineData("-z origin -z now")]
    [InlineData("-z now --disable-new-dtags")]
    [InlineData("-z stack-size=0x200000")]
    public void SharedLibraryFlagsMatchGnuLd(string options)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", "int f(void) { return 1; }\n", "-fPIC");
        var wl = options.Split(' ').Chunk(2).Select(p => p.Length == 2 && p[0] == "-z" ? $"-Wl,-z,{p[1]}" : $"-Wl,{string.Join(",", p)}").ToArray();
        Tools.Run("gcc", dir.Dir, ["-shared", obj, .. wl, "-o", "ref.so"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", "-shared", obj, .. wl, "-o", "wild.so"]);
        string[] tags = ["(FLAGS)", "(FLAGS_1)", "(BIND_NOW)"];
        Assert.Equal(Lines(dir, "ref.so", "-d", tags), Lines(dir, "wild.so", "-d", tags));
        Assert.Equal(Lines(dir, "ref.so", "-l", "GNU_STACK"), Lines(dir, "wild.so", "-l", "GNU_STACK"));
    }

    [Fact]
    public void InitAndFiniNameTheChosenFunctions()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", "void start(void) {}\nvoid stop(void) {}\n", "-fPIC");
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", "-shared", obj, "-Wl,-init,start", "-Wl,-fini,stop", "-o", "wild.so"]);
        var dynamic = Tools.Run("readelf", dir.Dir, ["-dW", "wild.so"]).Stdout;
        var symbols = Tools.Run("nm", dir.Dir, ["wild.so"]).Stdout.Split('\n');
        string Address(string name) => "0x" + symbols.Single(l => l.EndsWith(" T " + name, StringComparison.Ordinal)).Split(' ')[0].TrimStart('0');
        Assert.Matches($@"\(INIT\)\s+{Address("start")}\n", dynamic);
        Assert.Matches($@"\(FINI\)\s+{Address("stop")}\n", dynamic);
    }

    // A .init or .fini section without the _init/_fini symbol (hand-written code, no crti.o) gets no DT_INIT/DT_FINI,
    // as in GNU ld's output: ld.so would call bytes that are not a function. With the symbols, both linkers name them.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InitAndFiniNeedTheirSymbolsAsInGnuLd(bool symbols)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string labels = symbols ? ".globl _init\n_init:\n" : "";
        string fini = symbols ? ".globl _fini\n_fini:\n" : "";
        File.WriteAllText(Path.Combine(dir.Dir, "init.s"),
            $".section .init,\"ax\",@progbits\n{labels} ret\n.section .fini,\"ax\",@progbits\n{fini} ret\n.text\n.globl f\nf: ret\n");
        Tools.Run("as", dir.Dir, ["init.s", "-o", "init.o"]);
        Tools.Run("ld.bfd", dir.Dir, ["-shared", "init.o", "-o", "ref.so"]);
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, ["-shared", "init.o", "-o", "wild.so"]);
        string[] tags = ["(INIT)", "(FINI)"];
        var reference = Lines(dir, "ref.so", "-d", tags).ToArray();
        Assert.Equal(symbols ? 2 : 0, reference.Length);
        Assert.Equal(reference.Select(l => l.Split(' ')[1]), Lines(dir, "wild.so", "-d", tags).Select(l => l.Split(' ')[1]));
    }

    // A directory given again (also one inside an earlier "a:b" argument) is written once, at its first place.
    [Theory]
    [InlineData("-rpath,/opt/a,-rpath,/opt/b,-rpath,/opt/a,-rpath,/opt/c")]
    [InlineData("-rpath,/opt/a:/opt/b,-rpath,/opt/b,-rpath,/opt/a:/opt/b,-R,/opt/d")]
    [InlineData("--disable-new-dtags,-rpath,/x,-rpath,/y,-rpath,/x")]
    public void RunPathListsEachDirectoryOnceAsGnuLd(string options)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", "int f(void) { return 1; }\n", "-fPIC");
        Tools.Run("gcc", dir.Dir, ["-shared", obj, "-Wl," + options, "-o", "ref.so"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", "-shared", obj, "-Wl," + options, "-o", "wild.so"]);
        string[] tags = ["(RUNPATH)", "(RPATH)"];
        var expected = Lines(dir, "ref.so", "-d", tags).ToList();
        Assert.Single(expected);
        Assert.Equal(expected, Lines(dir, "wild.so", "-d", tags));
    }
}
