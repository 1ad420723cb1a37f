<#
.SYNOPSIS
A release build: compiles a directory of C files with gcc and links them with the Wild cmdlet pipeline into a
reproducible static executable with a build-id and a size report.

.DESCRIPTION
The steps, each of which stops the build with a readable message and a non-zero exit code when it fails:

  1. compile every *.c file of -SourceDirectory (in ordinal name order) with gcc, from inside that directory
     and with -frandom-seed set per file, so the objects do not depend on where the tree is checked out;
  2. link them through the pipeline, the way gcc would for -OutputKind (Get-ElfToolchain asks gcc for the start
     files, library folders and libraries of that kind):
         Read-ElfObject <start files> <objects> <end files> |
             Resolve-ElfSymbol -Library <-Library, then gcc's> -LibraryPath <gcc's library directories> -OutputKind <kind> |
             Write-ElfExecutable -Path <OutputPath> -BuildId Sha1 -GcSections
     The link is deterministic: the same sources and flags give a byte-identical binary (and so the same
     build-id) on every run, whatever the number of threads;
  3. write <OutputPath>.size.txt next to the binary: the build-id (read with Get-ElfNote), the file size, every section with its
     address and size, loaded sections first (Get-ElfLinkMap), and the bytes each input file contributes
     (Measure-ElfImage -By InputFile);
  4. write the link map <OutputPath>.map next to the binary: where each input section went, which archive
     member was loaded for which symbol, and what -GcSections removed (Get-ElfLinkMap).

Exit codes: 0 built; 1 the link failed (each undefined symbol is printed as `error: undefined symbol: NAME`
with the places that refer to it, a missing library as `error: unable to find library -lNAME`); 2 a source
file did not compile; 3 the build environment is incomplete (no C files, gcc missing or unable to say where its
start files are, the Wild module missing).

.PARAMETER SourceDirectory
The directory whose *.c files make up the program.

.PARAMETER OutputPath
The executable to write. Its directory is created if needed; objects go to <OutputPath>.obj/.

.PARAMETER CompilerFlag
Flags for every gcc -c (default: -O2 -ffunction-sections -fdata-sections, so -GcSections has something to
remove).

.PARAMETER Library
Libraries to link besides the C library, by name as for gcc's -l (m for libm); searched in gcc's library folders.

.PARAMETER OutputKind
Static (default: a self-contained executable), StaticPie, Pie (a dynamic program, as plain gcc makes) or Dynamic
(dynamic, not position-independent).

.PARAMETER ModulePath
The Wild module to import (default: this repository's dist/Wild/Wild.psd1 when it exists, else the module
named Wild from $env:PSModulePath).

.EXAMPLE
pwsh ./docs/examples/release.ps1 -SourceDirectory ./src -OutputPath ./out/app

Builds out/app, out/app.size.txt and out/app.map; prints one summary line.

.EXAMPLE
pwsh ./docs/examples/release.ps1 -SourceDirectory ./src -OutputPath ./out/app -OutputKind Pie -Library m

A dynamic program linked against libm and libc.so.6, with the same report and map.
#>
#Requires -Version 7.4

[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $SourceDirectory,

    [Parameter(Mandatory)]
    [string] $OutputPath,

    [string[]] $CompilerFlag = @('-O2', '-ffunction-sections', '-fdata-sections'),

    [string[]] $Library = @(),

    [ValidateSet('Static', 'StaticPie', 'Pie', 'Dynamic')]
    [string] $OutputKind = 'Static',

    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Stop-Build([int] $ExitCode, [string[]] $Message) {
    # Plain lines on stderr, no PowerShell error decoration: this is what a CI log shows.
    foreach ($line in $Message) { [Console]::Error.WriteLine($line) }
    exit $ExitCode
}

# --- Environment ----------------------------------------------------------------------------------------
if (-not (Get-Command gcc -CommandType Application -ErrorAction Ignore)) { Stop-Build 3 'error: gcc is not installed' }
if (-not $ModulePath) {
    $repoModule = Join-Path $PSScriptRoot '../../dist/Wild/Wild.psd1'
    $ModulePath = if (Test-Path -LiteralPath $repoModule) { $repoModule } else { 'Wild' }
}
try { Import-Module -Name $ModulePath } catch { Stop-Build 3 "error: the Wild module could not be imported from ${ModulePath}: $($_.Exception.Message)" }
# The start files, library folders and libraries gcc itself would use for this kind of output.
try { $toolchain = Get-ElfToolchain -OutputKind $OutputKind } catch { Stop-Build 3 "error: $($_.Exception.Message)" }

$SourceDirectory = (Resolve-Path -LiteralPath $SourceDirectory).ProviderPath
$OutputPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)
$outDir = Split-Path -Parent $OutputPath
$objDir = "$OutputPath.obj"
$null = New-Item -ItemType Directory -Force -Path $outDir, $objDir

# Ordinal order, so the link order (and the output) does not depend on the culture.
$sources = [IO.FileInfo[]]@(Get-ChildItem -LiteralPath $SourceDirectory -Filter '*.c' -File)
$sources = @([Linq.Enumerable]::OrderBy($sources, [Func[IO.FileInfo, string]] { $args[0].Name }, [StringComparer]::Ordinal))
if ($sources.Count -eq 0) { Stop-Build 3 "error: no *.c files in $SourceDirectory" }

# --- 1. Compile -------------------------------------------------------------------------------------------
$objects = [System.Collections.Generic.List[string]]::new()
Push-Location -LiteralPath $SourceDirectory
try {
    foreach ($source in $sources) {
        $object = Join-Path $objDir "$($source.BaseName).o"
        # Relative source name and a fixed random seed: nothing in the object depends on the checkout path.
        $diagnostics = gcc -c @CompilerFlag "-frandom-seed=$($source.Name)" -o $object $source.Name 2>&1
        if ($LASTEXITCODE -ne 0) {
            Stop-Build 2 (@("error: $($source.Name) did not compile") + @($diagnostics | ForEach-Object { "$_" }))
        }
        $objects.Add($object)
    }
}
finally {
    Pop-Location
}

# --- 2. Link ----------------------------------------------------------------------------------------------
$linkErrors = @()
$session = $null
try {
    $session = Read-ElfObject -LiteralPath (@($toolchain.StartFiles) + @($objects) + @($toolchain.EndFiles)) -ErrorVariable +linkErrors -ErrorAction SilentlyContinue |
        Resolve-ElfSymbol -Library (@($Library) + @($toolchain.Library)) -LibraryPath $toolchain.LibraryPath -OutputKind $OutputKind `
            -ErrorVariable +linkErrors -ErrorAction SilentlyContinue
}
catch {
    # An input that could not be read stops the link before it starts (InputsNotRead): a link failure too.
    $linkErrors += $_
}
if ($linkErrors.Count -gt 0 -or -not $session) {
    # Each error's message is lld-style: `undefined symbol: NAME` then `>>> referenced by FILE:(SECTION+OFFSET)`.
    $lines = foreach ($e in $linkErrors) {
        $text = if ($e.ErrorDetails -and $e.ErrorDetails.Message) { $e.ErrorDetails.Message } else { $e.Exception.Message }
        "error: $text"
    }
    $undefined = @($linkErrors | Where-Object { $_.FullyQualifiedErrorId -like 'UndefinedSymbol*' } | ForEach-Object { "$($_.TargetObject)" })
    $summary = if ($undefined.Count) { "release: link failed: $($undefined.Count) undefined symbol(s): $($undefined -join ', ')" }
    else { 'release: link failed' }
    Stop-Build 1 (@($lines) + $summary)
}

try {
    $result = $session | Write-ElfExecutable -Path $OutputPath -BuildId Sha1 -GcSections -Force -PassThru
}
catch {
    $text = if ($_.ErrorDetails -and $_.ErrorDetails.Message) { $_.ErrorDetails.Message } else { $_.Exception.Message }
    Stop-Build 1 "error: $text", "release: could not write $OutputPath"
}
finally {
    $session.Dispose()
}

# --- 3. Size report ---------------------------------------------------------------------------------------
# Sections from the link map the -PassThru result carries (Get-ElfLinkMap), sizes per input file from
# Measure-ElfImage -By InputFile. File names are written relative to the output directory, so two checkouts give
# the same report.
function Get-ReportName([string] $Name) {
    if ($Name.StartsWith("$outDir/", [StringComparison]::Ordinal)) { $Name.Substring($outDir.Length + 1) } else { $Name }
}
$sections = @($result | Get-ElfLinkMap -Kind OutputSection |
        ForEach-Object { [pscustomobject]@{ Name = $_.Name; Address = $_.Address; Size = $_.Size; Loaded = $_.IsAlloc } })
$buildId = (Get-ElfNote -LiteralPath $OutputPath -Type NT_GNU_BUILD_ID).Text
$loaded = @($sections | Where-Object Loaded | Sort-Object Address)
$other = @($sections | Where-Object { -not $_.Loaded } | Sort-Object Name)
$report = [System.Text.StringBuilder]::new()
$null = $report.AppendLine("binary:    $(Split-Path -Leaf $OutputPath)")
$null = $report.AppendLine("kind:      $($result.Kind)")
$null = $report.AppendLine("build-id:  $buildId")
$null = $report.AppendLine("file size: $($result.FileSize) bytes")
$null = $report.AppendLine("entry:     0x$($result.EntryAddress.ToString('x'))")
$null = $report.AppendLine("in memory: $(($loaded | Measure-Object -Property Size -Sum).Sum) bytes in $($loaded.Count) loaded sections (.bss included)")
$null = $report.AppendLine('')
$null = $report.AppendLine(('{0,-28} {1,18} {2,12}' -f 'section', 'address', 'size'))
foreach ($s in @($loaded) + @($other)) {
    $address = if ($s.Loaded) { '0x' + $s.Address.ToString('x16') } else { '-' }
    $null = $report.AppendLine(('{0,-28} {1,18} {2,12}' -f $s.Name, $address, $s.Size))
}
$null = $report.AppendLine('')
$null = $report.AppendLine(('{0,12} {1,12} {2,7}  {3}' -f 'file size', 'in memory', '%', 'input file'))
foreach ($row in $result | Measure-ElfImage -By InputFile) {
    $null = $report.AppendLine(('{0,12} {1,12} {2,7:F2}  {3}' -f $row.FileSize, $row.VMSize, $row.Percent, (Get-ReportName $row.Name)))
}
$reportPath = "$OutputPath.size.txt"
[IO.File]::WriteAllText($reportPath, $report.ToString(), [Text.UTF8Encoding]::new($false))

# --- 4. LINK MAP ------------------------------------------------------------------------------------------
# Where each input section went, which archive member was loaded for which symbol, and what -GcSections removed,
# from the same -PassThru result (Get-ElfLinkMap); names relative to the output directory, as in the size report.
$mapPath = "$OutputPath.map"
$map = [System.Text.StringBuilder]::new()
$null = $map.AppendLine(('{0,-24} {1,18} {2,10}  {3}' -f 'output section', 'address', 'size', 'input section'))
foreach ($s in $result | Get-ElfLinkMap) {
    if ($s.Discarded -ne 'None') { continue }
    $null = $map.AppendLine(('{0,-24} {1,18} {2,10}  {3}:({4})' -f $s.OutputSection, ('0x' + $s.Address.ToString('x16')), $s.Size,
            (Get-ReportName $s.InputFile), $s.InputSection))
}
$null = $map.AppendLine('')
$null = $map.AppendLine('archive members loaded (member <- symbol, referenced by)')
foreach ($m in $result | Get-ElfLinkMap -Kind ArchiveMember) {
    $null = $map.AppendLine(('{0} <- {1}, referenced by {2}' -f (Get-ReportName $m.InputFile), $m.Symbol, (Get-ReportName $m.ReferencedBy)))
}
$null = $map.AppendLine('')
$null = $map.AppendLine('removed by -GcSections')
foreach ($s in $result | Get-ElfLinkMap -Discarded) {
    $null = $map.AppendLine(('{0,10}  {1}:({2})' -f $s.Size, (Get-ReportName $s.InputFile), $s.InputSection))
}
[IO.File]::WriteAllText($mapPath, $map.ToString(), [Text.UTF8Encoding]::new($false))

"release: $OutputPath ($($result.FileSize) bytes, build-id $buildId); size report $reportPath; link map $mapPath"
exit 0
