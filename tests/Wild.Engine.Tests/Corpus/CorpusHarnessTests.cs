using Xunit;

namespace Wild.Engine.Tests.Corpus;

/// <summary>Checks of the harness itself, which run without a published linker.</summary>
public sealed class CorpusHarnessTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wild-corpus", "harness." + Guid.NewGuid().ToString("N")[..8]);

    public CorpusHarnessTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string LinkHello(params string[] flags)
    {
        File.WriteAllText(Path.Combine(_dir, "h.c"), "int main(void) { return 0; }\n");
        string output = "h" + string.Concat(flags).Replace(",", "").Replace("-", "");
        var r = ProcessRunner.Run("gcc", [.. flags, "h.c", "-o", output], _dir, CorpusBuild.ToolTimeout);
        Assert.True(r.ExitCode == 0, r.Describe());
        return Path.Combine(_dir, output);
    }

    [Fact]
    public void StructureCheckAcceptsGnuLdStaticOutput()
    {
        string exe = LinkHello("-static");
        Assert.Empty(ElfStructure.Check(exe, exe, LinkMode.Static));
        string pie = LinkHello("-static-pie");
        Assert.Empty(ElfStructure.Check(pie, pie, LinkMode.StaticPie));
    }

    [Fact]
    public void StructureCheckRejectsDynamicAndExecStackOutput()
    {
        string dynamic = LinkHello("-pie");
        var problems = ElfStructure.Check(dynamic, LinkHello("-static"), LinkMode.Static);
        Assert.Contains(problems, p => p.Contains("PT_INTERP", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("e_type", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("PT_DYNAMIC", StringComparison.Ordinal));

        string execStack = LinkHello("-static", "-Wl,-z,execstack");
        string plain = LinkHello("-static");
        Assert.Contains(ElfStructure.Check(execStack, plain, LinkMode.Static),
            p => p.Contains("PT_GNU_STACK is executable", StringComparison.Ordinal));
        Assert.Contains(ElfStructure.Check(plain, execStack, LinkMode.Static),
            p => p.Contains("PT_GNU_STACK is not executable, GNU ld's is", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pie")]
    [InlineData("no-pie")]
    public void RelroCheckSeesAPageMadeWritableAgain(string mode)
    {
        // GNU ld's program, once as linked and once after it makes the page of its .dynamic writable again.
        string caseDir = Path.Combine(_dir, "relro-" + mode);
        Directory.CreateDirectory(caseDir);
        File.WriteAllText(Path.Combine(caseDir, "main.c"), """
            #include <link.h>
            #include <stdint.h>
            #include <sys/mman.h>
            extern ElfW(Dyn) _DYNAMIC[];
            int main(int argc, char **argv)
            {
                (void)argv;
                if (argc < 2) return 0;
                uintptr_t page = (uintptr_t)_DYNAMIC & ~(uintptr_t)4095;
                return mprotect((void *)page, 4096, PROT_READ | PROT_WRITE) != 0;
            }
            """);
        foreach (var (args, writable) in new[] { ("", false), ("Args: unprotect\n", true) })
        {
            File.WriteAllText(Path.Combine(caseDir, "case.txt"), $"Mode: {mode}\nSources: main.c\n{args}");
            var c = CorpusCase.Load(caseDir);
            using var build = new CorpusBuild(c, CorpusCatalog.ParseMode(mode));
            build.Compile();
            build.Require(build.Link("ref/prog", distDir: null), "GNU ld link");
            var problems = RelroProtection.Check(build, "ref/prog", []);
            if (writable)
                Assert.Contains(problems, p => p.Contains("is writable at run time", StringComparison.Ordinal));
            else
                Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + build.Transcript());
        }
    }

    [Fact]
    public void CaseParserRejectsUnknownDirectives()
    {
        string caseDir = Path.Combine(_dir, "bad-case");
        Directory.CreateDirectory(caseDir);
        File.WriteAllText(Path.Combine(caseDir, "main.c"), "int main(void) { return 0; }\n");
        File.WriteAllText(Path.Combine(caseDir, "case.txt"), "Sources: main.c\nLinkFlags: -x\n");
        var e = Assert.Throws<FormatException>(() => CorpusCase.Load(caseDir));
        Assert.Contains("case.txt:2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CaseParserReadsSharedLibrariesAndPlugins()
    {
        string caseDir = Path.Combine(_dir, "so-case");
        Directory.CreateDirectory(caseDir);
        foreach (string f in new[] { "main.c", "base.c", "mid.c" })
            File.WriteAllText(Path.Combine(caseDir, f), "");
        File.WriteAllText(Path.Combine(caseDir, "case.txt"), """
            Mode: pie no-pie
            Sources: main.c
            Plugin: libbase.so: base.c
            SharedLib: libmid.so: mid.c
            SharedLinkArgs: libmid.so: -lbase -Wl,-rpath,$ORIGIN
            SharedLinkArgs: libbase.so: -Wl,--version-script={dir}/lib.map
            """);
        var c = CorpusCase.Load(caseDir);
        Assert.Equal(["libbase.so", "libmid.so"], c.SharedLibs.Select(l => l.Name));
        Assert.Equal([false, true], c.SharedLibs.Select(l => l.Linked));
        Assert.Equal(["-lbase", "-Wl,-rpath,$ORIGIN"], c.SharedLinkArgs["libmid.so"]);

        File.WriteAllText(Path.Combine(caseDir, "case.txt"), "Sources: main.c\nPlugin: libbase.so: base.c\nSharedLib: libbase.so: mid.c\n");
        var e = Assert.Throws<FormatException>(() => CorpusCase.Load(caseDir));
        Assert.Contains("case.txt:3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CaseParserReadsEveryDirective()
    {
        string caseDir = Path.Combine(_dir, "good-case");
        Directory.CreateDirectory(caseDir);
        foreach (string f in new[] { "main.c", "a.c", "b.cc" })
            File.WriteAllText(Path.Combine(caseDir, f), "");
        File.WriteAllText(Path.Combine(caseDir, "case.txt"), """
            # comment
            Mode: static static-pie
            Sources: main.c
            Archive: liba.a: a.c b.cc
            CFlags: -O2
            SourceFlags: a.c: -fPIC -O0
            LinkArgs: -Wl,--start-group {liba.a} -Wl,--end-group
            Args: x y
            Env: GREETING=hello there
            ExpectExit: 3
            Determinism: yes
            Pipeline: no
            """);
        var c = CorpusCase.Load(caseDir);
        Assert.Equal([LinkMode.Static, LinkMode.StaticPie], c.Modes);
        Assert.Equal("g++", c.EffectiveDriver);
        Assert.Equal(["a.c", "b.cc"], c.Archives.Single().Sources);
        Assert.Equal(["-fPIC", "-O0"], c.SourceFlags["a.c"]);
        Assert.Equal("hello there", c.Env.Single().Value);
        Assert.Equal(3, c.ExpectExit);
        Assert.True(c.Determinism);
        Assert.False(c.Pipeline);
        Assert.False(c.IsNegative);
    }
}
