// A parameter validation that accepts only a power of two (Write-ElfExecutable -MaxPageSize), so a bad page size is
// a ParameterArgumentValidationError before any work, as ld's "-z max-page-size: invalid page size" is.
using System.Management.Automation;

namespace Wild.PowerShell.Cmdlets;

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidatePowerOfTwoAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        ulong value = LanguagePrimitives.ConvertTo<ulong>(arguments);
        if (value == 0 || (value & (value - 1)) != 0)
            throw new ValidationMetadataException($"{arguments} is not a power of two (a page size such as 0x1000 or 0x200000).");
    }
}
