// The x86 control-flow protection features a link may mark its output with whatever its inputs say, as ld's
// -z ibt and -z shstk do (Write-ElfExecutable -X86Feature); the values are the GNU_PROPERTY_X86_FEATURE_1_* bits.
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
}
