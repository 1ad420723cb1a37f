// One relocation as every architecture's apply loop starts from it (RelocationApplier.Begin): where its field is in
// the section's output, the symbol it names, and the psABIs' S (the symbol's value), A (the addend, with a merged
// section's piece offset folded in) and P (the field's address). What the type computes from them is the architecture's.
using Wild.Engine.Symbols;

namespace Wild.Engine.Writing;

internal readonly record struct RelocationSite(long Offset, int SymbolIndex, SymbolId Target, ulong S, long A, ulong P);
