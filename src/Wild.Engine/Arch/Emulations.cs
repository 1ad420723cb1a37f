// The -m emulation names Wild accepts, as GNU ld spells them, and the machine each one links for: the one piece
// of the architecture table the command line needs (to parse -m and list emulations); the rest stays internal.
namespace Wild.Engine.Arch;

public static class Emulations
{
    /// <summary>Every accepted name, for --help and -V.</summary>
    public static IReadOnlyList<string> Names { get; } = ["elf_x86_64", "aarch64linux", "aarch64elf"];

    /// <summary>The e_machine an emulation links for; 0 for a name Wild does not know.</summary>
    public static ushort MachineOf(string emulation) => emulation switch
    {
        "elf_x86_64" => Elf.ElfConstants.EM_X86_64,
        "aarch64linux" or "aarch64elf" => Elf.ElfConstants.EM_AARCH64,
        _ => 0,
    };
}
