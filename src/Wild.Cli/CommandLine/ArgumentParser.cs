// Walks an (already @file-expanded) ld argv left to right and matches each argument against OptionTable
// the way GNU ld's getopt_long_only does: long options with one or two dashes, then short options with
// joined or separate values; anything not starting with '-' is an input. Values are applied to a
// LinkOptionsBuilder in order, so positional state is right for every input.
namespace Wild.Cli.CommandLine;

internal static class ArgumentParser
{
    private static readonly Dictionary<string, OptionSpec> Long = [];
    private static readonly Dictionary<char, OptionSpec> Short = [];

    static ArgumentParser()
    {
        foreach (OptionSpec spec in OptionTable.Options)
        {
            foreach (string spelling in spec.Spellings)
            {
                if (IsShortSpelling(spelling))
                    Short.Add(spelling[1], spec);
                else
                    Long.Add(spelling.TrimStart('-'), spec);
            }
        }
    }

    /// <summary>"-o" is short; "-pie", "-Bstatic", "--output" are long.</summary>
    public static bool IsShortSpelling(string spelling) => spelling.Length == 2 && spelling[0] == '-';

    public static ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        // GNU ld reads --sysroot before any other option, so that a -T script or -L before it sees it too.
        var b = new LinkOptionsBuilder { Sysroot = FindSysroot(args) };
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (b.OptionsEnded || arg.Length < 2 || arg[0] != '-')
            {
                // "-" alone is an input too, as with getopt.
                b.AddFile(arg);
                continue;
            }
            if (arg == "--")
            {
                b.OptionsEnded = true;
                continue;
            }
            ApplyOption(b, args, ref i);
        }

        var options = b.Build();
        return new ParsedCommandLine(options, b.Warnings, b.ShowHelp, b.VersionOnly, b.ShowVersion, b.ShowEmulations, b.InputCount);
    }

    /// <summary>The last --sysroot=DIR or --sysroot DIR before "--"; its table row sets the same value again in place.</summary>
    private static string? FindSysroot(IReadOnlyList<string> args)
    {
        string? found = null;
        for (int i = 0; i < args.Count && args[i] != "--"; i++)
        {
            if (args[i].StartsWith("--sysroot=", StringComparison.Ordinal)) found = args[i]["--sysroot=".Length..];
            else if (args[i] == "--sysroot" && i + 1 < args.Count) found = args[++i];
        }
        return found;
    }

    private static void ApplyOption(LinkOptionsBuilder b, IReadOnlyList<string> args, ref int i)
    {
        string arg = args[i];
        bool twoDashes = arg.StartsWith("--", StringComparison.Ordinal);
        string body = arg[(twoDashes ? 2 : 1)..];
        int eq = body.IndexOf('=');
        string name = eq < 0 ? body : body[..eq];

        // Long options first, as getopt_long_only does: "-static" is never "-s tatic".
        if (Long.TryGetValue(name, out OptionSpec? spec) && (twoDashes || !spec.TwoDashOnly))
        {
            string shown = arg[..(arg.Length - body.Length)] + name;
            string? value;
            switch (spec.Arity)
            {
                case Arity.None:
                    if (eq >= 0)
                        throw new CommandLineException($"option '{shown}' doesn't allow an argument");
                    value = null;
                    break;
                case Arity.Required:
                    value = eq >= 0 ? body[(eq + 1)..] : TakeNext(args, ref i, shown);
                    break;
                default:
                    value = eq >= 0 ? body[(eq + 1)..] : null;
                    if (value is null && spec.TakesSeparateNumber && i + 1 < args.Count && IsPlainNumber(args[i + 1]))
                        value = args[++i];
                    break;
            }
            Dispatch(b, spec, shown, value);
            return;
        }

        if (!twoDashes && Short.TryGetValue(body[0], out spec))
        {
            string shown = arg[..2];
            if (spec.Arity == Arity.None)
            {
                // GNU ld still groups "-ts" into "-t -s" but calls it deprecated; Wild does not guess.
                if (body.Length != 1)
                    throw Unrecognized(arg);
                Dispatch(b, spec, shown, null);
            }
            else
            {
                string value = body.Length > 1 ? body[1..] : TakeNext(args, ref i, shown);
                Dispatch(b, spec, shown, value);
            }
            return;
        }

        throw Unrecognized(arg);
    }

    private static void Dispatch(LinkOptionsBuilder b, OptionSpec spec, string shown, string? value)
    {
        switch (spec.Outcome)
        {
            case Outcome.Unsupported:
                throw new CommandLineException($"unsupported option: {shown} ({spec.Help})");
            case Outcome.NoOp:
                spec.Apply?.Invoke(b, value);
                break;
            default:
                spec.Apply!(b, value);
                break;
        }
    }

    private static string TakeNext(IReadOnlyList<string> args, ref int i, string shown)
    {
        if (i + 1 >= args.Count)
            throw new CommandLineException($"option '{shown}' requires an argument");
        return args[++i];
    }

    private static bool IsPlainNumber(string s)
    {
        if (s.Length == 0)
            return false;
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        return true;
    }

    private static CommandLineException Unrecognized(string arg) =>
        new($"unrecognized option '{arg}'", "use the --help option for usage information");
}
