// Paths are bytes on Linux, but .NET hands Main its arguments as strings decoded from UTF-8, with U+FFFD in
// place of any byte that is not: `-o $'out\xff'` would arrive as another name, and the link would write (or
// read) a different file. The exact bytes are in /proc/self/cmdline; an argument that is not valid UTF-8 is
// refused by name before anything is opened, rather than silently renamed.
using System.Text;
using System.Text.Unicode;

namespace Wild.Cli.CommandLine;

internal static class ArgumentBytes
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Throws a CommandLineException naming the first argument (after the program name) of
    /// <paramref name="commandLine"/> (NUL-separated, as in /proc/self/cmdline) that is not valid UTF-8.</summary>
    public static void CheckUtf8(ReadOnlySpan<byte> commandLine)
    {
        int index = 0;
        foreach (var range in commandLine.Split((byte)0))
        {
            var arg = commandLine[range];
            if (index++ > 0 && !Utf8.IsValid(arg))
                throw new CommandLineException(
                    $"argument '{Escape(arg)}' is not valid UTF-8; wild takes file names and options only in UTF-8 " +
                    "(rename the file, or reach it through a symbolic link with a UTF-8 name)");
        }
    }

    /// <summary>Checks this process's own arguments, when the system shows them (Linux).</summary>
    public static void CheckProcessArguments()
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes("/proc/self/cmdline"); }
        catch (IOException) { return; }
        catch (UnauthorizedAccessException) { return; }
        CheckUtf8(bytes);
    }

    /// <summary>Decodes response-file text, refusing bytes that are not UTF-8 the same way.</summary>
    public static string DecodeFile(string path, byte[] bytes)
    {
        if (Utf8.IsValid(bytes))
            return Strict.GetString(bytes);
        throw new CommandLineException($"response file {path}: not valid UTF-8 text; wild takes file names and options only in UTF-8",
            id: Wild.Engine.Diagnostics.ErrorId.MalformedResponseFile);
    }

    private static string Escape(ReadOnlySpan<byte> arg)
    {
        var text = new StringBuilder();
        int i = 0;
        while (i < arg.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(arg[i..], out var rune, out int consumed);
            if (status == System.Buffers.OperationStatus.Done && rune.Value >= 0x20 && rune.Value != 0x7f)
                text.Append(rune.ToString());
            else
            {
                for (int k = 0; k < Math.Max(consumed, 1); k++) text.Append($"\\x{arg[i + k]:x2}");
                consumed = Math.Max(consumed, 1);
            }
            i += consumed;
        }
        return text.ToString();
    }
}
