// The linker plugin interface (binutils' plugin-api.h, described on GCC's wiki at whopr/driver) as C# types:
// the transfer-vector tags, status codes and the three structs that cross the boundary, laid out as the C
// compiler lays them out on x86-64 Linux. Values keep their spec names. Which callbacks Wild offers, and what
// they do, is PluginCallbacks' business; loading the library is LinkerPlugin's.
using System.Runtime.InteropServices;

namespace Wild.Engine.Lto;

internal static class PluginAbi
{
    // enum ld_plugin_tag: what a transfer-vector entry holds.
    public const int LDPT_NULL = 0, LDPT_API_VERSION = 1, LDPT_GOLD_VERSION = 2, LDPT_LINKER_OUTPUT = 3, LDPT_OPTION = 4;
    public const int LDPT_REGISTER_CLAIM_FILE_HOOK = 5, LDPT_REGISTER_ALL_SYMBOLS_READ_HOOK = 6, LDPT_REGISTER_CLEANUP_HOOK = 7;
    public const int LDPT_ADD_SYMBOLS = 8, LDPT_GET_SYMBOLS = 9, LDPT_ADD_INPUT_FILE = 10, LDPT_MESSAGE = 11;
    public const int LDPT_GET_INPUT_FILE = 12, LDPT_RELEASE_INPUT_FILE = 13, LDPT_ADD_INPUT_LIBRARY = 14, LDPT_OUTPUT_NAME = 15;
    public const int LDPT_SET_EXTRA_LIBRARY_PATH = 16, LDPT_GNU_LD_VERSION = 17, LDPT_GET_VIEW = 18;
    public const int LDPT_GET_SYMBOLS_V2 = 25, LDPT_GET_SYMBOLS_V3 = 28, LDPT_GET_WRAP_SYMBOLS = 32, LDPT_ADD_SYMBOLS_V2 = 33;
    public const int LDPT_GET_API_VERSION = 34;

    // enum ld_plugin_status.
    public const int LDPS_OK = 0, LDPS_NO_SYMS = 1, LDPS_BAD_HANDLE = 2, LDPS_ERR = 3;

    // enum ld_plugin_api_version and enum linker_api_version (LAPI_V1: get_symbols_v3 and add_symbols_v2 are used).
    public const int LD_PLUGIN_API_VERSION = 1;
    public const int LAPI_V0 = 0, LAPI_V1 = 1;

    // enum ld_plugin_output_file_type.
    public const int LDPO_REL = 0, LDPO_EXEC = 1, LDPO_DYN = 2, LDPO_PIE = 3;

    // enum ld_plugin_symbol_kind.
    public const byte LDPK_DEF = 0, LDPK_WEAKDEF = 1, LDPK_UNDEF = 2, LDPK_WEAKUNDEF = 3, LDPK_COMMON = 4;

    // enum ld_plugin_symbol_visibility.
    public const int LDPV_DEFAULT = 0, LDPV_PROTECTED = 1, LDPV_INTERNAL = 2, LDPV_HIDDEN = 3;

    // enum ld_plugin_symbol_type (add_symbols_v2 fills it).
    public const byte LDST_UNKNOWN = 0, LDST_FUNCTION = 1, LDST_VARIABLE = 2;

    // enum ld_plugin_symbol_resolution: the answers get_symbols gives.
    public const int LDPR_UNKNOWN = 0, LDPR_UNDEF = 1, LDPR_PREVAILING_DEF = 2, LDPR_PREVAILING_DEF_IRONLY = 3;
    public const int LDPR_PREEMPTED_REG = 4, LDPR_PREEMPTED_IR = 5, LDPR_RESOLVED_IR = 6, LDPR_RESOLVED_EXEC = 7;
    public const int LDPR_RESOLVED_DYN = 8, LDPR_PREVAILING_DEF_IRONLY_EXP = 9;

    // enum ld_plugin_level.
    public const int LDPL_INFO = 0, LDPL_WARNING = 1, LDPL_ERROR = 2, LDPL_FATAL = 3;
}

/// <summary>struct ld_plugin_tv: a tag and a union of int, string and function pointer (16 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct TransferVectorEntry
{
    /// <summary>tv_tag</summary>
    [FieldOffset(0)] public int Tag;
    /// <summary>tv_u: tv_val as the low 32 bits, or a pointer.</summary>
    [FieldOffset(8)] public nint Value;
}

/// <summary>struct ld_plugin_input_file: what claim_file and get_input_file describe.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PluginInputFile
{
    /// <summary>name: the file's path (an archive's, for one of its members).</summary>
    public byte* Name;
    /// <summary>fd: open for reading at the start of the file.</summary>
    public int Fd;
    /// <summary>offset: where the object starts in the file (an archive member's data).</summary>
    public long Offset;
    /// <summary>filesize: the object's size.</summary>
    public long FileSize;
    /// <summary>handle: the linker's token for the file, passed back in add_symbols and get_symbols.</summary>
    public nint Handle;
}

/// <summary>struct ld_plugin_symbol (48 bytes): one symbol of a claimed file, and in get_symbols its resolution.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PluginSymbol
{
    /// <summary>name</summary>
    public byte* Name;
    /// <summary>version (GCC and LLVM leave it null)</summary>
    public byte* Version;
    /// <summary>def: an LDPK_ kind (the first byte of the old `int def`, little-endian)</summary>
    public byte Def;
    /// <summary>symbol_type: LDST_ (add_symbols_v2)</summary>
    public byte SymbolType;
    /// <summary>section_kind: LDSSK_ (add_symbols_v2)</summary>
    public byte SectionKind;
    /// <summary>unused</summary>
    public byte Unused;
    /// <summary>visibility: LDPV_</summary>
    public int Visibility;
    /// <summary>size: of a common symbol, or of the definition</summary>
    public ulong Size;
    /// <summary>comdat_key: the COMDAT group a definition belongs to, or null</summary>
    public byte* ComdatKey;
    /// <summary>resolution: an LDPR_ value, written by get_symbols</summary>
    public int Resolution;
}
