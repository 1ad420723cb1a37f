// Symbols defined in an SHF_EXCLUDE section: a final link leaves the section out, and GNU ld takes its symbols as
// undefined there, so they neither satisfy a reference nor clash with another definition (binutils pr20513).
// Wild used to resolve references to them (to a section never written) and call a second definition a duplicate.
// Each case is linked by ld.bfd and by dist/wild; ld -r keeps the section and its symbol, as GNU ld does.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class ExcludedSectionSymbolTests
{
    private const string Caller = ".text\n.globl _start\n_start:\n call foo\n ud2\n";
    private const string Excluded = ".section .text.exclude,\"axe\",@progbits\n.globl foo\nfoo:\n ud2\n";
    private const string Regular = ".text\n.globl foo\nfoo:\n mov $60, %eax\n mov $7, %edi\n syscall\n";

    private static ProcessResult LinkWith(Scratch dir, string? dist, string output, params string[] args) =>
        ProcessRunner.Run(dist is null ? "ld.bfd" : Path.Combine(dist, "wild"), [.. args, "-o", output], dir.Dir, TimeSpan.FromMinutes(1));

    [Fact]
    public void ADefinitionOnlyInAnExcludedSectionLeavesTheReferenceUndefined()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string caller = Tools.Assemble(dir, "caller", Caller), excluded = Tools.Assemble(dir, "excluded", Excluded);
        var gnu = LinkWith(dir, null, "ref", caller, excluded);
        var wild = LinkWith(dir, dist, "wild", caller, excluded);
        Assert.True(gnu.ExitCode != 0 && gnu.Stderr.Contains("undefined reference to `foo'", StringComparison.Ordinal), gnu.Describe());
        Assert.True(wild.ExitCode != 0 && wild.Stderr.Contains("undefined symbol: foo", StringComparison.Ordinal), wild.Describe());
    }

    [Fact]
    public void ADefinitionInAnExcludedSectionDoesNotClashWithTheRealOne()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string caller = Tools.Assemble(dir, "caller", Caller), excluded = Tools.Assemble(dir, "excluded", Excluded);
        string regular = Tools.Assemble(dir, "regular", Regular);
        foreach (var (linker, output) in new[] { ((string?)null, "ref"), (dist, "wild") })
        {
            var r = LinkWith(dir, linker, output, caller, excluded, regular);
            Assert.True(r.ExitCode == 0, r.Describe());
            Assert.Equal(7, Tools.Exec(dir.PathOf(output)).ExitCode);
            Assert.DoesNotContain(".text.exclude", Tools.Run("readelf", dir.Dir, ["-SW", output]).Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RelocatableOutputKeepsTheSectionAndItsSymbol()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string caller = Tools.Assemble(dir, "caller", Caller), excluded = Tools.Assemble(dir, "excluded", Excluded);
        foreach (var (linker, output) in new[] { ((string?)null, "ref.o"), (dist, "wild.o") })
        {
            var r = LinkWith(dir, linker, output, "-r", caller, excluded);
            Assert.True(r.ExitCode == 0, r.Describe());
            Assert.Contains(".text.exclude", Tools.Run("readelf", dir.Dir, ["-SW", output]).Stdout, StringComparison.Ordinal);
            Assert.Contains(" T foo", Tools.Run("nm", dir.Dir, [output]).Stdout, StringComparison.Ordinal);
        }
    }
}
