// The DT_FLAGS_1 bits a link may ask for, as ld's -z keywords do (Write-ElfExecutable -DynamicFlags1); the values are
// the DF_1_* bits. The other bits (PIE, NOW...) follow from the link itself or from other parameters (-BindNow).
namespace Wild.PowerShell;

[Flags]
public enum DynamicFlags1Request : ulong
{
    None = 0,
    /// <summary>-z global: the object's symbols serve every later dlopen, as RTLD_GLOBAL would.</summary>
    Global = 0x2,
    /// <summary>-z nodelete: the object cannot be unloaded.</summary>
    NoDelete = 0x8,
    /// <summary>-z loadfltr: load the object's filtees at once.</summary>
    LoadFilter = 0x10,
    /// <summary>-z initfirst: run the object's initialisers before any other object's.</summary>
    InitFirst = 0x20,
    /// <summary>-z nodlopen: the object cannot be loaded with dlopen.</summary>
    NoOpen = 0x40,
    /// <summary>-z origin: the object uses $ORIGIN (also sets DF_ORIGIN in DT_FLAGS).</summary>
    Origin = 0x80,
    /// <summary>-z interpose: the object's symbols interpose on every other object's but the executable's.</summary>
    Interpose = 0x400,
    /// <summary>-z nodefaultlib: do not search the default library paths for the object's dependencies.</summary>
    NoDefaultLib = 0x800,
    /// <summary>-z nodump: the object cannot be dumped with dldump.</summary>
    NoDump = 0x1000,
    /// <summary>-z globalaudit: audit every object with the executable's DT_AUDIT libraries.</summary>
    GlobalAudit = 0x1000000,
}
