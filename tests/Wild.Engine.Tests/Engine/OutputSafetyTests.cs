// The output file's life cycle through the `wild` command: it is written to a temporary file in the target
// directory and renamed over -o, so a program that is running can be relinked in place; the executable mode
// follows the umask; a failed link leaves neither the old output nor a temporary file behind; a target that
// is not a regular file (a pipe here, /dev/null in build scripts) is written to and never replaced or deleted.
using System.Diagnostics;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class OutputSafetyTests
{
    private static string CompileProgram(Scratch dir, string name, string message) =>
        Tools.CompileC(dir, name,
            "#include <stdio.h>\n#include <unistd.h>\nint main(int argc, char **argv) {\n" +
            $"  puts(\"{message}\"); fflush(stdout);\n  if (argc > 1) sleep(30);\n  return 0;\n}}\n");

    private static ProcessResult Link(Scratch dir, string obj, string output, string? shellPrefix = null)
    {
        string dist = CorpusCatalog.RequireDist();
        string gcc = $"gcc -B {dist.TrimEnd('/')}/ {obj} -o {output}";
        return ProcessRunner.Run("/bin/sh", ["-c", (shellPrefix ?? "") + gcc], dir.Dir, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void RelinkingARunningProgramReplacesItWithoutDisturbingIt()
    {
        using var dir = new Scratch();
        string exe = dir.PathOf("app");
        Assert.Equal(0, Link(dir, CompileProgram(dir, "v1", "version 1"), exe).ExitCode);
        using var running = Process.Start(new ProcessStartInfo(exe, "wait") { RedirectStandardOutput = true })!;
        try
        {
            Assert.Equal("version 1", running.StandardOutput.ReadLine());
            // Writing into the running file would fail with ETXTBSY (or corrupt it); a rename does neither.
            var relink = Link(dir, CompileProgram(dir, "v2", "version 2"), exe);
            Assert.True(relink.ExitCode == 0, relink.Describe());
            Assert.False(running.HasExited, "the running program must not be disturbed by the relink");
            Assert.Equal("version 2\n", Tools.Run(exe, dir.Dir).Stdout);
        }
        finally
        {
            running.Kill();
        }
        Assert.Empty(Directory.GetFiles(dir.Dir, "*.tmp"));
    }

    [Theory]
    [InlineData("022", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
        | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute)]
    [InlineData("077", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)]
    public void ExecutableModeFollowsTheUmask(string umask, UnixFileMode expected)
    {
        using var dir = new Scratch();
        string exe = dir.PathOf("app");
        var r = Link(dir, CompileProgram(dir, "m", "mode"), exe, $"umask {umask}; ");
        Assert.True(r.ExitCode == 0, r.Describe());
        UnixFileMode? mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(exe);
        Assert.Equal(expected, mode);
    }

    [Fact]
    public void FailedLinkRemovesTheOldOutputAndLeavesNoTemporaryFile()
    {
        using var dir = new Scratch();
        string exe = dir.PathOf("app");
        Assert.Equal(0, Link(dir, CompileProgram(dir, "ok", "fine"), exe).ExitCode);
        string broken = Tools.CompileC(dir, "broken", "int missing(void);\nint main(void) { return missing(); }\n");
        var r = Link(dir, broken, exe);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("undefined symbol: missing", r.Stderr);
        // GNU ld deletes the old output too: a stale binary must not pass for the new one.
        Assert.False(File.Exists(exe));
        Assert.Empty(Directory.GetFiles(dir.Dir, ".app*"));
    }

    private static void MakeFifo(string path)
    {
        var r = ProcessRunner.Run("mkfifo", [path], Path.GetDirectoryName(path)!, TimeSpan.FromSeconds(30));
        Assert.True(r.ExitCode == 0, r.Describe());
    }

    private static bool IsFifo(string path) =>
        ProcessRunner.Run("test", ["-p", path], Path.GetDirectoryName(path)!, TimeSpan.FromSeconds(30)).ExitCode == 0;

    [Fact]
    public async Task AnOutputThatIsAPipeIsWrittenToAndStaysAPipe()
    {
        using var dir = new Scratch();
        string fifo = dir.PathOf("out.pipe");
        MakeFifo(fifo);
        var reader = Task.Run(() => File.ReadAllBytes(fifo));
        var r = Link(dir, CompileProgram(dir, "p", "piped"), fifo);
        Assert.True(r.ExitCode == 0, r.Describe());
        byte[] written = await reader.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, written[..4]);
        Assert.True(IsFifo(fifo), "the pipe was replaced");
        Assert.Empty(Directory.GetFiles(dir.Dir, "*.tmp"));
    }

    [Fact]
    public void AFailedLinkLeavesAPipeOutputInPlace()
    {
        using var dir = new Scratch();
        string fifo = dir.PathOf("out.pipe");
        MakeFifo(fifo);
        string broken = Tools.CompileC(dir, "broken", "int missing(void);\nint main(void) { return missing(); }\n");
        var r = Link(dir, broken, fifo);
        Assert.NotEqual(0, r.ExitCode);
        // GNU ld deletes a regular file; a device or pipe (-o /dev/null) is not the linker's to remove.
        Assert.True(IsFifo(fifo), "the failed link removed the pipe");
    }
}
