// ELF and x86-64 psABI constants under their spec names. Only what the linker reads or writes;
// the meaning of relocation types lives in Arch/X86_64.cs.
namespace Wild.Engine.Elf;

public static class ElfConstants
{
    public const byte ELFCLASS64 = 2;
    public const byte ELFDATA2LSB = 1;
    public const byte EV_CURRENT = 1;
    public const byte ELFOSABI_NONE = 0;
    public const byte ELFOSABI_GNU = 3;

    public const ushort ET_REL = 1, ET_EXEC = 2, ET_DYN = 3;
    public const ushort EM_386 = 3, EM_ARM = 40, EM_X86_64 = 62, EM_AARCH64 = 183, EM_RISCV = 243;

    public const ushort SHN_UNDEF = 0, SHN_LORESERVE = 0xff00, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2, SHN_XINDEX = 0xffff;
    /// <summary>Processor- and OS-specific st_shndx values; x86-64 uses one for large common symbols.</summary>
    public const ushort SHN_LOPROC = 0xff00, SHN_HIOS = 0xff3f, SHN_X86_64_LCOMMON = 0xff02;

    public const uint SHT_NULL = 0, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_RELA = 4, SHT_HASH = 5,
        SHT_DYNAMIC = 6, SHT_NOTE = 7, SHT_NOBITS = 8, SHT_REL = 9, SHT_DYNSYM = 11, SHT_INIT_ARRAY = 14,
        SHT_FINI_ARRAY = 15, SHT_PREINIT_ARRAY = 16, SHT_GROUP = 17, SHT_SYMTAB_SHNDX = 18, SHT_RELR = 19,
        SHT_GNU_HASH = 0x6ffffff6, SHT_GNU_verdef = 0x6ffffffd, SHT_GNU_verneed = 0x6ffffffe, SHT_GNU_versym = 0x6fffffff,
        SHT_X86_64_UNWIND = 0x70000001, SHT_LLVM_ADDRSIG = 0x6fff4c03,
        SHT_LLVM_LTO = 0x6fff4c0c, SHT_CREL = 0x40000014;

    public const ulong SHF_WRITE = 0x1, SHF_ALLOC = 0x2, SHF_EXECINSTR = 0x4, SHF_MERGE = 0x10, SHF_STRINGS = 0x20,
        SHF_INFO_LINK = 0x40, SHF_LINK_ORDER = 0x80, SHF_GROUP = 0x200, SHF_TLS = 0x400, SHF_COMPRESSED = 0x800,
        SHF_GNU_RETAIN = 0x200000, SHF_EXCLUDE = 0x80000000;
    /// <summary>x86-64 psABI: the section may lie beyond 2 GiB of the code (medium and large models; readelf's `l`).</summary>
    public const ulong SHF_X86_64_LARGE = 0x10000000;

    public const uint GRP_COMDAT = 1;

    public const byte STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2, STB_GNU_UNIQUE = 10;
    public const byte STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4, STT_COMMON = 5,
        STT_TLS = 6, STT_GNU_IFUNC = 10;
    public const byte STV_DEFAULT = 0, STV_INTERNAL = 1, STV_HIDDEN = 2, STV_PROTECTED = 3;

    public const uint PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6, PT_TLS = 7,
        PT_GNU_EH_FRAME = 0x6474e550, PT_GNU_STACK = 0x6474e551, PT_GNU_RELRO = 0x6474e552, PT_GNU_PROPERTY = 0x6474e553;
    public const uint PF_X = 1, PF_W = 2, PF_R = 4;

    public const long DT_NULL = 0, DT_NEEDED = 1, DT_PLTRELSZ = 2, DT_PLTGOT = 3, DT_HASH = 4, DT_STRTAB = 5,
        DT_SYMTAB = 6, DT_RELA = 7, DT_RELASZ = 8, DT_RELAENT = 9, DT_STRSZ = 10, DT_SYMENT = 11, DT_INIT = 12,
        DT_FINI = 13, DT_SONAME = 14, DT_RPATH = 15, DT_SYMBOLIC = 16, DT_PLTREL = 20, DT_DEBUG = 21, DT_TEXTREL = 22,
        DT_JMPREL = 23, DT_BIND_NOW = 24, DT_INIT_ARRAY = 25, DT_FINI_ARRAY = 26, DT_INIT_ARRAYSZ = 27,
        DT_FINI_ARRAYSZ = 28, DT_RUNPATH = 29, DT_FLAGS = 30, DT_PREINIT_ARRAY = 32, DT_PREINIT_ARRAYSZ = 33,
        DT_RELRSZ = 35, DT_RELR = 36, DT_RELRENT = 37,
        DT_GNU_HASH = 0x6ffffef5, DT_RELACOUNT = 0x6ffffff9, DT_FLAGS_1 = 0x6ffffffb, DT_VERSYM = 0x6ffffff0,
        DT_VERDEF = 0x6ffffffc, DT_VERDEFNUM = 0x6ffffffd, DT_VERNEED = 0x6ffffffe, DT_VERNEEDNUM = 0x6fffffff,
        DT_AUDIT = 0x6ffffefc, DT_DEPAUDIT = 0x6ffffefb, DT_AUXILIARY = 0x7ffffffd, DT_FILTER = 0x7fffffff;
    public const ulong DF_ORIGIN = 0x1, DF_TEXTREL = 0x4, DF_BIND_NOW = 0x8, DF_STATIC_TLS = 0x10;
    public const ulong DF_1_NOW = 0x1, DF_1_GLOBAL = 0x2, DF_1_NODELETE = 0x8, DF_1_LOADFLTR = 0x10, DF_1_INITFIRST = 0x20,
        DF_1_NOOPEN = 0x40, DF_1_ORIGIN = 0x80, DF_1_INTERPOSE = 0x400, DF_1_NODEFLIB = 0x800, DF_1_NODUMP = 0x1000,
        DF_1_GLOBAUDIT = 0x01000000, DF_1_PIE = 0x08000000;

    public const uint NT_GNU_BUILD_ID = 3, NT_GNU_PROPERTY_TYPE_0 = 5;
    public const uint GNU_PROPERTY_X86_FEATURE_1_AND = 0xc0000002, GNU_PROPERTY_X86_FEATURE_1_IBT = 1, GNU_PROPERTY_X86_FEATURE_1_SHSTK = 2,
        GNU_PROPERTY_X86_FEATURE_1_LAM_U48 = 4, GNU_PROPERTY_X86_FEATURE_1_LAM_U57 = 8;
    public const uint GNU_PROPERTY_AARCH64_FEATURE_1_AND = 0xc0000000, GNU_PROPERTY_AARCH64_FEATURE_1_BTI = 1,
        GNU_PROPERTY_AARCH64_FEATURE_1_PAC = 2;
    public const uint GNU_PROPERTY_X86_ISA_1_NEEDED = 0xc0008002;
    public const uint GNU_PROPERTY_1_NEEDED = 0xb0008000, GNU_PROPERTY_1_NEEDED_INDIRECT_EXTERN_ACCESS = 1;
    public const uint GNU_PROPERTY_X86_ISA_1_USED = 0xc0010002;
    public const uint GNU_PROPERTY_X86_FEATURE_2_USED = 0xc0010001;

    public const int Elf64HeaderSize = 64, SectionHeaderSize = 64, SymbolSize = 24, RelaSize = 24, ProgramHeaderSize = 56, DynSize = 16;
}
