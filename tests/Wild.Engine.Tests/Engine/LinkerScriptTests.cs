// The library-script subset (GROUP, INPUT, AS_NEEDED, OUTPUT_FORMAT, comments) parsed into InputSpecs,
// rejection of layout commands and broken syntax, and script expansion in a link (self-inclusion is an
// error, not a hang; a script named twice is not self-inclusion). Layout scripts (-T) are out of scope.
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Engine.Tests.Engine;

public sealed class LinkerScriptTests
{
    private const string ScriptPath = "/nonexistent/dir/libx.a";

    private static List<InputSpec> Parse(string text, InputModifiers modifiers = default) =>
        LinkerScript.Parse(ScriptPath, Encoding.UTF8.GetBytes(text), modifiers, []);

    private static LinkException ParseError(string text) =>
        Assert.Throws<LinkException>(() => Parse(text));

    private static InputSpec.File F(string path, bool asNeeded = false, bool whole = false) =>
        new(path, new InputModifiers(whole, asNeeded, false));

    [Fact]
    public void DebianLibcStyleScriptParsesIntoAGroup()
    {
        var specs = Parse("""
            /* GNU ld script
               Use the shared library, but some functions are only in
               the static library, so try that secondarily.  */
            OUTPUT_FORMAT(elf64-x86-64)
            GROUP ( /lib/x86_64-linux-gnu/libc.so.6 /usr/lib/x86_64-linux-gnu/libc_nonshared.a  AS_NEEDED ( /lib64/ld-linux-x86-64.so.2 ) )
            """);
        Assert.Equal<InputSpec>(
        [
            new InputSpec.GroupStart(),
            F("/lib/x86_64-linux-gnu/libc.so.6"),
            F("/usr/lib/x86_64-linux-gnu/libc_nonshared.a"),
            F("/lib64/ld-linux-x86-64.so.2", asNeeded: true),
            new InputSpec.GroupEnd(),
        ], specs);
    }

    [Fact]
    public void InputListsLibrariesAndFilesWithoutAGroup()
    {
        var specs = Parse("INPUT(-lfoo, -l:libbar.a , /abs/one.o,relative.o)");
        Assert.Equal<InputSpec>(
        [
            new InputSpec.Library("foo", false, default),
            new InputSpec.Library("libbar.a", true, default),
            F("/abs/one.o"),
            // A bare file name that is not in the working directory is searched along -L, as GNU ld does
            // (Debian's libgcc_s.so names libgcc_s.so.1 this way).
            new InputSpec.Library("relative.o", true, default),
        ], specs);
    }

    [Fact]
    public void SeveralCommandsCommentsAndSemicolonsKeepTheirOrder()
    {
        var specs = Parse("OUTPUT_FORMAT(\"elf64-x86-64\", \"elf64-x86-64\", \"elf64-x86-64\") ; /* a */ INPUT(/a.o) /* b */ ; GROUP(/b.a) INPUT(/c.o)");
        Assert.Equal<InputSpec>(
            [F("/a.o"), new InputSpec.GroupStart(), F("/b.a"), new InputSpec.GroupEnd(), F("/c.o")], specs);
    }

    [Fact]
    public void ModifiersOfTheNamingPositionApplyToEveryFile()
    {
        var whole = new InputModifiers(WholeArchive: true, AsNeeded: false, StaticOnly: true);
        var specs = Parse("GROUP(/a.a AS_NEEDED(-lz))", whole);
        Assert.Equal<InputSpec>(
        [
            new InputSpec.GroupStart(),
            new InputSpec.File("/a.a", whole),
            new InputSpec.Library("z", false, whole with { AsNeeded = true }),
            new InputSpec.GroupEnd(),
        ], specs);
    }

    [Fact]
    public void EmptyGroupIsAnEmptyGroup()
    {
        Assert.Equal<InputSpec>([new InputSpec.GroupStart(), new InputSpec.GroupEnd()], Parse("GROUP ( )"));
    }

    [Fact]
    public void SectionsAfterAKnownCommandIsUnsupportedInputNamingIt()
    {
        var e = ParseError("OUTPUT_FORMAT(elf64-x86-64)\nSECTIONS { .text : { *(.text) } }\n");
        Assert.Equal(ErrorId.UnsupportedInput, e.Id);
        Assert.Contains("SECTIONS", e.Message);
        Assert.Contains(ScriptPath, e.Message);
    }

    /// <summary>
    /// A script that opens with a layout command is still a linker script (ld accepts it as an implicit
    /// script); reporting it as "file format not recognized" hides why the link failed.
    /// </summary>
    [Theory]
    [InlineData("SECTIONS { .text : { *(.text) } }\n", "SECTIONS")]
    [InlineData("/* layout */\nMEMORY { rom (rx) : ORIGIN = 0, LENGTH = 4K }\n", "MEMORY")]
    [InlineData("ENTRY(_start)\nINPUT(/a.o)\n", "ENTRY")]
    public void LeadingLayoutCommandIsUnsupportedInputNamingIt(string text, string command)
    {
        var e = ParseError(text);
        Assert.Equal(ErrorId.UnsupportedInput, e.Id);
        Assert.Contains(command, e.Message);
    }

    [Fact]
    public void ProseIsNotAScript()
    {
        var e = ParseError("hello, this is a README\n");
        Assert.Equal(ErrorId.NotElf, e.Id);
        Assert.Contains(ScriptPath, e.Message);
    }

    [Theory]
    [InlineData("/* never closed\nGROUP(/a.a)", "comment")]
    [InlineData("GROUP(/a.a", "unterminated")]
    [InlineData("INPUT(\"/a.o)", "unterminated")]
    [InlineData("OUTPUT_FORMAT(elf64-x86-64", "unterminated")]
    [InlineData("GROUP /a.a", "expected '('")]
    public void BrokenSyntaxIsAnErrorNamingTheScript(string text, string what)
    {
        var e = ParseError(text);
        Assert.Equal(ErrorId.MalformedLinkerScript, e.Id);
        Assert.Contains(what, e.Message);
        Assert.Contains(ScriptPath, e.Message);
    }

    // ---- Scripts inside a link.

    private const string ExitAsm = ".globl _start\n.text\n_start:\n call helper\n mov %eax, %edi\n mov $60, %eax\n syscall\n";
    private const string HelperAsm = ".globl helper\n.text\nhelper:\n mov $42, %eax\n ret\n";

    [Fact]
    public void ScriptInALinkExpandsToItsArchives()
    {
        using var dir = new Scratch();
        string main = Tools.Assemble(dir, "main", ExitAsm);
        Tools.Assemble(dir, "helper", HelperAsm);
        Tools.Run("ar", dir.Dir, ["rcs", "libreal.a", "helper.o"]);
        dir.Write("libwrap.a", "/* GNU ld script */\nOUTPUT_FORMAT(elf64-x86-64)\nGROUP ( libreal.a )\n");
        string output = dir.PathOf("prog");

        Tools.Link(new LinkOptions
        {
            OutputPath = output,
            Inputs = [new InputSpec.File(main, default), new InputSpec.Library("wrap", false, new InputModifiers(false, false, true))],
            LibraryPaths = [dir.Dir],
        });
        Tools.AssertRuns(output, 42, "");
    }

    [Fact]
    public void ScriptThatIncludesItselfIsAnErrorNotAHang()
    {
        using var dir = new Scratch();
        string main = Tools.Assemble(dir, "main", ExitAsm);
        string self = dir.PathOf("self.ld");
        File.WriteAllText(self, $"GROUP ( {self} )\n");

        var e = LinkWithTimeout(Tools.Bare(dir.PathOf("prog"), main, self));
        Assert.Contains("self.ld", e.FullMessage);
    }

    [Fact]
    public void ScriptsThatIncludeEachOtherAreAnErrorNotAHang()
    {
        using var dir = new Scratch();
        string main = Tools.Assemble(dir, "main", ExitAsm);
        dir.Write("libping.a", "INPUT(-lpong)\n");
        dir.Write("libpong.a", "INPUT(-lping)\n");
        var options = new LinkOptions
        {
            OutputPath = dir.PathOf("prog"),
            Inputs = [new InputSpec.File(main, default), new InputSpec.Library("ping", false, new InputModifiers(false, false, true))],
            LibraryPaths = [dir.Dir],
        };
        var e = LinkWithTimeout(options);
        Assert.Contains("lib", e.FullMessage);
    }

    /// <summary>
    /// Naming the same script library twice is ordinary (`-lm -lm`, and Debian's libm.a is a GROUP script);
    /// GNU ld links it. Only a script reached from itself is a loop.
    /// </summary>
    [Fact]
    public void SameScriptNamedTwiceIsNotSelfInclusion()
    {
        using var dir = new Scratch();
        string main = Tools.Assemble(dir, "main", ExitAsm);
        Tools.Assemble(dir, "helper", HelperAsm);
        Tools.Run("ar", dir.Dir, ["rcs", "libreal.a", "helper.o"]);
        dir.Write("libwrap.a", "GROUP ( libreal.a )\n");
        var lib = new InputSpec.Library("wrap", false, new InputModifiers(false, false, true));
        string output = dir.PathOf("prog");

        Tools.Link(new LinkOptions { OutputPath = output, Inputs = [new InputSpec.File(main, default), lib, lib], LibraryPaths = [dir.Dir] });
        Tools.AssertRuns(output, 42, "");
    }

    private static LinkException LinkWithTimeout(LinkOptions options)
    {
        var task = Task.Run(() => Assert.Throws<LinkException>(() => Tools.Link(options)));
        Assert.True(task.Wait(TimeSpan.FromSeconds(60)), "the link did not finish: script expansion loops");
        var e = task.Result;
        Assert.Equal(ErrorId.MalformedLinkerScript, e.Id);
        Assert.Contains("includes itself", e.Message);
        Assert.False(File.Exists(options.OutputPath));
        return e;
    }
}
