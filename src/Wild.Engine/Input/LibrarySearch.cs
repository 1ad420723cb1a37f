// Finds -l libraries along the -L path the way ld does: per directory, libNAME.so before libNAME.a
// unless -Bstatic is in force; -l:NAME looks for the exact file name.
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Input;

public static class LibrarySearch
{
    public static string Find(string name, bool verbatim, bool staticOnly, IReadOnlyList<string> paths)
    {
        foreach (var dir in paths)
        {
            if (verbatim)
            {
                var p = Path.Combine(dir, name);
                if (File.Exists(p)) return p;
                continue;
            }
            if (!staticOnly)
            {
                var so = Path.Combine(dir, $"lib{name}.so");
                if (File.Exists(so)) return so;
            }
            var a = Path.Combine(dir, $"lib{name}.a");
            if (File.Exists(a)) return a;
        }
        string shown = verbatim ? $"-l:{name}" : $"-l{name}";
        throw new LinkException(ErrorId.LibraryNotFound, $"unable to find library {shown}", null)
            .WithContext(paths.Count == 0 ? ">>> no library search paths (-L) were given" : $">>> searched: {string.Join(", ", paths)}");
    }
}
