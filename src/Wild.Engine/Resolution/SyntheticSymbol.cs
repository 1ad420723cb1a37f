// A symbol the linker defines itself (__ehdr_start, _end, __start_SEC, --defsym ...). Resolution decides
// which exist (only those referenced and not defined by an input); layout computes their values.
namespace Wild.Engine.Resolution;

public enum SyntheticKind
{
    /// <summary>Start address of the output section named by Section (or 0 if absent).</summary>
    SectionStart,
    /// <summary>End address of the output section named by Section.</summary>
    SectionEnd,
    EhdrStart,
    /// <summary>End of the read-write segment (_end, end).</summary>
    End,
    /// <summary>End of initialised data (_edata, edata).</summary>
    DataEnd,
    /// <summary>Start of .bss (__bss_start).</summary>
    BssStart,
    /// <summary>End of the text segment (etext, _etext, __etext).</summary>
    TextEnd,
    GlobalOffsetTable,
    Dynamic,
    /// <summary>Start / end of the IRELATIVE relocations for static non-PIE (__rela_iplt_start/_end).</summary>
    RelaIpltStart,
    RelaIpltEnd,
    /// <summary>Start of the TLS segment (_TLS_MODULE_BASE_).</summary>
    TlsModuleBase,
    /// <summary>A fixed value: a --defsym number, or a --defsym sum or difference of symbols (AliasOf).</summary>
    Absolute,
    /// <summary>--defsym alias: another symbol's value plus a constant (AliasOf), moving with that symbol.</summary>
    Alias,
    /// <summary>Assigned by a -T linker script (plain, PROVIDE); valued by the script's walk over the layout.</summary>
    Script,
    /// <summary>Assigned by a linker script with HIDDEN or PROVIDE_HIDDEN: the same, with hidden visibility.</summary>
    ScriptHidden,
    /// <summary>A version script node's name (V1 of `V1 { ... };`): GNU ld defines one absolute object symbol, value 0,
    /// per version it defines in a dynamic output, and exports it with that version.</summary>
    VersionName,
}

/// <summary>A linker-defined symbol; <paramref name="AliasOf"/> is a --defsym expression (DefSymExpression) evaluated
/// once addresses are known; <paramref name="Visibility"/> the most constraining one its references ask for (an
/// object's hidden reference to _end makes it hidden, as the gABI merges visibility).</summary>
public sealed record SyntheticSymbol(string Name, SyntheticKind Kind, string? Section = null, ulong Value = 0, string? AliasOf = null,
    byte Visibility = 0);
