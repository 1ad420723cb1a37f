// A linker script's file pattern (an input section description's, or one of EXCLUDE_FILE's): a glob against the
// input's name, or GNU ld's `archive:member` form. Matching only; which rule an input section takes is ScriptPlan's.
using System.Text;
using Wild.Engine.Input;

namespace Wild.Engine.Scripts;

internal sealed class ScriptFileGlob
{
    // The whole pattern, or the part after the first ':' (empty: any member).
    private readonly byte[] _file;
    // The part before the ':' (empty for `:file`); null when the pattern has no ':'.
    private readonly byte[]? _archive;

    public ScriptFileGlob(string pattern)
    {
        int colon = pattern.IndexOf(':');
        if (colon < 0) _file = Encoding.UTF8.GetBytes(pattern);
        else
        {
            _archive = Encoding.UTF8.GetBytes(pattern[..colon]);
            _file = Encoding.UTF8.GetBytes(pattern[(colon + 1)..]);
        }
    }

    /// <summary>GNU ld's rule: a plain glob matches the file's name (an archive member's own name); `archive:member`
    /// matches a member of an archive whose path matches `archive` (`archive:` any of its members, `*libc.a:*` any
    /// member of any libc.a); `:file` matches only a file that is not in an archive.</summary>
    public bool Matches(ReadOnlySpan<byte> fileName, byte[]? archivePath)
    {
        if (_archive is null) return Glob.Matches(_file, fileName);
        if (_file.Length > 0 && !Glob.Matches(_file, fileName)) return false;
        if (_archive.Length == 0) return archivePath is null;
        return archivePath is not null && Glob.Matches(_archive, archivePath);
    }
}
