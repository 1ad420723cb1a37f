// The AArch64 ELF ABI's relocation numbers as the shared loop start sees them (IRelocationKinds); the sets themselves
// live with the instructions they concern (AArch64Instructions.cs), the refusals with the scan's.
namespace Wild.Engine.Arch;

internal readonly struct AArch64RelocationKinds : IRelocationKinds
{
    public static bool IsNone(uint type) => type is AArch64Relocations.R_AARCH64_NONE or AArch64Relocations.R_AARCH64_NONE_OLD;
    public static bool IsKnown(uint type) => AArch64.IsKnown(type);
    public static bool AllowedInNonAlloc(uint type) => AArch64.AllowedInNonAlloc(type);
    public static int FieldSize(uint type) => AArch64.FieldSize(type);
    public static string UnsupportedWhy(uint type) => AArch64.UnsupportedWhy(type);
    public static string Name(uint type) => AArch64.Instance.RelocationName(type);
}
