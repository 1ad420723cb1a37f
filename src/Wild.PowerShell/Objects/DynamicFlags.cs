// DT_FLAGS bits (DF_*), to decode that entry's value in ElfDynamicEntry.Text.
namespace Wild.PowerShell;

[Flags]
public enum DynamicFlags : ulong
{
    None = 0,
    Origin = 0x1,
    Symbolic = 0x2,
    TextRel = 0x4,
    BindNow = 0x8,
    StaticTls = 0x10,
}
