#
# Source manifest of the Wild module. Do not import it from here: `./build.ps1 publish` lays out the
# importable module at dist/Wild/, stamping ModuleVersion from Directory.Build.props (VersionPrefix) and
# keeping in FormatsToProcess / TypesToProcess only the ps1xml files that exist in src/Wild.PowerShell.
#
@{
    RootModule           = 'Wild.PowerShell.dll'

    # Placeholder: replaced by `./build.ps1 publish`.
    ModuleVersion        = '0.0.0'

    GUID                 = '7b9b52db-e9d5-4aee-9ffe-87344ca81729'
    Author               = 'Wild for PowerShell developers'
    CompanyName          = 'Wild for PowerShell developers'
    Copyright            = '(c) Wild for PowerShell developers.'
    Description          = 'An ELF linker for x86-64 Linux whose link stages are cmdlets: Read-ElfObject | Resolve-ElfSymbol | Write-ElfExecutable, plus cmdlets to inspect ELF objects and images.'

    # The module is built for net10.0, which only PowerShell 7.6 and later host.
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.6'

    FormatsToProcess     = @('Wild.Format.ps1xml', 'Wild.LinkMap.Format.ps1xml', 'Wild.Inspection.Format.ps1xml')
    TypesToProcess       = @('Wild.Types.ps1xml')

    # Explicit lists: no wildcards, so command discovery never has to load the assembly.
    CmdletsToExport      = @(
        'Read-ElfObject'
        'Resolve-ElfSymbol'
        'Write-ElfExecutable'
        'Get-ElfSymbol'
        'Get-ElfSection'
        'Get-ElfRelocation'
        'Get-ElfSegment'
        'Get-ElfDynamicEntry'
        'Get-ElfHeader'
        'Get-ElfNote'
        'Get-ElfString'
        'Get-ElfSectionData'
        'Get-ElfDisassembly'
        'Get-ElfVersionRequirement'
        'Get-ElfVersionDefinition'
        'Get-ElfToolchain'
        'Get-ElfLinkMap'
        'Measure-ElfImage'
        'Compare-ElfImage'
    )
    AliasesToExport      = @('Resolve-Symbols', 'Write-Executable')
    FunctionsToExport    = @()
    VariablesToExport    = @()

    PrivateData          = @{
        PSData = @{
            Tags = @('ELF', 'Linker', 'ld', 'x86-64', 'Toolchain', 'PSEdition_Core', 'Linux')
        }
    }
}
