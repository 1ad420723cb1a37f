// The `wild` command on a hostile day: an output that names an input, a kill in the middle of a link, a full disk,
// an input truncated or touched while it is read, terminating signals while waiting on a pipe, address-space and
// file-size limits, names that are not UTF-8. Each test makes the fault happen deterministically: a FIFO given as
// the version script holds the link at the start of layout (after every input is mapped) until the test has done
// its damage; a tmpfs of a few pages (mounted by the test; CI runs as root) is a full disk; ulimit does the rest.
// The rules checked: never an input deleted or overwritten, never a signal death other than the signal sent, never
// an empty or partial file at the output path, never a temporary file left after anything but SIGKILL.
using System.Diagnostics;
using System.Text;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class FaultToleranceTests
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static string Wild => Path.Combine(CorpusCatalog.RequireDist(), "wild");

    private static ProcessResult RunWild(Scratch dir, params string[] args) => ProcessRunner.Run(Wild, args, dir.Dir, Minute);

    /// <summary>Runs a shell command line in <paramref name="dir"/> (for ulimit), with $WILD set to the command.</summary>
    private static ProcessResult Shell(Scratch dir, string script) =>
        ProcessRunner.Run("/bin/sh", ["-c", $"WILD='{Wild}'; {script}"], dir.Dir, Minute);

    /// <summary>A position-independent object with a few functions (no C library needed for -shared).</summary>
    private static string LibraryObject(Scratch dir, string name, int functions = 2000)
    {
        var source = new StringBuilder();
        for (int i = 0; i < functions; i++) source.Append($"int f{i}(int x) {{ return x * {i} + {i % 7}; }}\n");
        return Tools.CompileC(dir, name, source.ToString(), "-fPIC");
    }

    // Four tests need an object big enough for a link to take a while: 20,000 functions, about 25 s of gcc's CPU time,
    // compiled once per run and copied into each test's folder.
    private static readonly Lazy<byte[]> BigObjectBytes = new(() =>
    {
        using var dir = new Scratch();
        return File.ReadAllBytes(LibraryObject(dir, "big", functions: 20000));
    });

    private static string BigLibraryObject(Scratch dir) => dir.Write("big.o", BigObjectBytes.Value);

    private static void MakeFifo(string path) => Tools.Run("mkfifo", Path.GetDirectoryName(path)!, path);

    /// <summary>Starts `wild -shared OBJECT --version-script=FIFO -o OUTPUT`, waits until it opens the FIFO (layout has
    /// started: every input is mapped and resolved), runs <paramref name="meanwhile"/>, then lets it finish.</summary>
    private static ProcessResult LinkHeldAtLayout(Scratch dir, string obj, string output, Action<Process> meanwhile)
    {
        string fifo = dir.PathOf($"hold-{Guid.NewGuid():N}.map");
        MakeFifo(fifo);
        var psi = new ProcessStartInfo(Wild) { WorkingDirectory = dir.Dir, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-shared", obj, $"--version-script={fifo}", "-o", output]) psi.ArgumentList.Add(a);
        using var link = Process.Start(psi)!;
        var stderr = link.StandardError.ReadToEndAsync();
        var stdout = link.StandardOutput.ReadToEndAsync();
        var writer = Task.Run(() =>
        {
            // Opening a FIFO for writing returns once the reader has opened it: wild is then inside layout.
            var fs = new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            try
            {
                meanwhile(link);
                fs.Write("{ global: *; };\n"u8);
            }
            catch (IOException) { } // the reader is gone (the test killed it)
            finally
            {
                try { fs.Dispose(); } catch (IOException) { }
            }
        });
        Assert.True(writer.Wait(Minute), "the link never opened its version script");
        Assert.True(link.WaitForExit(Minute), "wild did not finish");
        return new ProcessResult(Wild, psi.ArgumentList.ToList(), link.ExitCode, stdout.Result, stderr.Result, false);
    }

    private static string[] Temporaries(Scratch dir) => Directory.GetFiles(dir.Dir, "*.wild-*.tmp", SearchOption.AllDirectories);

    private static bool IsRoot => Environment.UserName == "root";

    // ---- The output is one of the inputs: refused before any work, the input untouched.

    [Theory]
    [InlineData("same path")]
    [InlineData("through a symbolic link to its directory")]
    [InlineData("as a hard link")]
    [InlineData("named after a missing input")]
    [InlineData("found by -l")]
    [InlineData("a version script")]
    public void AnOutputThatIsAnInputIsRefusedAndTheInputKept(string how)
    {
        using var dir = new Scratch();
        string obj = LibraryObject(dir, "h", functions: 3);
        byte[] before = File.ReadAllBytes(obj);
        Directory.CreateDirectory(dir.PathOf("real"));
        string inReal = dir.PathOf("real/h.o");
        File.Copy(obj, inReal);
        string[] args;
        string input;
        switch (how)
        {
            case "same path":
                (args, input) = (["-shared", "h.o", "-o", "h.o"], obj);
                break;
            case "through a symbolic link to its directory":
                File.CreateSymbolicLink(dir.PathOf("link"), dir.PathOf("real"));
                (args, input) = (["-shared", "link/h.o", "-o", "real/h.o"], inReal);
                break;
            case "as a hard link":
                Tools.Run("ln", dir.Dir, obj, dir.PathOf("hard.o"));
                (args, input) = (["-shared", "h.o", "-o", "hard.o"], obj);
                break;
            case "named after a missing input":
                (args, input) = (["-shared", "missing.o", "h.o", "-o", "h.o"], obj);
                break;
            case "found by -l":
                Tools.Run("ar", dir.Dir, "rcs", "libh.a", obj);
                before = File.ReadAllBytes(dir.PathOf("libh.a"));
                (args, input) = (["-shared", "-L.", "--whole-archive", "-lh", "-o", "libh.a"], dir.PathOf("libh.a"));
                break;
            default:
                File.WriteAllText(dir.PathOf("v.map"), "{ global: *; };\n");
                before = File.ReadAllBytes(dir.PathOf("v.map"));
                (args, input) = (["-shared", "h.o", "--version-script=v.map", "-o", "v.map"], dir.PathOf("v.map"));
                break;
        }
        var r = RunWild(dir, args);
        Assert.True(r.ExitCode == 1, r.Describe());
        Assert.Contains("is the same as output file", r.Stderr);
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.Empty(Temporaries(dir));
    }

    [Fact]
    public void AReportThatWouldOverwriteAnInputIsRefusedBeforeTheLink()
    {
        using var dir = new Scratch();
        string obj = LibraryObject(dir, "h", functions: 3);
        byte[] before = File.ReadAllBytes(obj);
        var r = RunWild(dir, "-shared", "h.o", "-Map=h.o", "-o", "lib.so");
        Assert.True(r.ExitCode == 1, r.Describe());
        Assert.Contains("cannot write link map to h.o", r.Stderr);
        Assert.Equal(before, File.ReadAllBytes(obj));
        Assert.False(File.Exists(dir.PathOf("lib.so")));
    }

    // ---- The old output stays at its path until the new one is complete.

    [Fact]
    public void AKillDuringTheLinkLeavesTheOldOutputInPlace()
    {
        using var dir = new Scratch();
        string obj = LibraryObject(dir, "big");
        string output = dir.PathOf("lib.so");
        byte[] old = Encoding.ASCII.GetBytes("the previous output\n");
        File.WriteAllBytes(output, old);
        var r = LinkHeldAtLayout(dir, obj, output, link => link.Kill());
        Assert.NotEqual(0, r.ExitCode);
        Assert.Equal(old, File.ReadAllBytes(output));
    }

    [Fact]
    public void AKillAtAnyMomentLeavesTheOldOutputOrTheCompleteNewOne()
    {
        using var dir = new Scratch();
        string obj = BigLibraryObject(dir);
        var reference = RunWild(dir, "-shared", obj, "-o", "reference.so");
        Assert.True(reference.ExitCode == 0, reference.Describe());
        byte[] complete = File.ReadAllBytes(dir.PathOf("reference.so"));
        byte[] old = Encoding.ASCII.GetBytes("old");
        string output = dir.PathOf("lib.so");
        foreach (int delayMs in (int[])[0, 3, 6, 10, 15, 20, 30, 45])
        {
            File.WriteAllBytes(output, old);
            var psi = new ProcessStartInfo(Wild) { WorkingDirectory = dir.Dir, RedirectStandardError = true };
            foreach (var a in (string[])["-shared", obj, "-o", output]) psi.ArgumentList.Add(a);
            using var link = Process.Start(psi)!;
            Thread.Sleep(delayMs);
            try { link.Kill(); } catch (InvalidOperationException) { }
            Assert.True(link.WaitForExit(Minute));
            byte[] now = File.ReadAllBytes(output);
            Assert.True(now.AsSpan().SequenceEqual(old) || now.AsSpan().SequenceEqual(complete),
                $"after SIGKILL at {delayMs} ms the output is neither the old file nor the complete new one ({now.Length} bytes)");
            foreach (string t in Temporaries(dir)) File.Delete(t); // SIGKILL cannot be handled: its temporary may stay
        }
    }

    // ---- A full disk, a file-size limit, a read-only file system: errors that name the output, no temporaries.

    /// <summary>Runs <paramref name="test"/> with a tmpfs mounted at <paramref name="name"/> in the scratch directory.</summary>
    private static void WithTmpfs(Scratch dir, string name, string options, Action<string> test)
    {
        Assert.True(IsRoot, "this test mounts a small tmpfs and must run as root (CI does)");
        string mount = dir.PathOf(name);
        Directory.CreateDirectory(mount);
        Tools.Run("mount", dir.Dir, "-t", "tmpfs", "-o", options, "tmpfs", mount);
        try
        {
            test(mount);
        }
        finally
        {
            ProcessRunner.Run("umount", ["-l", mount], dir.Dir, Minute);
        }
    }

    [Fact]
    public void AFullDiskIsAnErrorNamingTheOutputNotASignal()
    {
        using var dir = new Scratch();
        string obj = BigLibraryObject(dir);
        WithTmpfs(dir, "full", "size=64k", full =>
        {
            var r = RunWild(dir, "-shared", obj, "-o", "full/lib.so");
            Assert.True(r.ExitCode == 1, r.Describe());
            Assert.Contains("wild: error: full/lib.so: No space left on device", r.Stderr);
            Assert.DoesNotContain(".wild-", r.Stderr);
            Assert.Empty(Directory.GetFileSystemEntries(full));

            // -o /dev/null builds its image in the temporary directory: a full one is the same clear error.
            var devNull = ProcessRunner.Run(Wild, ["-shared", obj, "-o", "/dev/null"], dir.Dir, Minute,
                [new("TMPDIR", full), new("PATH", "/usr/bin:/bin")]);
            Assert.True(devNull.ExitCode == 1, devNull.Describe());
            Assert.Contains("/dev/null: No space left on device", devNull.Stderr);
            Assert.Empty(Directory.GetFileSystemEntries(full));
            Assert.True(OutputFileIsCharacterDevice("/dev/null"));
        });
    }

    private static bool OutputFileIsCharacterDevice(string path) =>
        ProcessRunner.Run("test", ["-c", path], "/", Minute).ExitCode == 0;

    [Fact]
    public void AReadOnlyFileSystemIsAnErrorNamingTheOutput()
    {
        using var dir = new Scratch();
        string obj = LibraryObject(dir, "h", functions: 3);
        WithTmpfs(dir, "ro", "ro,size=64k", _ =>
        {
            var r = RunWild(dir, "-shared", obj, "-o", "ro/lib.so");
            Assert.True(r.ExitCode == 1, r.Describe());
            Assert.Contains("cannot open output file ro/lib.so: Read-only file system", r.Stderr);
            Assert.DoesNotContain(".wild-", r.Stderr);
        });
    }

    [Fact]
    public void AFileSizeLimitIsAnErrorNotSigxfsz()
    {
        using var dir = new Scratch();
        string obj = BigLibraryObject(dir);
        // ulimit -f counts 512-byte blocks in dash: 64 KiB, well below the library's size.
        var r = Shell(dir, $"ulimit -f 128; exec \"$WILD\" -shared {obj} -o lib.so");
        Assert.True(r.ExitCode == 1, r.Describe());
        Assert.Contains("lib.so: File too large", r.Stderr);
        Assert.Empty(Temporaries(dir));
        Assert.False(File.Exists(dir.PathOf("lib.so")));
    }

    // ---- Inputs that change while they are read.

    [Fact]
    public void AnInputTruncatedDuringTheLinkIsNamedNotASigbus()
    {
        using var dir = new Scratch();
        string obj = BigLibraryObject(dir);
        string output = dir.PathOf("lib.so");
        var r = LinkHeldAtLayout(dir, obj, output, _ =>
        {
            using var f = new FileStream(obj, FileMode.Open, FileAccess.Write);
            f.SetLength(0);
        });
        Assert.True(r.ExitCode == 1, r.Describe());
        Assert.Contains($"wild: error: {obj}: file changed or was truncated during the link", r.Stderr);
        Assert.Empty(Temporaries(dir));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AnInputTouchedDuringTheLinkDoesNotFailIt()
    {
        using var dir = new Scratch();
        string obj = LibraryObject(dir, "big");
        string output = dir.PathOf("lib.so");
        var r = LinkHeldAtLayout(dir, obj, output, _ => File.SetLastWriteTimeUtc(obj, DateTime.UtcNow.AddMinutes(1)));
        Assert.True(r.ExitCode == 0, r.Describe());
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void AnInputReplacedDuringTheLinkFailsIt()
    {
        using var dir = new Scratch();
        string obj = LibraryObject(dir, "big");
        string output = dir.PathOf("lib.so");
        File.WriteAllText(output, "old");
        var r = LinkHeldAtLayout(dir, obj, output, _ =>
        {
            File.Copy(obj, obj + ".new");
            File.Move(obj + ".new", obj, overwrite: true);
        });
        Assert.True(r.ExitCode == 1, r.Describe());
        Assert.Contains($"{obj}: input file changed during the link", r.Stderr);
        // A failed link removes the old output, as GNU ld does; never leaves a temporary.
        Assert.False(File.Exists(output));
        Assert.Empty(Temporaries(dir));
    }

    // ---- Terminating signals end the process at once, by that signal, with nothing left behind.

    [Theory]
    [InlineData("TERM", 15)]
    [InlineData("INT", 2)]
    [InlineData("HUP", 1)]
    public void ATerminatingSignalEndsALinkWaitingOnAPipeAtOnce(string signal, int number)
    {
        using var dir = new Scratch();
        string fifo = dir.PathOf("input.o");
        MakeFifo(fifo);
        File.WriteAllText(dir.PathOf("out"), "old");
        var psi = new ProcessStartInfo(Wild) { WorkingDirectory = dir.Dir, RedirectStandardError = true };
        foreach (var a in (string[])[fifo, "-o", "out"]) psi.ArgumentList.Add(a);
        using var link = Process.Start(psi)!;
        Thread.Sleep(300); // inside open(2) of the FIFO, which no reader-side cancellation can interrupt
        // kill(2) directly, so the clock measures wild's reaction, not how long starting kill(1) takes on a loaded machine.
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, SendSignal(link.Id, number));
        Assert.True(link.WaitForExit(TimeSpan.FromSeconds(5)), $"wild still runs 5 s after SIG{signal}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"SIG{signal} took {clock.Elapsed.TotalMilliseconds:F0} ms to end wild");
        // Died by the signal itself (128+N as the shell reports it), not by another one or an exit code.
        Assert.Equal(128 + number, link.ExitCode);
        Assert.Equal("old", File.ReadAllText(dir.PathOf("out")));
        Assert.Empty(Temporaries(dir));
    }

    // ---- Memory limits: a link that fits succeeds, one that does not is "out of memory", never a signal.

    [Fact]
    public void UnderAnAddressSpaceLimitALinkSucceedsOrRunsOutOfMemoryCleanly()
    {
        using var dir = new Scratch();
        // 24 MiB of input: large enough for the link to ask the GC for a no-collection region, which under
        // ulimit -v used to reserve more than the limit and die by SIGSEGV inside the runtime.
        string data = Tools.Assemble(dir, "data", ".globl _start\n.text\n_start:\n mov $60, %eax\n xor %edi, %edi\n syscall\n" +
            ".data\n.fill 25165824, 1, 7\n");
        // Below about 150 MiB the .NET runtime itself cannot start (exit 255 before wild's code runs): not tested.
        foreach (int megabytes in (int[])[256, 320, 384, 512, 768, 1024, 2048, 4096])
        {
            var r = Shell(dir, $"ulimit -v {megabytes * 1024}; exec \"$WILD\" {data} -o prog");
            // Near the bottom of the range the runtime now and then fails to reserve its start-up address space and
            // exits 255 with nothing on stderr before any of wild's code runs (measured: about 1 start in 100 at
            // 256 MiB, with this build and the previous ones alike). One retry tells that apart from a real failure.
            if (r.ExitCode == 255 && r.Stderr.Length == 0)
                r = Shell(dir, $"ulimit -v {megabytes * 1024}; exec \"$WILD\" {data} -o prog");
            Assert.True(r.ExitCode is 0 or 1 && !r.Stderr.Contains("internal error"), $"ulimit -v {megabytes} MiB:\n{r.Describe()}");
            if (r.ExitCode == 1) Assert.Contains("out of memory", r.Stderr);
            if (megabytes >= 1024) Assert.True(r.ExitCode == 0, $"ulimit -v {megabytes} MiB is plenty:\n{r.Describe()}");
            Assert.Empty(Temporaries(dir));
        }
        Tools.AssertRuns(dir.PathOf("prog"), 0, "");
    }

    // ---- Paths are bytes: a name that is not UTF-8 is refused, never replaced by another name.

    [Fact]
    public void ANameThatIsNotUtf8IsRefusedNotRenamed()
    {
        using var dir = new Scratch();
        LibraryObject(dir, "h", functions: 3);
        var output = Shell(dir, "exec \"$WILD\" -shared h.o -o \"$(printf 'out\\377')\"");
        Assert.True(output.ExitCode == 1, output.Describe());
        Assert.Contains("argument 'out\\xff' is not valid UTF-8", output.Stderr);
        Assert.Empty(Directory.GetFiles(dir.Dir, "out*"));

        var input = Shell(dir, "cp h.o \"$(printf 'in\\377.o')\" && exec \"$WILD\" -shared \"$(printf 'in\\377.o')\" -o lib.so");
        Assert.True(input.ExitCode == 1, input.Describe());
        Assert.Contains("argument 'in\\xff.o' is not valid UTF-8", input.Stderr);
        Assert.False(File.Exists(dir.PathOf("lib.so")));
    }
}
