// What relocation processing needs to know of a symbol, whatever the architecture: undefined, absolute, an
// IFUNC, TLS, sized, bound at run time, defined in a shared object, a function, in a large-model section. Packed
// into bits for the per-symbol cache (Layout.TraitsOf).
namespace Wild.Engine.Layout;

/// <param name="Dynamic">Bound at run time: defined in a shared object, or preemptible in a shared output. Such
/// symbols are reached through the GOT/PLT, a copy or a dynamic relocation.</param>
/// <param name="Shared">Defined in a shared object (so it can be copy-relocated or given a canonical PLT).</param>
/// <param name="Sized">A nonzero st_size.</param>
/// <param name="Large">Defined in an x86-64 SHF_X86_64_LARGE input section (medium/large-model data), which may lie
/// beyond the ±2 GiB a PC-relative field reaches.</param>
internal readonly record struct SymbolTraits(bool Undefined, bool Absolute, bool Ifunc, bool Tls, bool Sized, bool Dynamic, bool Shared, bool Function,
    bool Large = false)
{
    /// <summary>The nine traits as bits, for a per-symbol cache.</summary>
    public ushort Pack() => (ushort)((Undefined ? 1 : 0) | (Absolute ? 2 : 0) | (Ifunc ? 4 : 0) | (Tls ? 8 : 0)
        | (Sized ? 16 : 0) | (Dynamic ? 32 : 0) | (Shared ? 64 : 0) | (Function ? 128 : 0) | (Large ? 256 : 0));

    public static SymbolTraits Unpack(ushort b) =>
        new((b & 1) != 0, (b & 2) != 0, (b & 4) != 0, (b & 8) != 0, (b & 16) != 0, (b & 32) != 0, (b & 64) != 0, (b & 128) != 0, (b & 256) != 0);
}
