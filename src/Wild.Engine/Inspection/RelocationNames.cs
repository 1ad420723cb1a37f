// Relocation type names for the machines inspection reads, as readelf prints them: x86-64 (Elf/RelocationType),
// i386, AArch64 (LP64) and RISC-V. The numbers and names are the psABIs' (taken from the system's <elf.h>, with
// binutils' spellings where the two differ: R_386_JUMP_SLOT, R_AARCH64_TLS_DTPMOD64...). A number a table does not
// hold is "unknown relocation type N", as the link says it; a type of a machine without a table here (32-bit Arm,
// PowerPC...) is its number alone: a name from another machine's table would lie.
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Inspection;

public static class RelocationNames
{
    /// <summary>The psABI name of relocation <paramref name="type"/> on <paramref name="machine"/> (e_machine),
    /// or what is known of it when it has none here.</summary>
    public static string Name(ushort machine, uint type) => machine switch
    {
        EM_X86_64 => Elf.RelocationType.Name(type),
        EM_386 => I386(type) ?? Unknown(type),
        EM_AARCH64 => AArch64(type) ?? Unknown(type),
        EM_RISCV => RiscV(type) ?? Unknown(type),
        _ => type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Whether <see cref="Name"/> knows the names of <paramref name="machine"/>'s relocations.</summary>
    public static bool HasNames(ushort machine) => machine is EM_X86_64 or EM_386 or EM_AARCH64 or EM_RISCV;

    private static string Unknown(uint type) => $"unknown relocation type {type}";

    private static string? I386(uint type) => type switch
    {
        0 => "R_386_NONE", 1 => "R_386_32", 2 => "R_386_PC32", 3 => "R_386_GOT32", 4 => "R_386_PLT32",
        5 => "R_386_COPY", 6 => "R_386_GLOB_DAT", 7 => "R_386_JUMP_SLOT", 8 => "R_386_RELATIVE", 9 => "R_386_GOTOFF",
        10 => "R_386_GOTPC", 11 => "R_386_32PLT", 14 => "R_386_TLS_TPOFF", 15 => "R_386_TLS_IE",
        16 => "R_386_TLS_GOTIE", 17 => "R_386_TLS_LE", 18 => "R_386_TLS_GD", 19 => "R_386_TLS_LDM", 20 => "R_386_16",
        21 => "R_386_PC16", 22 => "R_386_8", 23 => "R_386_PC8", 24 => "R_386_TLS_GD_32", 25 => "R_386_TLS_GD_PUSH",
        26 => "R_386_TLS_GD_CALL", 27 => "R_386_TLS_GD_POP", 28 => "R_386_TLS_LDM_32", 29 => "R_386_TLS_LDM_PUSH",
        30 => "R_386_TLS_LDM_CALL", 31 => "R_386_TLS_LDM_POP", 32 => "R_386_TLS_LDO_32", 33 => "R_386_TLS_IE_32",
        34 => "R_386_TLS_LE_32", 35 => "R_386_TLS_DTPMOD32", 36 => "R_386_TLS_DTPOFF32", 37 => "R_386_TLS_TPOFF32",
        38 => "R_386_SIZE32", 39 => "R_386_TLS_GOTDESC", 40 => "R_386_TLS_DESC_CALL", 41 => "R_386_TLS_DESC",
        42 => "R_386_IRELATIVE", 43 => "R_386_GOT32X",
        _ => null,
    };

    private static string? AArch64(uint type) => type switch
    {
        0 => "R_AARCH64_NONE", 257 => "R_AARCH64_ABS64", 258 => "R_AARCH64_ABS32", 259 => "R_AARCH64_ABS16",
        260 => "R_AARCH64_PREL64", 261 => "R_AARCH64_PREL32", 262 => "R_AARCH64_PREL16",
        263 => "R_AARCH64_MOVW_UABS_G0", 264 => "R_AARCH64_MOVW_UABS_G0_NC", 265 => "R_AARCH64_MOVW_UABS_G1",
        266 => "R_AARCH64_MOVW_UABS_G1_NC", 267 => "R_AARCH64_MOVW_UABS_G2", 268 => "R_AARCH64_MOVW_UABS_G2_NC",
        269 => "R_AARCH64_MOVW_UABS_G3", 270 => "R_AARCH64_MOVW_SABS_G0", 271 => "R_AARCH64_MOVW_SABS_G1",
        272 => "R_AARCH64_MOVW_SABS_G2", 273 => "R_AARCH64_LD_PREL_LO19", 274 => "R_AARCH64_ADR_PREL_LO21",
        275 => "R_AARCH64_ADR_PREL_PG_HI21", 276 => "R_AARCH64_ADR_PREL_PG_HI21_NC", 277 => "R_AARCH64_ADD_ABS_LO12_NC",
        278 => "R_AARCH64_LDST8_ABS_LO12_NC", 279 => "R_AARCH64_TSTBR14", 280 => "R_AARCH64_CONDBR19",
        282 => "R_AARCH64_JUMP26", 283 => "R_AARCH64_CALL26", 284 => "R_AARCH64_LDST16_ABS_LO12_NC",
        285 => "R_AARCH64_LDST32_ABS_LO12_NC", 286 => "R_AARCH64_LDST64_ABS_LO12_NC", 287 => "R_AARCH64_MOVW_PREL_G0",
        288 => "R_AARCH64_MOVW_PREL_G0_NC", 289 => "R_AARCH64_MOVW_PREL_G1", 290 => "R_AARCH64_MOVW_PREL_G1_NC",
        291 => "R_AARCH64_MOVW_PREL_G2", 292 => "R_AARCH64_MOVW_PREL_G2_NC", 293 => "R_AARCH64_MOVW_PREL_G3",
        299 => "R_AARCH64_LDST128_ABS_LO12_NC", 300 => "R_AARCH64_MOVW_GOTOFF_G0", 301 => "R_AARCH64_MOVW_GOTOFF_G0_NC",
        302 => "R_AARCH64_MOVW_GOTOFF_G1", 303 => "R_AARCH64_MOVW_GOTOFF_G1_NC", 304 => "R_AARCH64_MOVW_GOTOFF_G2",
        305 => "R_AARCH64_MOVW_GOTOFF_G2_NC", 306 => "R_AARCH64_MOVW_GOTOFF_G3", 307 => "R_AARCH64_GOTREL64",
        308 => "R_AARCH64_GOTREL32", 309 => "R_AARCH64_GOT_LD_PREL19", 310 => "R_AARCH64_LD64_GOTOFF_LO15",
        311 => "R_AARCH64_ADR_GOT_PAGE", 312 => "R_AARCH64_LD64_GOT_LO12_NC", 313 => "R_AARCH64_LD64_GOTPAGE_LO15",
        512 => "R_AARCH64_TLSGD_ADR_PREL21", 513 => "R_AARCH64_TLSGD_ADR_PAGE21", 514 => "R_AARCH64_TLSGD_ADD_LO12_NC",
        515 => "R_AARCH64_TLSGD_MOVW_G1", 516 => "R_AARCH64_TLSGD_MOVW_G0_NC", 517 => "R_AARCH64_TLSLD_ADR_PREL21",
        518 => "R_AARCH64_TLSLD_ADR_PAGE21", 519 => "R_AARCH64_TLSLD_ADD_LO12_NC", 520 => "R_AARCH64_TLSLD_MOVW_G1",
        521 => "R_AARCH64_TLSLD_MOVW_G0_NC", 522 => "R_AARCH64_TLSLD_LD_PREL19",
        523 => "R_AARCH64_TLSLD_MOVW_DTPREL_G2", 524 => "R_AARCH64_TLSLD_MOVW_DTPREL_G1",
        525 => "R_AARCH64_TLSLD_MOVW_DTPREL_G1_NC", 526 => "R_AARCH64_TLSLD_MOVW_DTPREL_G0",
        527 => "R_AARCH64_TLSLD_MOVW_DTPREL_G0_NC", 528 => "R_AARCH64_TLSLD_ADD_DTPREL_HI12",
        529 => "R_AARCH64_TLSLD_ADD_DTPREL_LO12", 530 => "R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC",
        531 => "R_AARCH64_TLSLD_LDST8_DTPREL_LO12", 532 => "R_AARCH64_TLSLD_LDST8_DTPREL_LO12_NC",
        533 => "R_AARCH64_TLSLD_LDST16_DTPREL_LO12", 534 => "R_AARCH64_TLSLD_LDST16_DTPREL_LO12_NC",
        535 => "R_AARCH64_TLSLD_LDST32_DTPREL_LO12", 536 => "R_AARCH64_TLSLD_LDST32_DTPREL_LO12_NC",
        537 => "R_AARCH64_TLSLD_LDST64_DTPREL_LO12", 538 => "R_AARCH64_TLSLD_LDST64_DTPREL_LO12_NC",
        539 => "R_AARCH64_TLSIE_MOVW_GOTTPREL_G1", 540 => "R_AARCH64_TLSIE_MOVW_GOTTPREL_G0_NC",
        541 => "R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21", 542 => "R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC",
        543 => "R_AARCH64_TLSIE_LD_GOTTPREL_PREL19", 544 => "R_AARCH64_TLSLE_MOVW_TPREL_G2",
        545 => "R_AARCH64_TLSLE_MOVW_TPREL_G1", 546 => "R_AARCH64_TLSLE_MOVW_TPREL_G1_NC",
        547 => "R_AARCH64_TLSLE_MOVW_TPREL_G0", 548 => "R_AARCH64_TLSLE_MOVW_TPREL_G0_NC",
        549 => "R_AARCH64_TLSLE_ADD_TPREL_HI12", 550 => "R_AARCH64_TLSLE_ADD_TPREL_LO12",
        551 => "R_AARCH64_TLSLE_ADD_TPREL_LO12_NC", 552 => "R_AARCH64_TLSLE_LDST8_TPREL_LO12",
        553 => "R_AARCH64_TLSLE_LDST8_TPREL_LO12_NC", 554 => "R_AARCH64_TLSLE_LDST16_TPREL_LO12",
        555 => "R_AARCH64_TLSLE_LDST16_TPREL_LO12_NC", 556 => "R_AARCH64_TLSLE_LDST32_TPREL_LO12",
        557 => "R_AARCH64_TLSLE_LDST32_TPREL_LO12_NC", 558 => "R_AARCH64_TLSLE_LDST64_TPREL_LO12",
        559 => "R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC", 560 => "R_AARCH64_TLSDESC_LD_PREL19",
        561 => "R_AARCH64_TLSDESC_ADR_PREL21", 562 => "R_AARCH64_TLSDESC_ADR_PAGE21",
        563 => "R_AARCH64_TLSDESC_LD64_LO12", 564 => "R_AARCH64_TLSDESC_ADD_LO12", 565 => "R_AARCH64_TLSDESC_OFF_G1",
        566 => "R_AARCH64_TLSDESC_OFF_G0_NC", 567 => "R_AARCH64_TLSDESC_LDR", 568 => "R_AARCH64_TLSDESC_ADD",
        569 => "R_AARCH64_TLSDESC_CALL", 570 => "R_AARCH64_TLSLE_LDST128_TPREL_LO12",
        571 => "R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC", 572 => "R_AARCH64_TLSLD_LDST128_DTPREL_LO12",
        573 => "R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC", 1024 => "R_AARCH64_COPY", 1025 => "R_AARCH64_GLOB_DAT",
        1026 => "R_AARCH64_JUMP_SLOT", 1027 => "R_AARCH64_RELATIVE", 1028 => "R_AARCH64_TLS_DTPMOD64",
        1029 => "R_AARCH64_TLS_DTPREL64", 1030 => "R_AARCH64_TLS_TPREL64", 1031 => "R_AARCH64_TLSDESC",
        1032 => "R_AARCH64_IRELATIVE",
        _ => null,
    };

    private static string? RiscV(uint type) => type switch
    {
        0 => "R_RISCV_NONE", 1 => "R_RISCV_32", 2 => "R_RISCV_64", 3 => "R_RISCV_RELATIVE", 4 => "R_RISCV_COPY",
        5 => "R_RISCV_JUMP_SLOT", 6 => "R_RISCV_TLS_DTPMOD32", 7 => "R_RISCV_TLS_DTPMOD64", 8 => "R_RISCV_TLS_DTPREL32",
        9 => "R_RISCV_TLS_DTPREL64", 10 => "R_RISCV_TLS_TPREL32", 11 => "R_RISCV_TLS_TPREL64", 16 => "R_RISCV_BRANCH",
        17 => "R_RISCV_JAL", 18 => "R_RISCV_CALL", 19 => "R_RISCV_CALL_PLT", 20 => "R_RISCV_GOT_HI20",
        21 => "R_RISCV_TLS_GOT_HI20", 22 => "R_RISCV_TLS_GD_HI20", 23 => "R_RISCV_PCREL_HI20",
        24 => "R_RISCV_PCREL_LO12_I", 25 => "R_RISCV_PCREL_LO12_S", 26 => "R_RISCV_HI20", 27 => "R_RISCV_LO12_I",
        28 => "R_RISCV_LO12_S", 29 => "R_RISCV_TPREL_HI20", 30 => "R_RISCV_TPREL_LO12_I", 31 => "R_RISCV_TPREL_LO12_S",
        32 => "R_RISCV_TPREL_ADD", 33 => "R_RISCV_ADD8", 34 => "R_RISCV_ADD16", 35 => "R_RISCV_ADD32",
        36 => "R_RISCV_ADD64", 37 => "R_RISCV_SUB8", 38 => "R_RISCV_SUB16", 39 => "R_RISCV_SUB32",
        40 => "R_RISCV_SUB64", 43 => "R_RISCV_ALIGN", 44 => "R_RISCV_RVC_BRANCH", 45 => "R_RISCV_RVC_JUMP",
        46 => "R_RISCV_RVC_LUI", 47 => "R_RISCV_GPREL_I", 48 => "R_RISCV_GPREL_S", 49 => "R_RISCV_TPREL_I",
        50 => "R_RISCV_TPREL_S", 51 => "R_RISCV_RELAX", 52 => "R_RISCV_SUB6", 53 => "R_RISCV_SET6",
        54 => "R_RISCV_SET8", 55 => "R_RISCV_SET16", 56 => "R_RISCV_SET32", 57 => "R_RISCV_32_PCREL",
        58 => "R_RISCV_IRELATIVE",
        _ => null,
    };
}
