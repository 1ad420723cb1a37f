// The overflow checks of x86-64's narrow fields, at each boundary, against GNU ld on the same object: R_X86_64_16,
// R_X86_64_PC16 and R_X86_64_8 are bit fields to GNU ld (a value fits from -2^n to 2^n - 1: binutils' ld-x86-64/abs
// test encodes `enter $zero - 0xff00, $zero - 0xf0`), R_X86_64_PC8 is signed. A value GNU ld takes must link to the
// same bytes; one it refuses must be refused.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class NarrowFieldOverflowTests
{
    [Theory]
    [InlineData(".word v", "-0x10000")]
    [InlineData(".word v", "-0x10001")]
    [InlineData(".word v", "0xffff")]
    [InlineData(".word v", "0x10000")]
    [InlineData(".word v - .", "-0x10000")]
    [InlineData(".word v - .", "-0x10001")]
    [InlineData(".word v - .", "0xffff")]
    [InlineData(".word v - .", "0x10000")]
    [InlineData(".byte v", "-0x100")]
    [InlineData(".byte v", "-0x101")]
    [InlineData(".byte v", "0xff")]
    [InlineData(".byte v", "0x100")]
    [InlineData(".byte v - .", "-0x80")]
    [InlineData(".byte v - .", "-0x81")]
    [InlineData(".byte v - .", "0x7f")]
    [InlineData(".byte v - .", "0x80")]
    public void FieldsFitWhereGnuLdsFit(string directive, string value)
    {
        using var dir = new Scratch();
        // .data at 0, so a PC-relative field's value is v itself.
        string obj = Tools.Assemble(dir, "field", $"""
            .text
            .globl _start
            _start:
                ret
            .data
                {directive}
            """, "--64");
        string[] args = ["--defsym", $"v={value}", "-Tdata=0", obj];
        var gnu = ProcessRunner.Run("ld.bfd", [.. args, "-o", "ref.out"], dir.Dir, TimeSpan.FromMinutes(1));
        var wild = ProcessRunner.Run(Path.Combine(CorpusCatalog.RequireDist(), "wild"), [.. args, "-o", "wild.out"], dir.Dir, TimeSpan.FromMinutes(1));
        if (gnu.ExitCode != 0)
        {
            Assert.Contains("relocation truncated to fit", gnu.Stderr, StringComparison.Ordinal);
            Assert.True(wild.ExitCode != 0, $"GNU ld refuses {directive} with v={value}; wild linked it\n{wild.Describe()}");
            Assert.Contains("out of range", wild.Stderr, StringComparison.Ordinal);
            return;
        }
        Assert.True(wild.ExitCode == 0, $"GNU ld links {directive} with v={value}\n{wild.Describe()}");
        Assert.Equal(DataWords(dir, "ref.out"), DataWords(dir, "wild.out"));
    }

    /// <summary>The bytes of .data as objdump -s prints them (the address column dropped).</summary>
    private static string DataWords(Scratch dir, string file) =>
        string.Join('|', Tools.Run("objdump", dir.Dir, ["-s", "-j", ".data", file]).Stdout.Split('\n')
            .Where(l => l.StartsWith(' ')).Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
}
