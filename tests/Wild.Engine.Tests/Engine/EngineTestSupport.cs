// Shared helpers for the engine tests: scratch directories, running gcc/as/ar, and turning gcc's own
// `ld` command line for a static (or static-pie) C program into LinkOptions through wild's CLI parser.
// The tests call Linker.Link in-process; nothing here links or checks output itself.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Cli;
using Wild.Engine.Diagnostics;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

/// <summary>A scratch directory deleted after the test.</summary>
internal sealed class Scratch : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("wild-engine-test-").FullName;

    public string PathOf(string name) => Path.Combine(Dir, name);

    public string Write(string name, string text)
    {
        string p = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, text);
        return p;
    }

    public string Write(string name, byte[] bytes)
    {
        string p = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

internal static class Tools
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs a tool and fails the test (with its output) unless it exits 0.</summary>
    public static ProcessResult Run(string tool, string cwd, params string[] args)
    {
        var r = ProcessRunner.Run(tool, args, cwd, Timeout);
        Assert.True(!r.TimedOut && r.ExitCode == 0, $"{tool} failed (gcc, as and ar are required by these tests):\n{r.Describe()}");
        return r;
    }

    /// <summary>Compiles C source to an object in <paramref name="dir"/>.</summary>
    public static string CompileC(Scratch dir, string name, string source, params string[] flags)
    {
        string c = dir.Write(name + ".c", source);
        string o = dir.PathOf(name + ".o");
        Run("gcc", dir.Dir, ["-c", "-O1", .. flags, c, "-o", o]);
        return o;
    }

    /// <summary>Assembles GNU as source to an object in <paramref name="dir"/>.</summary>
    public static string Assemble(Scratch dir, string name, string source, params string[] flags)
    {
        string s = dir.Write(name + ".s", source);
        string o = dir.PathOf(name + ".o");
        Run("as", dir.Dir, [.. flags, s, "-o", o]);
        return o;
    }

    /// <summary>
    /// The LinkOptions wild would get from `gcc -static[-pie] objects -o output`: gcc runs with a logging
    /// `ld` in front (-B), and the argv it passed is parsed by wild's own command-line parser.
    /// </summary>
    public static LinkOptions GccLinkOptions(Scratch dir, IEnumerable<string> objects, string output, bool pie = false, params string[] extra)
    {
        string capture = Path.Combine(dir.Dir, "capture-" + Guid.NewGuid().ToString("N"));
        string argsFile = Support.LdArgvCapture.WriteLoggingLd(capture);
        Run("gcc", dir.Dir, ["-B" + capture + "/", pie ? "-static-pie" : "-static", .. extra, .. objects, "-o", output]);
        var captured = Support.LdArgvCapture.Parse(argsFile);
        Assert.Equal(pie ? OutputKind.StaticPie : OutputKind.Static, captured.Kind);
        return captured;
    }

    /// <summary>LinkOptions for objects that need no C library (their own _start): a plain static link.</summary>
    public static LinkOptions Bare(string output, params string[] objects) => new()
    {
        OutputPath = output,
        Kind = OutputKind.Static,
        Inputs = objects.Select(o => (InputSpec)new InputSpec.File(o, InputModifiers.Default)).ToList(),
    };

    public static LinkResult Link(LinkOptions options) => Linker.Link(options, new DiagnosticBag());

    /// <summary>Runs a linked program (no arguments) and returns its exit code and output.</summary>
    /// <remarks>
    /// ETXTBSY is retried: the output was written in this process, and while its descriptor was open another
    /// test thread may have forked (to run gcc or as); the child holds a copy until it execs. That is a
    /// property of multithreaded fork/exec, not of the linker, which has closed the file before returning.
    /// </remarks>
    public static ProcessResult Exec(string program)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return ProcessRunner.Run(program, [], Path.GetDirectoryName(program)!, TimeSpan.FromSeconds(30));
            }
            catch (System.ComponentModel.Win32Exception e) when (e.NativeErrorCode == ETXTBSY && attempt < 50)
            {
                Thread.Sleep(20);
            }
        }
    }

    private const int ETXTBSY = 26;

    /// <summary>Names of the symbols in the output's .symtab, read with ELFSharp (an independent reader).</summary>
    public static HashSet<string> SymbolNames(string path)
    {
        using var elf = ELFReader.Load(path);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in elf.GetSections<ISymbolTable>())
            foreach (var e in table.Entries)
                names.Add(e.Name);
        return names;
    }

    /// <summary>A `ld`-free check that a program ran as expected, with its output in the failure message.</summary>
    public static void AssertRuns(string program, int exitCode, string stdout)
    {
        var r = Exec(program);
        Assert.False(r.TimedOut, r.Describe());
        Assert.True(r.ExitCode == exitCode && r.Stdout == stdout, $"expected exit {exitCode} and stdout {stdout}\n{r.Describe()}");
    }
}
