// Shared helpers for the CLI tests: parse an argv, run the whole command against fake writers and a
// fake engine, and make scratch files. The real engine is not called: these tests pin the CLI contract.
using Wild.Cli;
using Wild.Cli.CommandLine;
using Wild.Engine;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Tests.Cli;

internal static class CliTestSupport
{
    public static ParsedCommandLine Parse(params string[] args) => ArgumentParser.Parse(args);

    public static LinkOptions Options(params string[] args) => ArgumentParser.Parse(args).Options;

    public static string ParseError(params string[] args) =>
        Assert.Throws<CommandLineException>(() => ArgumentParser.Parse(args)).Message;

    /// <summary>Runs `wild args` with a fake link that records the options it was given.</summary>
    public static RunResult Run(string[] args, LinkFunction? link = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        LinkOptions? seen = null;
        link ??= (o, _, _) => new LinkResult(o.OutputPath, 0, 0, o.Kind, []);
        int code = CliRunner.Run(args, stdout, stderr, (o, d, c) =>
        {
            seen = o;
            return link(o, d, c);
        });
        return new RunResult(code, stdout.ToString(), stderr.ToString(), seen);
    }

    public sealed record RunResult(int ExitCode, string Stdout, string Stderr, LinkOptions? Linked);

    public static InputSpec.File FileInput(string path, bool wholeArchive = false, bool asNeeded = false, bool staticOnly = false) =>
        new(path, new InputModifiers(wholeArchive, asNeeded, staticOnly));

    public static InputSpec.Library Lib(string name, bool verbatim = false, bool wholeArchive = false, bool asNeeded = false, bool staticOnly = false) =>
        new(name, verbatim, new InputModifiers(wholeArchive, asNeeded, staticOnly));
}

/// <summary>A scratch directory deleted after the test; response-file tests change nothing outside it.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("wild-cli-test-").FullName;

    public string Write(string name, string text)
    {
        string p = System.IO.Path.Combine(Path, name);
        File.WriteAllText(p, text);
        return p;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
