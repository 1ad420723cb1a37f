// Expands `@file` arguments before option parsing, with GNU (libiberty) quoting: whitespace separates,
// '...' and "..." group, a backslash escapes the next character everywhere (inside single quotes too).
// A file that cannot be opened leaves the argument as it was, as GNU ld does, so `-o @out` names a file
// and `@missing` later fails as a missing input. Nesting is followed up to MaxDepth; cycles are errors.
using Wild.Engine.Diagnostics;

namespace Wild.Cli.CommandLine;

internal static class ResponseFiles
{
    public const int MaxDepth = 10;

    public static List<string> Expand(IReadOnlyList<string> args)
    {
        var result = new List<string>(args.Count);
        var chain = new List<string>();
        Expand(args, result, chain);
        return result;
    }

    private static void Expand(IReadOnlyList<string> args, List<string> result, List<string> chain)
    {
        foreach (string arg in args)
        {
            if (arg.Length < 2 || arg[0] != '@')
            {
                result.Add(arg);
                continue;
            }

            string path = arg[1..];
            string? text = TryRead(path);
            if (text is null)
            {
                result.Add(arg);
                continue;
            }

            string full = Path.GetFullPath(path);
            if (chain.Contains(full))
                throw Malformed($"response file {path} includes itself: {string.Join(" -> ", chain)} -> {full}");
            if (chain.Count == MaxDepth)
                throw Malformed($"response file {path}: nested more than {MaxDepth} deep ({string.Join(" -> ", chain)})");

            List<string> inner;
            try
            {
                inner = Split(text);
            }
            catch (CommandLineException e)
            {
                throw Malformed($"response file {path}: {e.Message}");
            }
            chain.Add(full);
            Expand(inner, result, chain);
            chain.RemoveAt(chain.Count - 1);
        }
    }

    private static CommandLineException Malformed(string message) => new(message, id: ErrorId.MalformedResponseFile);

    private static string? TryRead(string path)
    {
        try
        {
            // A directory cannot be read either; GNU keeps such an argument literally as well.
            return File.Exists(path) ? ArgumentBytes.DecodeFile(path, File.ReadAllBytes(path)) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Splits response-file text into arguments.</summary>
    /// <remarks>GNU takes an unterminated quote (or a final backslash) to run to the end of the file; that is
    /// always a bug in whatever wrote the file, so Wild stops with an error instead of linking something surprising.</remarks>
    public static List<string> Split(string text)
    {
        var args = new List<string>();
        var current = new System.Text.StringBuilder();
        bool inArg = false;
        char quote = '\0';
        int quoteStart = 0;

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\')
            {
                // A backslash at the very end escapes nothing: the file was cut short, or written by something
                // that quoted wrongly; either way what follows it is lost, so say so instead of guessing.
                if (i + 1 == text.Length)
                    throw Malformed($"trailing backslash at offset {i} escapes nothing");
                current.Append(text[++i]);
                inArg = true;
            }
            else if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
                else
                    current.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                quoteStart = i;
                inArg = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inArg)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    inArg = false;
                }
            }
            else
            {
                current.Append(c);
                inArg = true;
            }
        }

        if (quote != '\0')
            throw Malformed($"unterminated {(quote == '"' ? "double" : "single")} quote starting at offset {quoteStart}");
        if (inArg)
            args.Add(current.ToString());
        return args;
    }
}
