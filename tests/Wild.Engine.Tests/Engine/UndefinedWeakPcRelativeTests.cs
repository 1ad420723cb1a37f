// A PC-relative (R_X86_64_PC32) or GOT-relative (R_X86_64_GOTOFF64) reference to an undefined weak symbol: 0 in an
// executable at a fixed address, but no distance a link can write in a PIE or shared object, which moves at load time. GNU ld refuses it there
// (default or hidden visibility alike); Wild used to write the link-time distance to 0, which the loaded program
// then read as its own load address. Each case is linked by ld.bfd and by dist/wild, and both must agree.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class UndefinedWeakPcRelativeTests
{
    private static string Source(string visibility, string access) => $"""
        .text
        .globl _start
        _start:
            {access}
            mov $60, %eax
            xor %edi, %edi
            syscall
        .weak foo
        {visibility}
        """;

    private static ProcessResult LinkWith(Scratch dir, string? dist, string obj, string kind, string output)
    {
        string linker = dist is null ? "ld.bfd" : Path.Combine(dist, "wild");
        string[] kindArgs = kind switch { "pie" => ["-pie"], "shared" => ["-shared"], _ => [] };
        return ProcessRunner.Run(linker, [.. kindArgs, obj, "-o", output], dir.Dir, TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData("", "pie", "leaq foo(%rip), %rax", "R_X86_64_PC32")]
    [InlineData(".hidden foo", "pie", "leaq foo(%rip), %rax", "R_X86_64_PC32")]
    [InlineData(".hidden foo", "shared", "leaq foo(%rip), %rax", "R_X86_64_PC32")]
    [InlineData("", "shared", "leaq foo(%rip), %rax", "R_X86_64_PC32")]
    // The large model's offset from the GOT (binutils hidden4): as load-dependent as the distance from the place.
    [InlineData("", "pie", "movabs $foo@GOTOFF, %rax", "R_X86_64_GOTOFF64")]
    [InlineData(".hidden foo", "shared", "movabs $foo@GOTOFF, %rax", "R_X86_64_GOTOFF64")]
    public void IsRefusedInPositionIndependentOutputAsGnuLdRefusesIt(string visibility, string kind, string access, string relocation)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "weak", Source(visibility, access));
        var gnu = LinkWith(dir, null, obj, kind, "ref");
        var wild = LinkWith(dir, dist, obj, kind, "wild");
        Assert.True(gnu.ExitCode != 0 && gnu.Stderr.Contains(relocation + " against undefined", StringComparison.Ordinal), gnu.Describe());
        Assert.True(wild.ExitCode != 0 && wild.Stderr.Contains($"relocation {relocation} against ", StringComparison.Ordinal)
            && wild.Stderr.Contains("'foo' can not be used when making a", StringComparison.Ordinal), wild.Describe());
    }

    [Theory]
    [InlineData("leaq foo(%rip), %rax", "")]        // a fixed-address executable: the distance to 0 is known
    [InlineData("call foo@PLT", "pie")]              // a call goes through the PLT (or is resolved to 0) in a PIE
    [InlineData("movq foo@GOTPCREL(%rip), %rax", "pie")] // the GOT holds the address, as -fPIE code reads a weak symbol
    [InlineData("movabs $foo@GOTOFF, %rax", "")]     // a fixed-address executable: the GOT's address is known
    public void IsLinkedWhereTheValueIsKnownOrGoesThroughThePltOrGot(string access, string kind)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "weak", Source("", access));
        var gnu = LinkWith(dir, null, obj, kind, "ref");
        var wild = LinkWith(dir, dist, obj, kind, "wild");
        Assert.True(gnu.ExitCode == 0, gnu.Describe());
        Assert.True(wild.ExitCode == 0, wild.Describe());
    }

    [Fact]
    public void AStrongUndefinedSymbolLetThroughByNoinhibitExecIsLinkedAsGnuLdLinksIt()
    {
        // binutils pie1: the undefined reference is a warning there, and the PC32 is written as it is.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "strong", ".text\n.globl _start\n_start:\n movl foo(%rip), %eax\n");
        foreach (var (linker, output) in new[] { ("ld.bfd", "ref"), (Path.Combine(dist, "wild"), "wild") })
        {
            var r = ProcessRunner.Run(linker, ["-pie", "--noinhibit-exec", "-z", "notext", obj, "-o", output], dir.Dir, TimeSpan.FromMinutes(1));
            Assert.True(r.ExitCode == 0 && File.Exists(dir.PathOf(output)), r.Describe());
            Assert.Contains("foo", r.Stderr, StringComparison.Ordinal);
        }
    }
}
