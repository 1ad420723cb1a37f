// Dense symbol ids: every symbol of every object (archive members included) has one, and object i owns
// the contiguous range [FirstSymbol(i), FirstSymbol(i) + count). Linker-defined symbols follow all files.
namespace Wild.Engine.Symbols;

public readonly record struct SymbolId(int Value)
{
    /// <summary>No symbol: what a lookup of an undefined name or an unresolved reference gives.</summary>
    public static SymbolId None => new(-1);
    public bool IsNone => Value < 0;
    public override string ToString() => $"sym-{Value}";
}

/// <summary>A dense id for a distinct global symbol name.</summary>
public readonly record struct NameId(int Value)
{
    public static NameId None => new(-1);
    public bool IsNone => Value < 0;
    public override string ToString() => $"name-{Value}";
}
