// Where each symbol sits in the output .symtab, for --emit-relocs: local symbols by symbol id, globals by name
// (each global name has one entry whoever defines it). Filled by SymbolTableBuilder while the table is sized, read
// by KeptRelocationWriter for every kept relocation; 0 means the symbol has no entry.
namespace Wild.Engine.Layout;

internal sealed class SymbolTableIndex(int[] local, int[] byName)
{
    private readonly int[] _local = local;
    private readonly int[] _byName = byName;

    /// <summary>The entry of a local symbol of an input file (by its SymbolId value); 0 if it has none.</summary>
    public int OfLocal(int symbolId) => _local[symbolId];

    /// <summary>The entry of a global name (by its NameId value); 0 if it has none.</summary>
    public int OfName(int nameId) => _byName[nameId];
}
