// The subset of GNU linker scripts that libraries use in place of archives (Debian's libm.a and
// libc.so are such scripts): GROUP, INPUT, AS_NEEDED, OUTPUT_FORMAT, SEARCH_DIR-free file lists and
// comments. Scripts that lay out sections (SECTIONS, MEMORY, ...) are rejected with an error naming them.
using System.Text;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Input;

internal static class LinkerScript
{
    private const int MaxTokens = 100_000;

    /// <summary>AS_NEEDED inside AS_NEEDED means nothing more past the first level; the limit keeps a hostile
    /// script from exhausting the stack (a StackOverflowException cannot be caught, it ends the process).</summary>
    private const int MaxNesting = 16;

    /// <summary>GNU ld script commands: a file starting with one of these is a script we do not support, not junk.</summary>
    private static readonly HashSet<string> KnownCommands = new(StringComparer.Ordinal)
    {
        "SECTIONS", "MEMORY", "PHDRS", "ENTRY", "VERSION", "PROVIDE", "PROVIDE_HIDDEN", "HIDDEN", "ASSERT",
        "INCLUDE", "SEARCH_DIR", "STARTUP", "OUTPUT", "INSERT", "EXTERN", "NOCROSSREFS", "REGION_ALIAS",
        "FORCE_COMMON_ALLOCATION", "INHIBIT_COMMON_ALLOCATION", "OUTPUT_ARCH", "TARGET", "OUTPUT_FORMAT",
    };

    /// <summary>Expands a script into input specs; GROUP contents are wrapped in a group.</summary>
    public static List<InputSpec> Parse(string path, ReadOnlySpan<byte> bytes, InputModifiers modifiers)
    {
        var tokens = Tokenize(path, Encoding.UTF8.GetString(bytes));
        var result = new List<InputSpec>();
        int i = 0;
        while (i < tokens.Count)
        {
            string command = tokens[i++];
            switch (command)
            {
                case "OUTPUT_FORMAT" or "OUTPUT_ARCH" or "TARGET":
                    SkipParens(tokens, ref i, path, command);
                    break;
                case "GROUP" or "INPUT":
                    Expect(tokens, ref i, "(", path, command);
                    bool group = command == "GROUP";
                    if (group) result.Add(new InputSpec.GroupStart());
                    ReadFiles(tokens, ref i, path, modifiers, result, 1);
                    if (group) result.Add(new InputSpec.GroupEnd());
                    break;
                case ";":
                    break;
                case var _ when result.Count == 0 && i == 1 && !KnownCommands.Contains(command):
                    // Text that does not start like a script is just an unknown file (ld says the same).
                    throw new LinkException(ErrorId.NotElf,
                        $"{path}: file format not recognized (not an ELF object, archive or linker script)", path);
                default:
                    throw new LinkException(ErrorId.UnsupportedInput,
                        $"{path}: linker script command '{command}' is not supported (only GROUP, INPUT, AS_NEEDED and OUTPUT_FORMAT are)", path);
            }
        }
        return result;
    }

    private static void ReadFiles(List<string> tokens, ref int i, string path, InputModifiers modifiers, List<InputSpec> result, int depth)
    {
        if (depth > MaxNesting)
            throw Malformed(path, $"file lists nested too deeply (more than {MaxNesting} levels) in linker script");
        while (true)
        {
            if (i >= tokens.Count)
                throw Malformed(path, $"unterminated file list in linker script");
            string t = tokens[i++];
            if (t == ")") return;
            if (t == ",") continue;
            if (t == "AS_NEEDED")
            {
                Expect(tokens, ref i, "(", path, t);
                ReadFiles(tokens, ref i, path, modifiers with { AsNeeded = true }, result, depth + 1);
                continue;
            }
            if (t.StartsWith("-l", StringComparison.Ordinal))
            {
                bool verbatim = t.StartsWith("-l:", StringComparison.Ordinal);
                result.Add(new InputSpec.Library(verbatim ? t[3..] : t[2..], verbatim, modifiers));
                continue;
            }
            // As in ld: a name that exists as given is used; a bare file name is searched along -L (libgcc_s.so
            // names libgcc_s.so.1 that way); any other relative path is taken from the script's directory.
            if (Path.IsPathRooted(t) || File.Exists(t))
                result.Add(new InputSpec.File(t, modifiers));
            else if (!t.Contains('/'))
                result.Add(new InputSpec.Library(t, Verbatim: true, modifiers));
            else
                result.Add(new InputSpec.File(Path.Combine(Path.GetDirectoryName(path) ?? ".", t), modifiers));
        }
    }

    private static void SkipParens(List<string> tokens, ref int i, string path, string command)
    {
        Expect(tokens, ref i, "(", path, command);
        while (i < tokens.Count && tokens[i] != ")") i++;
        if (i >= tokens.Count)
            throw Malformed(path, $"unterminated {command}( in linker script");
        i++;
    }

    private static void Expect(List<string> tokens, ref int i, string what, string path, string after)
    {
        if (i >= tokens.Count || tokens[i] != what)
            throw Malformed(path, $"expected '{what}' after {after} in linker script");
        i++;
    }

    private static LinkException Malformed(string path, string what) =>
        new(ErrorId.MalformedLinkerScript, $"{path}: {what}", path);

    private static List<string> Tokenize(string path, string text)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) throw Malformed(path, "unclosed comment in linker script");
                i = end + 2;
                continue;
            }
            if (c is '(' or ')' or ',' or ';') { tokens.Add(c.ToString()); i++; continue; }
            if (c == '"')
            {
                int end = text.IndexOf('"', i + 1);
                if (end < 0) throw Malformed(path, "unterminated string in linker script");
                tokens.Add(text[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ',' or ';')) i++;
            tokens.Add(text[start..i]);
            if (tokens.Count > MaxTokens)
                throw Malformed(path, "linker script is too large");
        }
        return tokens;
    }
}
