// What the shared start of a relocation loop asks of an architecture's relocation numbers: which types are no-ops,
// which it applies, which a non-allocated section may carry, the field each writes and the names in messages.
// Static abstract members implemented by an empty struct per architecture, so the generic loop start
// (RelocationApplier.Begin) is compiled once per architecture with no virtual call per relocation.
namespace Wild.Engine.Arch;

internal interface IRelocationKinds
{
    /// <summary>A type that asks for nothing (R_X86_64_NONE, R_AARCH64_NONE and its old number).</summary>
    static abstract bool IsNone(uint type);

    /// <summary>The types this linker applies; any other is refused by name.</summary>
    static abstract bool IsKnown(uint type);

    /// <summary>Types a non-allocated section (debug info) may carry: values of a symbol alone.</summary>
    static abstract bool AllowedInNonAlloc(uint type);

    /// <summary>Bytes of the section a type writes (0 for a marker such as a TLS call annotation).</summary>
    static abstract int FieldSize(uint type);

    /// <summary>The refusal of a type IsKnown rejects, naming it (and what is supported instead, where that helps).</summary>
    static abstract string UnsupportedWhy(uint type);

    /// <summary>The psABI's name of a type.</summary>
    static abstract string Name(uint type);
}
