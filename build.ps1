<#
.SYNOPSIS
The one entry point for building, testing, publishing, demonstrating and benchmarking Wild.

.DESCRIPTION
Run it through the PowerShell pinned in .config/dotnet-tools.json:

    dotnet tool restore
    dotnet pwsh ./build.ps1 <task>

Tasks:
  build    dotnet build Wild.slnx.
  publish  NativeAOT `wild` at dist/wild (plus dist/ld and dist/ld.wild symlinks, so `gcc -B dist/` links
           with it) and the importable module at dist/Wild/Wild.psd1, with its help built from docs/.
  test     publish, then the xunit tests and the Pester tests (in a child pwsh that imports dist/Wild,
           never src/). Ends with one line `N passed, N failed` over both runners.
  demo     publish, compile samples/hello, link it statically with the cmdlet pipeline and with
           `gcc -B dist/ -static`, run both and compare them with the GNU ld link.
  bench    publish, then bench/Invoke-Benchmark.ps1: replay captured linker command lines with
           ld.bfd, ld.gold, ld.lld, mold and wild; results in bench/results/.
  install  publish, then copy dist/Wild into the user's module folder (the first $env:PSModulePath entry under
           $HOME, ~/.local/share/powershell/Modules on Linux) as Wild/<version>, so `Import-Module Wild` works by name
           in any new pwsh. -ModuleInstallPath picks another module folder.
  package  publish, then build artifacts/package/Wild.<version>.nupkg with PSResourceGet's Compress-PSResource: a
           module package a PSResourceGet repository (a folder, or a NuGet feed) accepts, for Install-PSResource.
  clean    remove bin/, obj/, dist/, artifacts/, TestResults/ and bench scratch files.

Every native command goes through Invoke-Native, which throws on a non-zero exit code.

.PARAMETER Task
The task to run (default: build).

.PARAMETER ModuleInstallPath
install only: the module folder to install into (default: the current user's, the first $env:PSModulePath
entry under $HOME). The module goes to <ModuleInstallPath>/Wild/<version>, replacing that version if present.

.PARAMETER NoPublish
install and package only: use the module already in dist/Wild (as publish or test left it) instead of
publishing again.

.PARAMETER Configuration
The .NET configuration (default: Release; NativeAOT publishing and benchmarks want Release).

.PARAMETER Rounds
bench only: how many interleaved timed rounds to run per workload (default: 10).

.PARAMETER Workload
bench only: the workloads to run (names of bench/workloads/*.psd1 without the extension; wildcards and
comma lists allowed, e.g. 'static-hello,scaling-*'); default: all of them. A partial run writes
bench/results/partial.md and partial.svg instead of latest.md and latest.svg.

.EXAMPLE
dotnet pwsh ./build.ps1 build

Builds every project of Wild.slnx in Release.

.EXAMPLE
dotnet pwsh ./build.ps1 publish

Publishes dist/wild (NativeAOT), dist/ld and dist/ld.wild, and the module at dist/Wild/.

.EXAMPLE
dotnet pwsh ./build.ps1 test

Publishes, runs the xunit and Pester tests and prints `N passed, N failed`; fails if any test failed.

.EXAMPLE
dotnet pwsh ./build.ps1 demo

Links samples/hello statically with the cmdlet pipeline and with `gcc -B dist/`, runs both, compares them.

.EXAMPLE
dotnet pwsh ./build.ps1 bench -Rounds 20

Benchmarks wild against ld.bfd, ld.gold, ld.lld and mold (installing lld-19 and mold with apt-get if missing).

.EXAMPLE
dotnet pwsh ./build.ps1 bench -Rounds 2 -Workload 'static-hello,scaling-10k*'

Publishes, then benchmarks only the static hello world and the 10k-symbol generated workloads.

.EXAMPLE
dotnet pwsh ./build.ps1 install

Publishes and installs the module for the current user; then `Import-Module Wild` in any pwsh.

.EXAMPLE
dotnet pwsh ./build.ps1 package

Publishes and writes artifacts/package/Wild.<version>.nupkg; `Register-PSResourceRepository -Name Local -Uri
./artifacts/package -Trusted` and `Install-PSResource Wild -Repository Local` install it.

.EXAMPLE
dotnet pwsh ./build.ps1 clean

Removes every build output and test result.
#>
#Requires -Version 7.4

[CmdletBinding()]
param(
    [ValidateSet('build', 'test', 'publish', 'demo', 'bench', 'install', 'package', 'clean')]
    [string] $Task = 'build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [ValidateRange(1, 1000)]
    [int] $Rounds = 10,

    [string[]] $Workload,

    [string] $ModuleInstallPath,

    [switch] $NoPublish
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
if ($env:CI) { $PSStyle.OutputRendering = 'PlainText' }  # logs, not a terminal

$RepoRoot = $PSScriptRoot
$DistDir = Join-Path $RepoRoot 'dist'
$ModuleDir = Join-Path $DistDir 'Wild'
$ArtifactsDir = Join-Path $RepoRoot 'artifacts'
$TestResultsDir = Join-Path $RepoRoot 'TestResults'
$RuntimeId = 'linux-x64'

#region Helpers

function Invoke-Native {
    <# Runs a script block of native commands and throws if the last one exited non-zero. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [scriptblock] $Command)

    Write-Verbose "native: $Command"
    $global:LASTEXITCODE = 0
    & $Command
    if ($LASTEXITCODE -ne 0) {
        throw "Native command failed with exit code ${LASTEXITCODE}: $($Command.ToString().Trim())"
    }
}

function Write-Step([string] $Message) {
    # Information stream, not Write-Host: visible by default, and capturable by callers.
    Write-Information "==> $Message" -InformationAction Continue
}

function Get-ProjectVersion {
    <# The one version of the project: VersionPrefix in Directory.Build.props. #>
    $props = [xml](Get-Content -Raw -LiteralPath (Join-Path $RepoRoot 'Directory.Build.props'))
    $prefix = $props.Project.PropertyGroup | ForEach-Object { $_.SelectSingleNode('VersionPrefix') } |
        Where-Object { $_ } | Select-Object -First 1
    if (-not $prefix) { throw 'Directory.Build.props has no VersionPrefix.' }
    return [version]$prefix.InnerText.Trim()
}

function Get-PwshCommand {
    <# How to start a child pwsh like this one: `dotnet <PSHOME>/pwsh.dll` under the dotnet tool, else this executable. #>
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($process)
}

function Invoke-ChildPwsh {
    <# Runs a script file in a fresh pwsh (no profile) and returns its exit code; output goes to this host. #>
    param(
        [Parameter(Mandatory)] [string] $ScriptPath,
        [string[]] $ArgumentList = @(),
        # Killed (exit code 124 or 137, from timeout(1)) when it runs longer: a hung child must not hang the build.
        [int] $TimeoutMinutes = 0
    )
    $pwsh = @(Get-PwshCommand)
    $exe = $pwsh[0]
    $pwshArgs = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $ScriptPath) + $ArgumentList
    if ($TimeoutMinutes -gt 0) {
        $pwshArgs = @('--kill-after=30', "$($TimeoutMinutes)m", $exe) + $pwshArgs
        $exe = 'timeout'
    }
    $global:LASTEXITCODE = 0
    & $exe @pwshArgs | Out-Host
    return $LASTEXITCODE
}

function Invoke-Program {
    <# Runs a linked program with a time limit; returns its stdout (one string) and exit code. #>
    param([Parameter(Mandatory)] [string] $Path)

    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) {
        return [pscustomobject]@{ Path = $Path; ExitCode = $null; Stdout = ''; Error = 'no output file' }
    }
    $global:LASTEXITCODE = 0
    $stdout = & timeout --kill-after=2 20 $Path
    [pscustomobject]@{
        Path     = $Path
        ExitCode = $LASTEXITCODE
        Stdout   = ($stdout -join "`n")
        Error    = $null
    }
}

#endregion

#region build / publish

function Build-Solution {
    Write-Step "dotnet build Wild.slnx ($Configuration)"
    Invoke-Native { dotnet build (Join-Path $RepoRoot 'Wild.slnx') -c $Configuration --nologo }
}

function Publish-Cli {
    <# NativeAOT `wild` -> dist/wild, with relative symlinks dist/ld and dist/ld.wild. #>
    Write-Step "dotnet publish src/Wild.Cli (NativeAOT, $RuntimeId, $Configuration)"
    $staging = Join-Path $ArtifactsDir 'publish/cli'
    if (Test-Path -LiteralPath $staging) { Remove-Item -LiteralPath $staging -Recurse -Force }
    Invoke-Native {
        dotnet publish (Join-Path $RepoRoot 'src/Wild.Cli') -r $RuntimeId -c $Configuration -o $staging --nologo
    }

    $null = New-Item -ItemType Directory -Force -Path $DistDir
    $wild = Join-Path $DistDir 'wild'
    Copy-Item -LiteralPath (Join-Path $staging 'wild') -Destination $wild -Force
    foreach ($name in 'ld', 'ld.wild') {
        $link = Join-Path $DistDir $name
        if (Test-Path -LiteralPath $link) { Remove-Item -LiteralPath $link -Force }
        # Relative target, so dist/ can be moved or copied as a whole.
        $null = [IO.File]::CreateSymbolicLink($link, 'wild')
    }
}

function Publish-Module {
    <# Lays out the importable module at dist/Wild/ with a stamped manifest. #>
    Write-Step "dotnet publish src/Wild.PowerShell ($Configuration) -> dist/Wild"
    $source = Join-Path $RepoRoot 'src/Wild.PowerShell'
    $staging = Join-Path $ArtifactsDir 'publish/module'
    if (Test-Path -LiteralPath $staging) { Remove-Item -LiteralPath $staging -Recurse -Force }
    # ReadyToRun: the module runs inside pwsh, which would otherwise JIT the engine on every first link and run
    # it unoptimised until tiering catches up (static hello through the pipeline: 269 -> 114 ms first, 37 -> 23 ms warm).
    Invoke-Native {
        dotnet publish $source -c $Configuration -r $RuntimeId --self-contained false -p:PublishReadyToRun=true -o $staging --nologo
    }

    if (Test-Path -LiteralPath $ModuleDir) { Remove-Item -LiteralPath $ModuleDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleDir

    # The host provides System.Management.Automation; shipping our own copy would break loading.
    Get-ChildItem -LiteralPath $staging -File |
        Where-Object { $_.Extension -in '.dll', '.pdb' -and $_.BaseName -ne 'System.Management.Automation' } |
        Copy-Item -Destination $ModuleDir

    # Every format/types file in the source folder ships; the manifest keeps only the entries that exist.
    $ps1xml = @(Get-ChildItem -LiteralPath $source -Filter '*.ps1xml' -File)
    $ps1xml | Copy-Item -Destination $ModuleDir
    $help = Join-Path $source 'en-US'
    if (Test-Path -LiteralPath $help) { Copy-Item -LiteralPath $help -Destination $ModuleDir -Recurse }
    # Get-Help's files from docs/*.md: PlatyPS's New-ExternalHelp when installed, else the script's own converter.
    Write-Step 'help: docs/*.md -> dist/Wild/en-US (build/ConvertTo-MamlHelp.ps1)'
    & (Join-Path $RepoRoot 'build/ConvertTo-MamlHelp.ps1') -DocsPath (Join-Path $RepoRoot 'docs') -OutputPath (Join-Path $ModuleDir 'en-US')

    $manifest = Join-Path $ModuleDir 'Wild.psd1'
    $version = Get-ProjectVersion
    Write-ModuleManifest -Source (Join-Path $RepoRoot 'Wild.psd1') -Destination $manifest -Version $version `
        -PresentFiles @($ps1xml.Name)

    $checked = Test-ModuleManifest -Path $manifest
    if ($checked.Version -ne $version) { throw "dist manifest version $($checked.Version) is not $version." }
}

function Write-ModuleManifest {
    <# Copies the source manifest, stamping ModuleVersion and dropping ps1xml entries whose file is absent. #>
    param(
        [Parameter(Mandatory)] [string] $Source,
        [Parameter(Mandatory)] [string] $Destination,
        [Parameter(Mandatory)] [version] $Version,
        [AllowEmptyCollection()] [string[]] $PresentFiles = @()
    )
    $text = Get-Content -Raw -LiteralPath $Source
    $versionLine = "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'"
    if (-not [regex]::IsMatch($text, $versionLine)) { throw "No ModuleVersion = '...' line to stamp in $Source." }
    $stamped = [regex]::Replace($text, $versionLine, "`${1}'$Version'")
    foreach ($key in 'FormatsToProcess', 'TypesToProcess') {
        # One line per key, @('a.ps1xml', 'b.ps1xml'): keep the names whose file ships.
        $stamped = [regex]::Replace($stamped, "(?m)^(\s*$key\s*=\s*).*$", {
                param($m)
                $names = @([regex]::Matches($m.Value, "'([^']+\.ps1xml)'") | ForEach-Object { $_.Groups[1].Value } |
                        Where-Object { $_ -in $PresentFiles })
                $m.Groups[1].Value + '@(' + (($names | ForEach-Object { "'$_'" }) -join ', ') + ')'
            })
    }
    Set-Content -LiteralPath $Destination -Value $stamped -NoNewline -Encoding utf8NoBOM
}

function Publish-All {
    Publish-Cli
    Publish-Module
    Write-Step "published: $(Join-Path $DistDir 'wild'), $(Join-Path $DistDir 'ld') -> wild, $(Join-Path $ModuleDir 'Wild.psd1')"
}

#endregion

#region test

function Test-Engine {
    <# xunit over tests/Wild.Engine.Tests; returns counts parsed from the trx file. #>
    Write-Step "dotnet test tests/Wild.Engine.Tests ($Configuration)"
    $trxName = 'engine.trx'
    $trx = Join-Path $TestResultsDir $trxName
    if (Test-Path -LiteralPath $trx) { Remove-Item -LiteralPath $trx -Force }

    # The tests find dist/ (published wild, corpus outputs) through the repo root.
    $env:WILD_REPO_ROOT = $RepoRoot
    $global:LASTEXITCODE = 0
    # A test that hangs (a deadlocked link, a child that never exits) must fail the run with its name, not run CI
    # into its time limit: past 20 minutes in one test, vstest kills the test host and names the tests in progress.
    dotnet test (Join-Path $RepoRoot 'tests/Wild.Engine.Tests') -c $Configuration --nologo `
        --blame-hang-timeout 20m --blame-hang-dump-type none `
        --logger "trx;LogFileName=$trxName" --results-directory $TestResultsDir | Out-Host
    $exitCode = $LASTEXITCODE

    if (-not (Test-Path -LiteralPath $trx)) {
        throw "dotnet test exited with $exitCode and wrote no results ($trx): the test project did not build or run."
    }
    $counters = ([xml](Get-Content -Raw -LiteralPath $trx)).TestRun.ResultSummary.Counters
    $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    [pscustomobject]@{
        Runner   = 'xunit'
        Passed   = [int]$counters.passed
        Failed   = $failed
        Skipped  = [int]$counters.total - [int]$counters.executed
        ExitCode = $exitCode
    }
}

function Restore-Pester {
    <# Restores the pinned Pester through NuGet (build/tools/Tools.csproj) and returns its manifest path. #>
    Write-Step 'restore Pester (build/tools/Tools.csproj)'
    $tools = Join-Path $RepoRoot 'build/tools/Tools.csproj'
    Invoke-Native { dotnet restore $tools --nologo } | Out-Host

    $version = ([xml](Get-Content -Raw -LiteralPath $tools)).SelectSingleNode('//PackageDownload[@Include="Pester"]').Version.Trim('[', ']')
    $line = Invoke-Native { dotnet nuget locals global-packages --list }
    $packages = ("$line" -replace '^\s*global-packages:\s*', '').Trim()
    $manifest = Join-Path $packages "pester/$version/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $manifest)) { throw "Pester $version was restored but $manifest is missing." }
    return $manifest
}

function Test-Module {
    <# Pester over tests/Wild.PowerShell.Tests/*.Tests.ps1, in a child pwsh that imports dist/Wild. #>
    $testDir = Join-Path $RepoRoot 'tests/Wild.PowerShell.Tests'
    $testFiles = @(if (Test-Path -LiteralPath $testDir) { Get-ChildItem -LiteralPath $testDir -Filter '*.Tests.ps1' -File })
    $pester = Restore-Pester
    if ($testFiles.Count -eq 0) {
        Write-Step "Pester: no *.Tests.ps1 under $testDir (0 tests)"
        return [pscustomobject]@{ Runner = 'Pester'; Passed = 0; Failed = 0; Skipped = 0; ExitCode = 0 }
    }

    Write-Step "Pester: $($testFiles.Count) file(s), child pwsh importing dist/Wild/Wild.psd1"
    $null = New-Item -ItemType Directory -Force -Path $TestResultsDir
    $summary = Join-Path $TestResultsDir 'pester-summary.json'
    if (Test-Path -LiteralPath $summary) { Remove-Item -LiteralPath $summary -Force }
    $env:WILD_REPO_ROOT = $RepoRoot
    # The Pester run takes a few minutes; 30 is a hang, which fails the run below (no summary written).
    $exitCode = Invoke-ChildPwsh -TimeoutMinutes 30 -ScriptPath (Join-Path $RepoRoot 'build/Invoke-ModuleTests.ps1') -ArgumentList @(
        '-PesterManifest', $pester
        '-ModuleManifest', (Join-Path $ModuleDir 'Wild.psd1')
        '-ResultPath', (Join-Path $TestResultsDir 'pester.xml')
        '-SummaryPath', $summary
        '-TestDirectory', $testDir
    )
    if (-not (Test-Path -LiteralPath $summary)) {
        throw "The Pester run exited with $exitCode before writing $summary."
    }
    $counts = Get-Content -Raw -LiteralPath $summary | ConvertFrom-Json
    [pscustomobject]@{
        Runner   = 'Pester'
        Passed   = [int]$counts.Passed
        Failed   = [int]$counts.Failed
        Skipped  = [int]$counts.Skipped
        ExitCode = $exitCode
    }
}

function Invoke-TestTask {
    Publish-All
    $null = New-Item -ItemType Directory -Force -Path $TestResultsDir
    $results = @(Test-Engine; Test-Module)

    foreach ($r in $results) {
        Write-Step ('{0,-6} passed {1}, failed {2}, skipped {3} (exit code {4})' -f $r.Runner, $r.Passed, $r.Failed, $r.Skipped, $r.ExitCode)
    }
    $passed = ($results | Measure-Object -Property Passed -Sum).Sum
    $failed = ($results | Measure-Object -Property Failed -Sum).Sum
    # The closing line CI reads; keep it exactly in this form and last.
    Write-Output "$passed passed, $failed failed"

    $broken = @($results | Where-Object { $_.Failed -gt 0 -or $_.ExitCode -ne 0 })
    if ($broken.Count -gt 0) {
        throw "Tests failed: $(($broken | ForEach-Object { "$($_.Runner) ($($_.Failed) failed, exit code $($_.ExitCode))" }) -join ', ')."
    }
}

#endregion

#region demo

function Build-DemoObjects {
    <# Compiles samples/hello/*.c to objects; returns their paths in a fixed order. #>
    param([Parameter(Mandatory)] [string] $OutDir)
    $sampleDir = Join-Path $RepoRoot 'samples/hello'
    $null = New-Item -ItemType Directory -Force -Path $OutDir
    foreach ($source in Get-ChildItem -LiteralPath $sampleDir -Filter '*.c' -File | Sort-Object Name) {
        $object = Join-Path $OutDir "$($source.BaseName).o"
        Invoke-Native { gcc -c -O2 -Wall -Werror -o $object $source.FullName } | Out-Host
        $object
    }
}

function Invoke-DemoTask {
    Publish-All
    $outDir = Join-Path $ArtifactsDir 'demo'
    if (Test-Path -LiteralPath $outDir) { Remove-Item -LiteralPath $outDir -Recurse -Force }
    Write-Step 'compile samples/hello with gcc'
    $objects = @(Build-DemoObjects -OutDir $outDir)

    $reference = Join-Path $outDir 'hello-gnu-ld'
    $viaPipeline = Join-Path $outDir 'hello-pipeline'
    $viaGcc = Join-Path $outDir 'hello-gcc-wild'

    Write-Step 'reference: gcc -static (GNU ld)'
    Invoke-Native { gcc -static -o $reference @objects }

    Write-Step 'Wild, cmdlet pipeline: Read-ElfObject | Resolve-ElfSymbol | Write-ElfExecutable -OutputKind Static'
    $pipelineExit = Invoke-ChildPwsh -ScriptPath (Join-Path $RepoRoot 'samples/hello/Link-Hello.ps1') -ArgumentList (
        @('-ModulePath', (Join-Path $ModuleDir 'Wild.psd1'), '-OutputPath', $viaPipeline) + $objects)

    Write-Step "Wild, gcc driver: gcc -B $DistDir/ -static"
    $global:LASTEXITCODE = 0
    gcc -B "$DistDir/" -static -o $viaGcc @objects | Out-Host
    $gccExit = $LASTEXITCODE

    $expected = Invoke-Program -Path $reference
    if ($expected.ExitCode -ne 0) { throw "The GNU ld reference $reference itself exited with $($expected.ExitCode)." }
    $rows = @(
        [pscustomobject]@{ Link = 'GNU ld (reference)'; LinkExit = 0; Run = $expected }
        [pscustomobject]@{ Link = 'Wild cmdlet pipeline'; LinkExit = $pipelineExit; Run = Invoke-Program -Path $viaPipeline }
        [pscustomobject]@{ Link = 'Wild via gcc -B dist/'; LinkExit = $gccExit; Run = Invoke-Program -Path $viaGcc }
    )

    $failures = @()
    foreach ($row in $rows) {
        $run = $row.Run
        $verdict = if ($row.LinkExit -ne 0) { "link failed (exit code $($row.LinkExit))" }
        elseif ($run.Error) { $run.Error }
        elseif ($run.ExitCode -ne $expected.ExitCode) { "exit code $($run.ExitCode), expected $($expected.ExitCode)" }
        elseif ($run.Stdout -cne $expected.Stdout) { 'stdout differs from the GNU ld build' }
        else { 'OK' }
        if ($verdict -ne 'OK') { $failures += "$($row.Link): $verdict" }

        Write-Information "--- $($row.Link): $verdict" -InformationAction Continue
        if ($run.Stdout) { Write-Information $run.Stdout -InformationAction Continue }
    }
    if ($failures.Count -gt 0) { throw "demo failed: $($failures -join '; ')" }
    Write-Step 'demo: both Wild links behave like the GNU ld link'
}

#endregion

#region install / package

function Get-UserModulePath {
    <# The current user's module folder: the first PSModulePath entry under $HOME (PowerShell puts it first). #>
    $home_ = [Environment]::GetFolderPath('UserProfile')
    $entry = @($env:PSModulePath -split [IO.Path]::PathSeparator | Where-Object { $_ -and $_.StartsWith($home_, [StringComparison]::Ordinal) })[0]
    if (-not $entry) { $entry = Join-Path $home_ '.local/share/powershell/Modules' }
    return $entry
}

function Invoke-InstallTask {
    if (-not $NoPublish) { Publish-All }
    if (-not (Test-Path -LiteralPath (Join-Path $ModuleDir 'Wild.psd1'))) { throw "No module at ${ModuleDir}: run ./build.ps1 publish first." }
    $root = if ($ModuleInstallPath) { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ModuleInstallPath) } else { Get-UserModulePath }
    $version = Get-ProjectVersion
    $target = Join-Path $root "Wild/$version"
    Write-Step "install dist/Wild -> $target"
    # A version folder holds exactly one build: replace it whole, so no file of an older build lingers.
    if (Test-Path -LiteralPath $target) { Remove-Item -LiteralPath $target -Recurse -Force }
    $null = New-Item -ItemType Directory -Force -Path $target
    Copy-Item -Path (Join-Path $ModuleDir '*') -Destination $target -Recurse
    $checked = Test-ModuleManifest -Path (Join-Path $target 'Wild.psd1')
    if ($checked.Version -ne $version) { throw "installed manifest version $($checked.Version) is not $version." }
    $onPath = @($env:PSModulePath -split [IO.Path]::PathSeparator) -contains $root
    Write-Step ("installed Wild $version" + $(if ($onPath) { "; Import-Module Wild loads it" } else { "; $root is not on PSModulePath: add it to load Wild by name" }))
}

function Invoke-PackageTask {
    if (-not $NoPublish) { Publish-All }
    if (-not (Test-Path -LiteralPath (Join-Path $ModuleDir 'Wild.psd1'))) { throw "No module at ${ModuleDir}: run ./build.ps1 publish first." }
    $out = Join-Path $ArtifactsDir 'package'
    if (Test-Path -LiteralPath $out) { Remove-Item -LiteralPath $out -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $out
    # Compress-PSResource wants the module in a folder named after it: dist/Wild is that folder.
    Write-Step "Compress-PSResource dist/Wild -> $out"
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    Compress-PSResource -Path $ModuleDir -DestinationPath $out
    $package = @(Get-ChildItem -LiteralPath $out -Filter 'Wild.*.nupkg')
    if ($package.Count -ne 1) { throw "Compress-PSResource wrote $($package.Count) packages to $out, expected one." }
    Write-Step "package: $($package[0].FullName)"
}

#endregion

#region bench / clean

function Invoke-BenchTask {
    Publish-All
    $benchArgs = @{ Rounds = $Rounds; WildPath = (Join-Path $DistDir 'wild'); ModulePath = (Join-Path $ModuleDir 'Wild.psd1') }
    if ($Workload) { $benchArgs.Workload = $Workload }
    & (Join-Path $RepoRoot 'bench/Invoke-Benchmark.ps1') @benchArgs
}

function Invoke-CleanTask {
    Write-Step 'clean'
    $targets = @(
        Get-ChildItem -LiteralPath $RepoRoot -Directory -Recurse -Force -Include 'bin', 'obj' |
            Where-Object { $_.FullName -notmatch '[\\/]\.git[\\/]' }
        $DistDir, $ArtifactsDir, $TestResultsDir, (Join-Path $RepoRoot 'bench/results/tmp')
    )
    foreach ($target in $targets) {
        $path = if ($target -is [IO.FileSystemInfo]) { $target.FullName } else { $target }
        if (Test-Path -LiteralPath $path) {
            Write-Verbose "remove $path"
            Remove-Item -LiteralPath $path -Recurse -Force
        }
    }
}

#endregion

Push-Location -LiteralPath $RepoRoot
try {
    switch ($Task) {
        'build' { Build-Solution }
        'publish' { Publish-All }
        'test' { Invoke-TestTask }
        'demo' { Invoke-DemoTask }
        'bench' { Invoke-BenchTask }
        'install' { Invoke-InstallTask }
        'package' { Invoke-PackageTask }
        'clean' { Invoke-CleanTask }
    }
}
finally {
    Pop-Location
}
