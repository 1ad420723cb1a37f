// What the relocations of a link need for one symbol, as bits the scan ORs together from every object:
// a GOT address slot, a PLT entry, TLS GOT entries, a copy relocation, a canonical PLT entry, a .dynsym
// entry. The same for every architecture; which relocation needs what is the architecture's business.
namespace Wild.Engine.Layout;

internal static class SymbolNeeds
{
    public const int Got = 1, Plt = 2, GotTp = 4, Copy = 8, CanonicalPlt = 16, DynamicSymbol = 32, TlsGd = 64, TlsDesc = 128;

    /// <summary>The GOT-entry kinds a symbol can own (see GotEntries).</summary>
    public const int GotKinds = Got | GotTp | TlsGd | TlsDesc;
}
