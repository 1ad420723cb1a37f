// A GOT load whose addend is not the -4 of foo@GOTPCREL(%rip) (foo@GOTPCREL+1, +4: binutils' mov2 and pr26939)
// reads beside the GOT slot; rewriting it to lea of foo itself (the GOTPCRELX relaxation) would load another value.
// GNU ld keeps the mov and its GOT slot, and so must Wild; the plain form is still relaxed by both.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class GotLoadAddendTests
{
    private static string Source(string operand) => $"""
        .text
        .globl foo
        .type foo, @function
        foo:
            ret
        .globl _start
        _start:
            movq foo@GOTPCREL{operand}(%rip), %rax
        """;

    /// <summary>What _start's mov became: "mov" (still a load through the GOT), "lea", or the instruction itself.</summary>
    private static string Opcode(Scratch dir, string output)
    {
        string dump = Tools.Run("objdump", dir.Dir, ["-d", "--no-show-raw-insn", output]).Stdout;
        int start = dump.IndexOf("<_start>:", StringComparison.Ordinal);
        Assert.True(start >= 0, dump);
        string line = dump[start..].Split('\n')[1];
        if (line.Contains("lea ", StringComparison.Ordinal)) return "lea";
        // A load through the GOT; GNU ld's non-PIE mov $imm is a relaxation too, and reads as itself.
        return line.Contains("mov ", StringComparison.Ordinal) && line.Contains("(%rip)", StringComparison.Ordinal) ? "mov" : line.Trim();
    }

    [Theory]
    [InlineData("", "-pie", "lea")]
    [InlineData("", "-shared", "mov")]       // foo may be preempted: its GOT slot stays
    [InlineData("+1", "-pie", "mov")]
    [InlineData("+1", "-shared", "mov")]
    [InlineData("+4", "-pie", "mov")]
    [InlineData("+4", "--no-pie", "mov")]
    public void OnlyThePlainAddendIsRelaxed(string operand, string kind, string expected)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "got", Source(operand), "--64", "-mrelax-relocations=yes");
        foreach (var (linker, output) in new[] { ("ld.bfd", "ref"), (Path.Combine(dist, "wild"), "wild") })
        {
            var r = ProcessRunner.Run(linker, [kind, obj, "-o", output], dir.Dir, TimeSpan.FromMinutes(1));
            Assert.True(r.ExitCode == 0, r.Describe());
            Assert.Equal(expected, Opcode(dir, output));
        }
    }
}
