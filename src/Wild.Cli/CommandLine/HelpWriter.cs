// `wild --help`: generated from OptionTable, so the help can never list an option the parser does not
// know or miss one it does. Grouped by outcome so users see at once what is ignored or refused.
using System.Text;

namespace Wild.Cli.CommandLine;

internal static class HelpWriter
{
    public static string Text()
    {
        var sb = new StringBuilder();
        sb.AppendLine("Usage: wild [options] file...");
        sb.AppendLine("An ELF linker for x86-64 Linux that accepts GNU ld's command line. Response files: @FILE.");
        Section(sb, "Options:", Outcome.Implemented);
        Section(sb, "Accepted and ignored (why it is safe):", Outcome.NoOp);
        Section(sb, "Recognised but not supported:", Outcome.Unsupported);

        sb.AppendLine();
        sb.AppendLine("-z keywords (-z KEYWORD or -zKEYWORD; unknown keywords are ignored with a warning):");
        foreach (ZKeyword z in OptionTable.ZKeywords)
        {
            string name = z.TakesValue ? z.Name + "=VALUE" : z.Name;
            string tag = z.Outcome switch { Outcome.NoOp => "ignored: ", Outcome.Unsupported => "unsupported: ", _ => "" };
            sb.Append("  -z ").Append(name.PadRight(28)).Append(tag).AppendLine(z.Help);
        }
        // GNU ld's closing lines, in its words: libtool greps `--help` for ": supported targets:.* elf" before it
        // will build shared libraries with this linker (without it, configure silently builds static ones only).
        sb.AppendLine();
        sb.AppendLine("wild: supported targets: elf64-x86-64 elf64-littleaarch64");
        sb.AppendLine($"wild: supported emulations: {string.Join(' ', Engine.Arch.Emulations.Names)}");
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string title, Outcome outcome)
    {
        sb.AppendLine();
        sb.AppendLine(title);
        foreach (OptionSpec spec in OptionTable.Options)
        {
            if (spec.Outcome != outcome)
                continue;
            string names = string.Join(", ", Spell(spec));
            sb.Append("  ").Append(names.PadRight(34));
            if (names.Length >= 34)
                sb.AppendLine().Append(' ', 36);
            sb.AppendLine(spec.Help);
        }
    }

    /// <summary>The same table as Markdown for the README's option reference (kept in sync by OptionTableTests):
    /// every option and -z keyword with what becomes of it.</summary>
    public static string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Option | Outcome | What it does, or why it is ignored or refused |");
        sb.AppendLine("| --- | --- | --- |");
        foreach (OptionSpec spec in OptionTable.Options)
            Row(sb, string.Join(", ", Spell(spec)), spec.Outcome, spec.Help);
        foreach (ZKeyword z in OptionTable.ZKeywords)
            Row(sb, "-z " + (z.TakesValue ? z.Name + "=VALUE" : z.Name), z.Outcome, z.Help);
        return sb.ToString();

        static void Row(StringBuilder sb, string names, Outcome outcome, string help) =>
            sb.Append("| `").Append(names.Replace(", ", "`, `", StringComparison.Ordinal)).Append("` | ")
              .Append(outcome switch { Outcome.Implemented => "implemented", Outcome.NoOp => "accepted, no effect", _ => "refused" })
              .Append(" | ").Append(help.Replace("|", "\\|", StringComparison.Ordinal)).AppendLine(" |");
    }

    private static IEnumerable<string> Spell(OptionSpec spec)
    {
        foreach (string s in spec.Spellings)
        {
            bool isShort = ArgumentParser.IsShortSpelling(s);
            yield return spec.Arity switch
            {
                // Options ld documents with one dash are shown with a space, as its manual does.
                Arity.Required => isShort || !s.StartsWith("--", StringComparison.Ordinal) ? $"{s} {spec.MetaVar}" : $"{s}={spec.MetaVar}",
                Arity.Optional => $"{s}[={spec.MetaVar}]",
                _ => s,
            };
        }
    }
}
