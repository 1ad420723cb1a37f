<#
.SYNOPSIS
Runs the module's Pester tests against the published module; `./build.ps1 test` starts it in a child pwsh.

.DESCRIPTION
A separate process keeps the built assemblies out of the build's own session (so they stay unlocked and
nothing is cached between runs) and makes sure the tests see dist/Wild, never src/. Before the tests run,
the published module is imported and its manifest path is in $env:WILD_MODULE_MANIFEST; $env:WILD_REPO_ROOT
holds the repository root. Writes NUnit XML to -ResultPath and the counts as JSON to -SummaryPath.
Exits 0 only when every test and every container passed.

.EXAMPLE
dotnet pwsh ./build/Invoke-ModuleTests.ps1 -PesterManifest ~/.nuget/packages/pester/6.2.0/tools/Pester.psd1 -ModuleManifest ./dist/Wild/Wild.psd1 -TestDirectory ./tests/Wild.PowerShell.Tests -ResultPath ./TestResults/pester.xml -SummaryPath ./TestResults/pester-summary.json
#>
#Requires -Version 7.4

[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $TestDirectory,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $SummaryPath
)

$ErrorActionPreference = 'Stop'

Import-Module -Name $PesterManifest -Force
Import-Module -Name $ModuleManifest -Force
$env:WILD_MODULE_MANIFEST = (Resolve-Path -LiteralPath $ModuleManifest).Path
if (-not $env:WILD_REPO_ROOT) { $env:WILD_REPO_ROOT = Split-Path -Parent $PSScriptRoot }

$testFiles = @(Get-ChildItem -LiteralPath $TestDirectory -Filter '*.Tests.ps1' -File | ForEach-Object FullName)
if ($testFiles.Count -eq 0) {
    # Pester given no path would search the current directory; zero files means zero tests.
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; Result = 'Passed' }
}
else {
    $config = New-PesterConfiguration
    $config.Run.Path = $testFiles
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    if ($env:CI -or $env:NO_COLOR) { $config.Output.RenderMode = 'Plaintext' }
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = $ResultPath
    $result = Invoke-Pester -Configuration $config

    $counts = [ordered]@{
        Passed  = $result.PassedCount
        # A failing BeforeAll or a test file that does not parse fails blocks/containers, not tests: count them.
        Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        Skipped = $result.SkippedCount + $result.NotRunCount + $result.InconclusiveCount
        Result  = "$($result.Result)"
    }
}

$counts | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath -Encoding utf8NoBOM
exit ([int]($counts.Result -ne 'Passed' -or $counts.Failed -gt 0))
