// DT_FLAGS_1 bits (DF_1_*), to decode that entry's value in ElfDynamicEntry.Text.
namespace Wild.PowerShell;

[Flags]
public enum DynamicFlags1 : ulong
{
    None = 0,
    Now = 0x1,
    Global = 0x2,
    Group = 0x4,
    NoDelete = 0x8,
    LoadFilter = 0x10,
    InitFirst = 0x20,
    NoOpen = 0x40,
    Origin = 0x80,
    Direct = 0x100,
    Interpose = 0x400,
    NoDefaultLib = 0x800,
    NoDump = 0x1000,
    ConfAlt = 0x2000,
    EndFiltee = 0x4000,
    DispRelDone = 0x8000,
    DispRelPending = 0x10000,
    NoDirect = 0x20000,
    IgnMulDef = 0x40000,
    NoKSyms = 0x80000,
    NoHdr = 0x100000,
    Edited = 0x200000,
    NoReloc = 0x400000,
    SymIntpose = 0x800000,
    GlobAudit = 0x1000000,
    Singleton = 0x2000000,
    Stub = 0x4000000,
    Pie = 0x8000000,
}
