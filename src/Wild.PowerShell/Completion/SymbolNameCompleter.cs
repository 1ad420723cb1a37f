// Tab completion for Get-ElfSymbol -Name (and Get-ElfRelocation -Symbol): offers the symbol names of the file named by -LiteralPath or
// -Path on the same command line (every member of an archive), honouring -Dynamic. Results are bounded
// so a large archive still completes promptly; piped input cannot be seen here and offers nothing.
// Demangled C++ and Rust names match too: with -Demangle the demangled name is completed (the cmdlet
// matches it), without it the mangled name whose demangled form matches, listed under its demangled form.
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Inspection;
using Wild.Engine.Input;

namespace Wild.PowerShell.Completion;

public sealed class SymbolNameCompleter : IArgumentCompleter
{
    /// <summary>More than a screenful is noise; the user types more letters instead.</summary>
    private const int MaxResults = 100;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string? path = ResolvePath(FirstString(fakeBoundParameters, "LiteralPath"), literal: true)
                       ?? ResolvePath(FirstString(fakeBoundParameters, "Path"), literal: false);
        if (path is null) return [];
        bool dynamic = Switch(fakeBoundParameters, "Dynamic");
        var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            Collect(path, dynamic ? SymbolTableChoice.Dynsym : SymbolTableChoice.Symtab, new Matcher(pattern, Switch(fakeBoundParameters, "Demangle")), names);
        }
        catch (LinkException)
        {
            // A file that cannot be read offers no completions; running the command reports why.
        }
        return names.Take(MaxResults).Select(n => new CompletionResult(Quote(n.Key), n.Value, CompletionResultType.ParameterValue, n.Value));
    }

    private static bool Switch(IDictionary bound, string name) => bound.Contains(name) && LanguagePrimitives.IsTrue(bound[name]);

    /// <summary>Which completion (and list text) a raw symbol name gives, if any.</summary>
    private readonly record struct Matcher(WildcardPattern Pattern, bool Demangle)
    {
        public (string Completion, string Shown)? Match(string raw)
        {
            if (Demangle)
            {
                string shown = SymbolDemangler.Demangle(raw) ?? raw;
                return Pattern.IsMatch(shown) || Pattern.IsMatch(raw) ? (shown, shown) : null;
            }
            if (Pattern.IsMatch(raw)) return (raw, raw);
            // Only mangled names can match by their demangled form; most names fail the first test cheaply.
            return raw.StartsWith('_') && SymbolDemangler.Demangle(raw) is { } d && Pattern.IsMatch(d) ? (raw, d) : null;
        }
    }

    private static void Collect(string path, SymbolTableChoice table, Matcher matcher, SortedDictionary<string, string> names)
    {
        using var file = MappedFile.Open(path);
        switch (ElfIdentity.Classify(file.Head))
        {
            case InputKind.Elf:
                CollectFrom(new ObjectFile(file, 0, file.Length, path, null, table), matcher, names);
                break;
            case InputKind.Archive:
                foreach (var m in Archive.Read(file, MappedFile.Open).Members)
                {
                    if (ElfIdentity.Classify(m.File.Slice(m.Offset, Math.Min(m.Size, 4))) != InputKind.Elf) continue;
                    try
                    {
                        CollectFrom(new ObjectFile(m.File, m.Offset, m.Size, m.Name, null, table), matcher, names);
                    }
                    catch (LinkException)
                    {
                        // One bad member should not hide the names of the others.
                    }
                }
                break;
        }
    }

    private static void CollectFrom(ObjectFile obj, Matcher matcher, SortedDictionary<string, string> names)
    {
        for (int i = 1; i < obj.SymbolCount; i++)
        {
            // File and section symbols name files and sections, not something to look up by -Name.
            byte type = obj.Symbols[i].Type;
            if (type is Wild.Engine.Elf.ElfConstants.STT_FILE or Wild.Engine.Elf.ElfConstants.STT_SECTION) continue;
            var raw = obj.SymbolName(i);
            if (raw.IsEmpty) continue;
            if (matcher.Match(Encoding.UTF8.GetString(raw)) is not { } match) continue;
            names.TryAdd(match.Completion, match.Shown);
            // Keep only the first MaxResults in order, so memory stays bounded on libc.a.
            if (names.Count > MaxResults) names.Remove(names.Keys.Last());
        }
    }

    private static string? FirstString(IDictionary bound, string key)
    {
        if (!bound.Contains(key)) return null;
        object? value = bound[key] is PSObject ps ? ps.BaseObject : bound[key];
        return value switch
        {
            string s => s,
            IEnumerable e => e.Cast<object?>().Select(o => o is PSObject p ? p.BaseObject : o).OfType<string>().FirstOrDefault(),
            _ => null,
        };
    }

    // A completer gets no SessionState of its own, and SessionStateProxy refuses calls while the completion
    // pipeline runs; a script block invoked here runs on the same thread, in the user's current location.
    private static readonly ScriptBlock ProviderPath = ScriptBlock.Create("""
        param([string] $Path, [bool] $Literal)
        if ($Literal) { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path) }
        else { @($ExecutionContext.SessionState.Path.GetResolvedProviderPathFromPSPath($Path, [ref]$null))[0] }
        """);

    private static string? ResolvePath(string? path, bool literal)
    {
        if (string.IsNullOrEmpty(path)) return null;
        try
        {
            return ProviderPath.Invoke(path, literal).Select(o => o?.BaseObject as string).FirstOrDefault(p => p is not null);
        }
        catch (Exception e) when (e is RuntimeException or PSInvalidOperationException)
        {
            // No such item, not a file-system path, or no runspace to ask: nothing to complete from.
            return null;
        }
    }

    /// <summary>Names with characters PowerShell would split on or expand are quoted; wildcard characters
    /// are escaped so the completed name matches itself.</summary>
    private static string Quote(string name)
    {
        string escaped = WildcardPattern.Escape(name);
        bool plain = escaped.All(c => char.IsLetterOrDigit(c) || c is '_' or '.');
        return plain && escaped == name ? name : "'" + escaped.Replace("'", "''") + "'";
    }
}
