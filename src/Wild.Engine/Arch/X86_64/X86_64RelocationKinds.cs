// The x86-64 psABI's relocation numbers as the shared loop start sees them (IRelocationKinds); the sets themselves
// live with the instructions they concern (X86_64Instructions.cs).
namespace Wild.Engine.Arch;

internal readonly struct X86_64RelocationKinds : IRelocationKinds
{
    public static bool IsNone(uint type) => type == Elf.RelocationType.R_X86_64_NONE;
    public static bool IsKnown(uint type) => X86_64.IsKnown(type);
    public static bool AllowedInNonAlloc(uint type) => X86_64.AllowedInNonAlloc(type);
    public static int FieldSize(uint type) => X86_64.FieldSize(type);
    public static string UnsupportedWhy(uint type) => $"unsupported relocation type {Name(type)}";
    public static string Name(uint type) => Elf.RelocationType.Name(type);
}
