// When the output has a PT_GNU_STACK and what it holds, compared with GNU ld 2.40 on freestanding assembly: none when
// no input has .note.GNU-stack (and so one program header fewer, which moves everything after SIZEOF_HEADERS), one
// when -z execstack/noexecstack or -z stack-size asks, and a PHDRS script's own PT_GNU_STACK with only its FLAGS.
using System.Text.RegularExpressions;
using Wild.Engine.Tests.Corpus;
using static Wild.Engine.Tests.Engine.ScriptLinkSupport;

namespace Wild.Engine.Tests.Engine;

public sealed class StackHeaderTests
{
    private const string Start = ".text\n.globl _start\n_start:\n  mov $60, %eax\n  mov $7, %edi\n  syscall\n";
    private const string Note = ".section .note.GNU-stack,\"\",@progbits\n";
    private static readonly string[] Bare = ["-static", "-nostdlib", "-Wl,--build-id=none"];

    /// <summary>readelf's PT_GNU_STACK lines, alignment included.</summary>
    private static List<string> StackLines(Scratch dir, string file) =>
        Regex.Matches(Tools.Run("readelf", dir.Dir, "-lW", file).Stdout, @"^\s*GNU_STACK\s.*$", RegexOptions.Multiline)
            .Select(m => Regex.Replace(m.Value.Trim(), @"\s+", " ")).ToList();

    [Theory]
    [InlineData(false, new string[0], 0)]
    [InlineData(true, new string[0], 1)]
    [InlineData(false, new[] { "-Wl,-z,noexecstack" }, 1)]
    [InlineData(false, new[] { "-Wl,-z,execstack" }, 1)]
    [InlineData(false, new[] { "-Wl,-z,stack-size=0x100000" }, 1)]
    [InlineData(true, new[] { "-Wl,-z,stack-size=0x200000" }, 1)]
    public void TheStackHeaderIsWrittenWhenGnuLdWritesIt(bool note, string[] options, int expected)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "start", Start);
        string[] more = note ? [Tools.Assemble(dir, "note", ".text\n" + Note)] : [];
        var (gnu, wild) = LinkBoth(dir, [.. Bare, .. options, obj, .. more]);
        Assert.Equal(expected, StackLines(dir, gnu).Count);
        Assert.Equal(StackLines(dir, gnu), StackLines(dir, wild));
        // One header fewer moves the code that follows the headers: the whole layout matches GNU ld's.
        Assert.Equal(ProgramHeaders(dir, gnu), ProgramHeaders(dir, wild));
        Assert.Equal(Symbol(dir, gnu, "_start"), Symbol(dir, wild, "_start"));
        AssertSameRun(gnu, wild, 7);
    }

    [Theory]
    [InlineData("stack PT_GNU_STACK;", new string[0])]
    [InlineData("stack PT_GNU_STACK FLAGS(7);", new[] { "-Wl,-z,stack-size=0x2000" })]
    [InlineData("stack PT_GNU_STACK;", new[] { "-Wl,-z,execstack" })]
    public void APhdrsStackHeaderHasOnlyItsFlags(string stack, string[] options)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "start", Start + Note);
        string script = dir.Write("stack.ld",
            "PHDRS { text PT_LOAD FILEHDR PHDRS; " + stack + " }\n"
            + "SECTIONS { . = 0x400000 + SIZEOF_HEADERS; .text : { *(.text) } :text }\n");
        var (gnu, wild) = LinkBoth(dir, [.. Bare, .. options, "-Wl,-T," + script, obj]);
        Assert.Single(StackLines(dir, gnu));
        Assert.Equal(StackLines(dir, gnu), StackLines(dir, wild));
        Assert.Equal(ProgramHeaders(dir, gnu), ProgramHeaders(dir, wild));
        AssertSameRun(gnu, wild, 7);
    }
}
