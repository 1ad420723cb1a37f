// Symbol names with a version suffix, as `.symver` writes them into objects: `name@@VER` is the default
// version of `name` and binds every plain reference to `name`; `name@VER` is a non-default (hidden) version
// that only its exact spelling reaches. Interning uses the base name of the first kind; ExportPolicy turns
// both suffixes into .gnu.version entries.
namespace Wild.Engine.Symbols;

internal static class VersionedName
{
    /// <summary>The name symbol resolution uses: <c>name@@VER</c> is <c>name</c>, anything else unchanged.</summary>
    public static ReadOnlySpan<byte> Interned(ReadOnlySpan<byte> raw)
    {
        int at = raw.IndexOf((byte)'@');
        return at > 0 && at + 1 < raw.Length && raw[at + 1] == (byte)'@' ? raw[..at] : raw;
    }

    /// <summary>Splits <c>name@VER</c> / <c>name@@VER</c>; false when the name carries no version.</summary>
    public static bool TrySplit(ReadOnlySpan<byte> raw, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> version, out bool isDefault)
    {
        int at = raw.IndexOf((byte)'@');
        name = raw;
        version = default;
        isDefault = false;
        if (at <= 0) return false;
        name = raw[..at];
        isDefault = at + 1 < raw.Length && raw[at + 1] == (byte)'@';
        version = raw[(at + (isDefault ? 2 : 1))..];
        return version.Length > 0;
    }
}
