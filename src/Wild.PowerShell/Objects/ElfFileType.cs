// e_type values (ET_*) as an enum, named as readelf -h describes them.
namespace Wild.PowerShell;

public enum ElfFileType : ushort
{
    None = 0,
    Relocatable = 1,
    Executable = 2,
    SharedObject = 3,
    Core = 4,
}
