// Where one R_*_RELATIVE dynamic relocation that can go into .relr.dyn applies: an input section of the object
// that found it and the offset in that section. The scan records these (only with -z pack-relative-relocs);
// "Linker-made sections" turns them into offsets in output sections, which is all RELR sizing needs.
namespace Wild.Engine.Layout;

internal readonly record struct RelativeSite(int Section, ulong Offset);
