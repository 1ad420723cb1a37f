// Maps an input section to its output section name and rank, following the shape of GNU ld's default
// script for x86-64: .text.* into .text, .rodata.* into .rodata, init arrays sorted by priority, orphans
// kept under their own name (so __start_/__stop_ work) and placed by their flags.
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Layout;

internal static class OutputSectionRules
{
    // Ranks order output sections inside the image; segments break where the rank's permissions change.
    public const int RankInterp = -1, RankNoteProperty = 0, RankNoteBuildId = 1, RankNote = 2, RankDynTables = 3, RankRela = 4,
        RankInit = 10, RankPlt = 11, RankText = 12, RankExecOrphan = 13, RankFini = 14,
        RankRodata = 20, RankReadOnlyOrphan = 21, RankEhFrameHdr = 22, RankEhFrame = 23, RankExceptTable = 24,
        RankTdata = 30, RankTbss = 31, RankPreinit = 32, RankInitArray = 33, RankFiniArray = 34, RankJcr = 35,
        RankDataRelRo = 36, RankDynamic = 37, RankGot = 38,
        RankGotPlt = 40, RankData = 41, RankDataOrphan = 42, RankBss = 43, RankBssOrphan = 44,
        // The x86-64 medium and large models' data (gcc -mcmodel=medium puts objects over 64 KiB there): after .bss,
        // .lbss in the data segment, then .lrodata and .ldata each in a segment of their own, as GNU ld's script has
        // them, so that the small-model data stays within 2 GiB of the code.
        RankLbss = 45, RankLrodata = 46, RankLdata = 47,
        RankNonAlloc = 60, RankSymTab = 70, RankStrTab = 71, RankShStrTab = 72;

    public static bool IsExecSegmentRank(int rank) => rank is >= 10 and < 20;
    public static bool IsReadOnlyDataRank(int rank) => rank is >= 20 and < 30;
    public static bool IsRelroRank(int rank) => rank is >= 30 and < 40;
    /// <summary>.lrodata and .ldata: segments after the data segment's zero-fill.</summary>
    public static bool IsLargeDataSegmentRank(int rank) => rank is RankLrodata or RankLdata;
    public static bool IsFirstSegmentRank(int rank) => rank < 10;

    /// <summary>Returns the output name for an input section, or null to drop it.</summary>
    public static string? OutputName(ReadOnlySpan<byte> name, uint type, ulong flags, bool stripDebug)
    {
        if ((flags & SHF_ALLOC) == 0)
        {
            if (name.StartsWith(".debug"u8) || name.StartsWith(".zdebug"u8))
                return stripDebug ? null : System.Text.Encoding.UTF8.GetString(name);
            if (name.SequenceEqual(".comment"u8) || name.StartsWith(".note.GNU-stack"u8) || name.StartsWith(".gnu.warning"u8)
                || name.StartsWith(".gnu.lto_"u8) || name.SequenceEqual(".gnu_debuglink"u8) || name.StartsWith(".llvm"u8))
                return null;
            return System.Text.Encoding.UTF8.GetString(name);
        }
        if (Prefix(name, ".text"u8)) return ".text";
        if (Prefix(name, ".rodata"u8)) return ".rodata";
        if (Prefix(name, ".data.rel.ro"u8)) return ".data.rel.ro";
        if (Prefix(name, ".data"u8)) return ".data";
        if (Prefix(name, ".bss"u8)) return ".bss";
        if (Prefix(name, ".tdata"u8) || Prefix(name, ".gnu.linkonce.td"u8)) return ".tdata";
        if (Prefix(name, ".tbss"u8) || Prefix(name, ".gnu.linkonce.tb"u8) || name.SequenceEqual(".tcommon"u8)) return ".tbss";
        if (Prefix(name, ".init_array"u8) || Prefix(name, ".ctors"u8)) return ".init_array";
        if (Prefix(name, ".fini_array"u8) || Prefix(name, ".dtors"u8)) return ".fini_array";
        if (Prefix(name, ".preinit_array"u8)) return ".preinit_array";
        if (Prefix(name, ".gcc_except_table"u8)) return ".gcc_except_table";
        if (Prefix(name, ".gnu.linkonce.t"u8)) return ".text";
        if (Prefix(name, ".gnu.linkonce.r"u8)) return ".rodata";
        if (Prefix(name, ".gnu.linkonce.d"u8)) return ".data";
        if (Prefix(name, ".gnu.linkonce.b"u8)) return ".bss";
        if (Prefix(name, ".lbss"u8) || Prefix(name, ".gnu.linkonce.lb"u8)) return ".lbss";
        if (Prefix(name, ".lrodata"u8) || Prefix(name, ".gnu.linkonce.lr"u8)) return ".lrodata";
        if (Prefix(name, ".ldata"u8) || Prefix(name, ".gnu.linkonce.l"u8)) return ".ldata";
        // Literals, not decoded copies: one string per output name lets layout compare by reference.
        if (name.SequenceEqual(".init"u8)) return ".init";
        if (name.SequenceEqual(".fini"u8)) return ".fini";
        if (name.SequenceEqual(".eh_frame"u8)) return ".eh_frame";
        if (type == SHT_NOTE && name.SequenceEqual(".note.gnu.property"u8))
            return null; // merged into one synthetic note
        return System.Text.Encoding.UTF8.GetString(name);
    }

    public static int RankOf(string name, uint type, ulong flags)
    {
        if ((flags & SHF_ALLOC) == 0) return RankNonAlloc;
        switch (name)
        {
            case ".init": return RankInit;
            case ".text": return RankText;
            case ".fini": return RankFini;
            case ".rodata": return RankRodata;
            case ".eh_frame": return RankEhFrame;
            case ".gcc_except_table": return RankExceptTable;
            case ".tdata": return RankTdata;
            case ".tbss": return RankTbss;
            case ".preinit_array": return RankPreinit;
            case ".init_array": return RankInitArray;
            case ".fini_array": return RankFiniArray;
            case ".jcr": return RankJcr; // GNU ld's script has it after the arrays, inside relro
            case ".data.rel.ro": return RankDataRelRo;
            case ".data": return RankData;
            case ".bss": return RankBss;
            case ".lbss": return RankLbss;
            case ".lrodata": return RankLrodata;
            case ".ldata": return RankLdata;
        }
        if (type == SHT_NOTE) return RankNote;
        if ((flags & SHF_TLS) != 0) return type == SHT_NOBITS ? RankTbss : RankTdata;
        if ((flags & SHF_EXECINSTR) != 0) return RankExecOrphan;
        if ((flags & SHF_WRITE) == 0) return RankReadOnlyOrphan;
        return type == SHT_NOBITS ? RankBssOrphan : RankDataOrphan;
    }

    /// <summary>Init/fini priority from a .init_array.NNNNN / .ctors.NNNNN name; unnumbered sort last.</summary>
    public static int InitPriority(ReadOnlySpan<byte> name)
    {
        int dot = name.LastIndexOf((byte)'.');
        if (dot <= 0) return int.MaxValue;
        var digits = name[(dot + 1)..];
        if (digits.Length == 0) return int.MaxValue;
        int value = 0;
        foreach (byte b in digits)
        {
            if (b < '0' || b > '9') return int.MaxValue;
            value = value * 10 + (b - '0');
            if (value > 1_000_000) return int.MaxValue;
        }
        // .ctors/.dtors run in the opposite order to init arrays, so their priorities invert (as ld's script does).
        return name.StartsWith(".ctors"u8) || name.StartsWith(".dtors"u8) ? 65535 - value : value;
    }

    /// <summary>Sections that --gc-sections must keep whatever references them.</summary>
    public static bool IsGcRoot(ReadOnlySpan<byte> name, uint type, ulong flags) =>
        type is SHT_NOTE or SHT_INIT_ARRAY or SHT_FINI_ARRAY or SHT_PREINIT_ARRAY
        || (flags & SHF_GNU_RETAIN) != 0
        || name.SequenceEqual(".init"u8) || name.SequenceEqual(".fini"u8)
        || Prefix(name, ".init_array"u8) || Prefix(name, ".fini_array"u8) || Prefix(name, ".preinit_array"u8)
        || Prefix(name, ".ctors"u8) || Prefix(name, ".dtors"u8) || name.SequenceEqual(".jcr"u8);

    /// <summary>True for "base" and "base.anything".</summary>
    private static bool Prefix(ReadOnlySpan<byte> name, ReadOnlySpan<byte> bas) =>
        name.StartsWith(bas) && (name.Length == bas.Length || name[bas.Length] == (byte)'.');

    /// <summary>The smallest multiple of <paramref name="align"/> (a power of two; 0 and 1 mean none) at or above <paramref name="value"/>.</summary>
    public static ulong AlignUp(ulong value, ulong align) => align <= 1 ? value : (value + align - 1) & ~(align - 1);
}
