// e_machine values as an enum (the common Linux targets); values it does not name show as numbers.
namespace Wild.PowerShell;

public enum ElfMachine : ushort
{
    None = 0,
    Sparc = 2,
    I386 = 3,
    Mips = 8,
    PowerPC = 20,
    PowerPC64 = 21,
    S390 = 22,
    Arm = 40,
    SparcV9 = 43,
    IA64 = 50,
    X86_64 = 62,
    AArch64 = 183,
    RiscV = 243,
    Bpf = 247,
    LoongArch = 258,
}
