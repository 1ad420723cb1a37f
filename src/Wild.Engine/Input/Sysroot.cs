// --sysroot as GNU ld applies it to the files a linker script names (its manual, section INPUT): a name that starts with
// '=' or "$SYSROOT" is under the sysroot, and an absolute name in a script that is itself inside the sysroot is looked
// up there, and only there. The command line rewrites -L and SEARCH_DIR directories (LinkOptionsBuilder); this type
// decides the names INPUT and GROUP give, for scripts given with -T and scripts given as inputs alike.
using Wild.Engine.Diagnostics;
using Wild.Engine.Scripts;

namespace Wild.Engine.Input;

internal sealed class Sysroot
{
    /// <summary>The directory as given (GNU ld joins it to a name by plain concatenation: "--sysroot=/r/" and "/x"
    /// make "/r//x", the same file).</summary>
    public string Path { get; }
    private readonly string _canonical;

    public Sysroot(string path)
    {
        Path = path;
        _canonical = Canonical(path);
    }

    /// <summary>A name that asks for the sysroot itself: "=/lib/x.so" or "$SYSROOT/lib/x.so" (with no --sysroot, GNU ld's
    /// sysroot is empty and the rest of the name is used as it is); null for any other name.</summary>
    public static string? Prefixed(string name, Sysroot? sysroot)
    {
        string? rest = name.StartsWith('=') ? name[1..]
            : name.StartsWith("$SYSROOT", StringComparison.Ordinal) ? name[8..] : null;
        return rest is null ? null : (sysroot?.Path ?? "") + rest;
    }

    /// <summary>Whether <paramref name="file"/> is inside the sysroot, symbolic links resolved on both sides (GNU ld
    /// compares real paths: a script reached through a link into the sysroot is inside it).</summary>
    public bool Contains(string file)
    {
        string real = Canonical(file);
        return _canonical == "/" ? real.StartsWith('/')
            : real.StartsWith(_canonical, StringComparison.Ordinal) && (real.Length == _canonical.Length || real[_canonical.Length] == '/');
    }

    /// <summary>An absolute name of a script inside the sysroot: the file under the sysroot, which must exist (GNU ld
    /// does not fall back to the name outside it, and says so in these words, here at the script's INPUT or GROUP).</summary>
    public string Rooted(string name, ScriptPosition at)
    {
        string inside = Path + name;
        if (!File.Exists(inside))
            throw new LinkException(ErrorId.InputNotFound, $"{at}: cannot find {name} inside {Path}", at.File);
        return inside;
    }

    /// <summary>The absolute path with every symbolic link resolved, as realpath(3) gives it for an existing path; a
    /// missing component is kept as written.</summary>
    private static string Canonical(string path)
    {
        string current = "/";
        int links = 0;
        var pending = new Stack<string>(System.IO.Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        while (pending.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..") { current = System.IO.Path.GetDirectoryName(current) ?? "/"; continue; }
            string next = System.IO.Path.Join(current, part);
            string? target = new FileInfo(next).LinkTarget;
            if (target is null || ++links > 40) { current = next; continue; }
            // The link's target replaces this component: absolute from the root, relative from the link's directory.
            if (target.StartsWith('/')) current = "/";
            foreach (var p in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(p);
        }
        return current;
    }
}
