// x86-64 large common symbols (st_shndx SHN_X86_64_LCOMMON, from gas .largecomm or gcc -mcmodel=medium/large
// -fcommon): GNU ld allocates them in .lbss (SHF_X86_64_LARGE), and ld -r keeps them large commons, of type STT_COMMON
// or STT_OBJECT as the input has it or -z common / -z nocommon asks (binutils largecomm-1a..f). Wild used to refuse
// them; each case here is linked by ld.bfd and by dist/wild, and both must agree.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class LargeCommonSymbolTests
{
    private const string Source = """
        .text
        .globl _start
        _start:
            ret
        .data
        .quad foobar
        .largecomm foobar,30,4
        """;

    /// <summary>readelf -sW's line for foobar, with the value column dropped for an executable (addresses differ).</summary>
    private static string SymbolLine(Scratch dir, string file) =>
        Tools.Run("readelf", dir.Dir, ["-sW", file]).Stdout.Split('\n').Single(l => l.EndsWith(" foobar", StringComparison.Ordinal)).Trim();

    private static ProcessResult LinkWild(Scratch dir, params string[] args) =>
        ProcessRunner.Run(Path.Combine(CorpusCatalog.RequireDist(), "wild"), args, dir.Dir, TimeSpan.FromMinutes(1));

    [Theory]
    [InlineData("yes", null)]
    [InlineData("no", null)]
    [InlineData("yes", "nocommon")]
    [InlineData("yes", "common")]
    [InlineData("no", "common")]
    [InlineData("no", "nocommon")]
    public void StaysALargeCommonInARelocatableLinkAsGnuLdWritesIt(string sttCommon, string? z)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "large", Source, "--64", "--elf-stt-common=" + sttCommon);
        string[] extra = z is null ? ["-r"] : ["-r", "-z", z];
        Tools.Run("ld.bfd", dir.Dir, [.. extra, obj, "-o", "ref.o"]);
        var wild = LinkWild(dir, [.. extra, obj, "-o", "wild.o"]);
        Assert.True(wild.ExitCode == 0 && wild.Stderr.Length == 0, wild.Describe());
        string expected = SymbolLine(dir, "ref.o");
        Assert.Contains("LARGE_COM", expected, StringComparison.Ordinal);
        Assert.Equal(expected[expected.IndexOf(':')..], SymbolLine(dir, "wild.o")[SymbolLine(dir, "wild.o").IndexOf(':')..]);
    }

    [Fact]
    public void IsPlacedInLbssAsGnuLdPlacesIt()
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "large", Source, "--64");
        Tools.Run("ld.bfd", dir.Dir, [obj, "-o", "ref"]);
        var wild = LinkWild(dir, obj, "-o", "wild");
        Assert.True(wild.ExitCode == 0, wild.Describe());
        foreach (string file in new[] { "ref", "wild" })
        {
            string sections = Tools.Run("readelf", dir.Dir, ["-SW", file]).Stdout;
            string lbss = sections.Split('\n').Single(l => l.Contains(" .lbss ", StringComparison.Ordinal));
            Assert.Matches(@"NOBITS\s+([0-9a-f]+)\s+[0-9a-f]+\s+0+1e\s+00\s+WAl\s", lbss);
            string line = SymbolLine(dir, file);
            Assert.Matches(@"^\d+: [0-9a-f]+\s+30 OBJECT  GLOBAL DEFAULT\s+\d+ foobar$", line);
            // .data's quad holds foobar's address: the symbol's value, inside .lbss.
            ulong address = Convert.ToUInt64(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], 16);
            string data = Tools.Run("objdump", dir.Dir, ["-s", "-j", ".data", file]).Stdout;
            string bytes = string.Concat(BitConverter.GetBytes(address).Select(b => b.ToString("x2")));
            Assert.Contains(bytes[..8] + " " + bytes[8..], data, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AMediumModelProgramWithALargeCommonArrayRunsAsWithGnuLd()
    {
        // gcc -mcmodel=medium puts data above -mlarge-data-threshold (64 KiB) in the large sections, and an
        // uninitialised array under -fcommon becomes a .largecomm.
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "medium", """
            int table[100000];
            int main(void) {
                for (int i = 0; i < 100000; i++) table[i] = i;
                long sum = 0;
                for (int i = 0; i < 100000; i++) sum += table[i];
                return sum == 4999950000L ? 42 : 1;
            }
            """, "-mcmodel=medium", "-fcommon", "-O0");
        Assert.Contains("LARGE_COM", Tools.Run("readelf", dir.Dir, ["-sW", obj]).Stdout, StringComparison.Ordinal);
        string dist = CorpusCatalog.RequireDist();
        foreach (var (linker, output) in new[] { ("", "ref"), ("-B" + dist + "/", "wild") })
        {
            string[] args = linker.Length == 0 ? [obj, "-o", output] : [linker, obj, "-o", output];
            Tools.Run("gcc", dir.Dir, args);
            var run = Tools.Exec(dir.PathOf(output));
            Assert.True(run.ExitCode == 42, run.Describe());
        }
        Assert.Contains(" .lbss ", Tools.Run("readelf", dir.Dir, ["-SW", "wild"]).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DefineCommonInARelocatableLinkIsRefusedByName()
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "large", Source, "--64");
        var wild = LinkWild(dir, "-r", "-d", obj, "-o", "wild.o");
        Assert.True(wild.ExitCode != 0 && wild.Stderr.Contains("large common symbol 'foobar'", StringComparison.Ordinal), wild.Describe());
        Assert.False(File.Exists(dir.PathOf("wild.o")));
    }
}
