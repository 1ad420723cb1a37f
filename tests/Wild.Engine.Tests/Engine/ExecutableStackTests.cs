// PT_GNU_STACK follows the inputs' .note.GNU-stack as GNU ld decides it: an executable note (GCC's nested-function
// trampolines), or a missing one beside objects that have it, makes the stack executable with a warning that names
// the object; -z noexecstack overrides, --no-warn-execstack silences, --error-execstack refuses. The segment's
// flags are read with ELFSharp (an independent reader).
using ELFSharp.ELF;
using ELFSharp.ELF.Segments;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class ExecutableStackTests
{
    private const string Main = "int main(void) { return 0; }\n";
    private const string NoNote = ".text\n.globl helper\nhelper: ret\n";
    private const string ExecNote = NoNote + ".section .note.GNU-stack,\"x\",@progbits\n";

    private static bool StackIsExecutable(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        var stack = elf.Segments.Single(s => (uint)s.Type == 0x6474e551);
        return (stack.Flags & SegmentFlags.Execute) != 0;
    }

    private static (ProcessResult Result, string Output) Link(Scratch dir, string asm, params string[] extra)
    {
        string dist = CorpusCatalog.RequireDist();
        string main = Tools.CompileC(dir, "main", Main);
        string helper = Tools.Assemble(dir, "helper" + extra.Length, asm);
        string output = dir.PathOf("prog" + string.Concat(extra).Replace(',', '_'));
        var r = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", main, helper, .. extra, "-o", output], dir.Dir, TimeSpan.FromMinutes(1));
        return (r, output);
    }

    [Theory]
    [InlineData(ExecNote, "requires executable stack (because the .note.GNU-stack section is executable)")]
    [InlineData(NoNote, "missing .note.GNU-stack section implies executable stack")]
    public void AnInputThatNeedsItMakesTheStackExecutableAndSaysWhich(string asm, string warning)
    {
        using var dir = new Scratch();
        var (r, output) = Link(dir, asm);
        Assert.True(r.ExitCode == 0, r.Describe());
        Assert.True(StackIsExecutable(output), "PT_GNU_STACK should be executable");
        Assert.Contains("helper0.o: " + warning, r.Stderr, StringComparison.Ordinal);

        var (quiet, quietOutput) = Link(dir, asm, "-Wl,--no-warn-execstack");
        Assert.True(quiet.ExitCode == 0, quiet.Describe());
        Assert.DoesNotContain("executable stack", quiet.Stderr, StringComparison.Ordinal);
        Assert.True(StackIsExecutable(quietOutput));
    }

    [Fact]
    public void NoExecStackOverridesTheInputsAndErrorExecStackRefuses()
    {
        using var dir = new Scratch();
        var (r, output) = Link(dir, ExecNote, "-Wl,-z,noexecstack");
        Assert.True(r.ExitCode == 0, r.Describe());
        Assert.False(StackIsExecutable(output));
        Assert.DoesNotContain("executable stack", r.Stderr, StringComparison.Ordinal);

        var (refused, refusedOutput) = Link(dir, ExecNote, "-Wl,--error-execstack");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--error-execstack forbids it", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("helper1.o", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(refusedOutput));
    }
}
