// The x86 features (control-flow protection, linear address masking) a link may mark its output with whatever its
// inputs say, as ld's -z ibt, -z shstk, -z lam-u48 and -z lam-u57 do (Write-ElfExecutable -X86Feature); the values are the GNU_PROPERTY_X86_FEATURE_1_* bits.
// Which features the inputs all have is the link's own decision.
namespace Wild.PowerShell;

[Flags]
public enum X86FeatureRequest : uint
{
    None = 0,
    /// <summary>-z ibt: indirect branch tracking (GNU_PROPERTY_X86_FEATURE_1_IBT).</summary>
    Ibt = 0x1,
    /// <summary>-z shstk: shadow stack (GNU_PROPERTY_X86_FEATURE_1_SHSTK).</summary>
    ShadowStack = 0x2,
    /// <summary>-z lam-u48: 48-bit linear address masking (GNU_PROPERTY_X86_FEATURE_1_LAM_U48; LamU57 with it, as
    /// GNU ld marks it).</summary>
    LamU48 = 0x4,
    /// <summary>-z lam-u57: 57-bit linear address masking (GNU_PROPERTY_X86_FEATURE_1_LAM_U57).</summary>
    LamU57 = 0x8,
}
