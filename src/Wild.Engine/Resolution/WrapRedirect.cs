// --wrap=NAME: an undefined reference to NAME binds to __wrap_NAME, and one to __real_NAME binds to NAME.
// Definitions are untouched, so a reference inside the object that defines NAME still reaches NAME itself,
// as with GNU ld. Resolution asks this for the name each undefined reference stands for.
using Wild.Engine.Symbols;

namespace Wild.Engine.Resolution;

internal sealed class WrapRedirect
{
    /// <summary>A redirect whose target no input mentions: the reference is undefined under that name.</summary>
    public const int Missing = -2;

    private readonly Dictionary<int, (int Target, string TargetName)> _redirect = [];

    public static WrapRedirect? Build(SymbolDb db, IReadOnlyList<string> wrapped)
    {
        if (wrapped.Count == 0) return null;
        var w = new WrapRedirect();
        foreach (string name in wrapped)
        {
            var plain = db.Lookup(name);
            var wrapper = db.Lookup("__wrap_" + name);
            var real = db.Lookup("__real_" + name);
            if (!plain.IsNone) w._redirect[plain.Value] = (wrapper.IsNone ? Missing : wrapper.Value, "__wrap_" + name);
            if (!real.IsNone) w._redirect[real.Value] = (plain.IsNone ? Missing : plain.Value, name);
        }
        return w;
    }

    /// <summary>The name an undefined reference to <paramref name="name"/> binds to (Missing if no input has it).</summary>
    public int Map(int name) => _redirect.TryGetValue(name, out var r) ? r.Target : name;

    /// <summary>The spelling of the name a redirected reference wants, for the undefined-symbol error.</summary>
    public string TargetName(int name) => _redirect[name].TargetName;
}
