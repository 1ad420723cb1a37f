// --dependency-file: a make-style depfile naming the output and every file the link read (objects,
// archives, thin-archive members, linker scripts, version scripts, dynamic lists), plus an empty phony
// rule per input so make does not fail when one disappears. Paths are written as given, in read order.
using System.Text;

namespace Wild.Engine.Reports;

internal static class DependencyFile
{
    public static string Render(string output, IEnumerable<string> inputs)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = inputs.Where(seen.Add).ToList();
        var sb = new StringBuilder(Escape(output)).Append(':');
        foreach (var i in list) sb.Append(" \\\n  ").Append(Escape(i));
        sb.Append('\n');
        foreach (var i in list) sb.Append('\n').Append(Escape(i)).Append(":\n");
        return sb.ToString();
    }

    /// <summary>Make's quoting: a space or '#' takes a backslash, '$' doubles.</summary>
    internal static string Escape(string path)
    {
        var sb = new StringBuilder(path.Length);
        foreach (char c in path)
        {
            if (c is ' ' or '#') sb.Append('\\');
            else if (c == '$') sb.Append('$');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
