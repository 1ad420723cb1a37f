// Captures the exact argv a compiler driver hands to `ld` (a logging `ld` first on its -B path) and turns
// it into the LinkOptions wild would use, through wild's own command-line parser. Shared by the corpus
// pipeline replay and the in-process engine tests.
using Wild.Cli;
using Xunit;

namespace Wild.Engine.Tests.Support;

public static class LdArgvCapture
{
    /// <summary>
    /// Writes an `ld` into <paramref name="directory"/> that records its argv (NUL-separated); returns the file
    /// holding the last invocation's. Every invocation is also kept, numbered from 0, as <c>args.N</c>.
    /// </summary>
    public static string WriteLoggingLd(string directory)
    {
        Directory.CreateDirectory(directory);
        string argsFile = Path.Combine(directory, "args");
        string ld = Path.Combine(directory, "ld");
        File.WriteAllText(ld, $"#!/bin/sh\nn=$(ls '{argsFile}'.* 2>/dev/null | wc -l)\nprintf '%s\\0' \"$@\" > '{argsFile}'.$n\ncp '{argsFile}'.$n '{argsFile}'\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(ld, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return argsFile;
    }

    /// <summary>Parses a recorded argv exactly as the `wild` command would, without linking.</summary>
    public static LinkOptions Parse(string argsFile)
    {
        var args = File.ReadAllText(argsFile).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        LinkOptions? captured = null;
        var stderr = new StringWriter();
        int code = CliRunner.Run(args, TextWriter.Null, stderr, (o, _, _) =>
        {
            captured = o;
            return new LinkResult(o.OutputPath, 0, 0, o.Kind, []);
        });
        Assert.True(code == 0 && captured is not null, $"wild's parser rejected the driver's argv: {string.Join(' ', args)}\n{stderr}");
        return captured!;
    }
}
