// --retain-symbols-file: the names, one per line, that are the only ones .symtab keeps (locals and globals alike;
// undefined references and section symbols go too). Lines are trimmed of surrounding blanks, so a file written on
// Windows (CRLF) means what it says, as GNU ld reads it. .dynsym is not affected: exports are ExportPolicy's.
using System.Text;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Layout;

internal sealed class RetainedSymbols
{
    private readonly HashSet<string> _names;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private RetainedSymbols(HashSet<string> names)
    {
        _names = names;
        _lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _names.Count;

    public static RetainedSymbols? Load(LinkOptions options)
    {
        if (options.RetainSymbolsFile is not { } path) return null;
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkException(ErrorId.InputNotFound, $"cannot read --retain-symbols-file {path}: {e.Message}", path);
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in lines)
            if (line.Trim() is { Length: > 0 } name) names.Add(name);
        return new RetainedSymbols(names);
    }

    /// <summary>Whether a symbol name (UTF-8, as in the objects) is listed; decodes into a stack buffer, so the
    /// per-symbol loops that ask stay free of allocations.</summary>
    public bool Contains(ReadOnlySpan<byte> name)
    {
        if (name.Length > 512) return _names.Contains(Encoding.UTF8.GetString(name));
        Span<char> chars = stackalloc char[name.Length];
        int n = Encoding.UTF8.GetChars(name, chars);
        return _lookup.Contains(chars[..n]);
    }
}
