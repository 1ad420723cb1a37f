<#
.SYNOPSIS
The module figures of the benchmark, measured in one warm pwsh session.

.DESCRIPTION
bench/Invoke-Benchmark.ps1 runs this script in a child pwsh after the workloads. It imports the built module
once, then, with -Rounds interleaved rounds after a warm-up:

  1. lists every symbol of libc.a with `Get-ElfSymbol -LiteralPath libc.a` (timed with a Stopwatch in this
     session, CPU from this process's TotalProcessorTime) and with `nm -a libc.a` writing to a file (runstat);
  2. for each link in -LinkSpecPath, links through the cmdlet pipeline
     (Read-ElfObject | Resolve-ElfSymbol | Write-ElfExecutable, Stopwatch) and runs `wild` on the captured
     argv (runstat), alternately.

A full GC runs before each timed cmdlet call, outside the timer, so one round's garbage is not billed to
the next. The figures go to -ResultPath as JSON; the caller checks that each pipeline output behaves like
GNU ld's output.
#>
#Requires -Version 7.4

[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $WildPath,
    [Parameter(Mandatory)] [string] $Runstat,
    [Parameter(Mandatory)] [string] $Libc,
    [Parameter(Mandatory)] [string] $LinkSpecPath,
    [Parameter(Mandatory)] [string] $Directory,
    [Parameter(Mandatory)] [string] $ResultPath,
    [ValidateRange(1, 1000)] [int] $Rounds = 10,
    [ValidateRange(0, 100)] [int] $WarmUp = 3
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module -Name $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ModulePath)

. (Join-Path $PSScriptRoot 'Statistics.ps1')

function Invoke-Runstat {
    <# One process under runstat; returns its wall and user+sys CPU times in ms, or throws when it fails. #>
    param([string] $FilePath, [string[]] $ArgumentList, [string] $Stdout)
    $stderr = Join-Path $Directory 'stderr.txt'
    $line = & $Runstat $Stdout $stderr $FilePath @ArgumentList
    $f = "$line".Trim() -split ' '
    if ($LASTEXITCODE -ne 0 -or $f[0] -ne '0') {
        throw "$FilePath exited $($f[0]): $(Get-Content -Raw -LiteralPath $stderr)"
    }
    [pscustomobject]@{ Ms = [long]$f[1] / 1000; CpuMs = ([long]$f[2] + [long]$f[3]) / 1000 }
}

function Measure-Cmdlet([scriptblock] $Block) {
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
    # CPU: this process's user+sys time over the call, every thread (the engine's worker threads too).
    $process = [Diagnostics.Process]::GetCurrentProcess()
    $cpu = $process.TotalProcessorTime
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $value = & $Block
    $watch.Stop()
    $process.Refresh()
    [pscustomobject]@{ Ms = $watch.Elapsed.TotalMilliseconds; CpuMs = ($process.TotalProcessorTime - $cpu).TotalMilliseconds; Value = $value }
}

function Set-OutputArgument([string[]] $Argv, [string] $Output) {
    $result = [Collections.Generic.List[string]]::new()
    for ($i = 0; $i -lt $Argv.Count; $i++) {
        if ($Argv[$i] -eq '-o') { $result.Add('-o'); $result.Add($Output); $i++ }
        else { $result.Add($Argv[$i]) }
    }
    return , $result.ToArray()
}

# 1. Every symbol of libc.a.
$nmPath = (Get-Command -Name nm -CommandType Application | Select-Object -First 1).Source
$nmOut = Join-Path $Directory 'nm.txt'
$listSymbols = { @(Get-ElfSymbol -LiteralPath $Libc).Count }
for ($i = 0; $i -lt $WarmUp; $i++) {
    $null = Measure-Cmdlet $listSymbols
    $null = Invoke-Runstat -FilePath $nmPath -ArgumentList @('-a', $Libc) -Stdout $nmOut
}
$moduleRuns = [Collections.Generic.List[object]]::new()
$nativeRuns = [Collections.Generic.List[object]]::new()
$symbols = 0
for ($round = 0; $round -lt $Rounds; $round++) {
    $m = Measure-Cmdlet $listSymbols
    $moduleRuns.Add($m)
    $symbols = $m.Value
    $nativeRuns.Add((Invoke-Runstat -FilePath $nmPath -ArgumentList @('-a', $Libc) -Stdout $nmOut))
}
# nm -a prints "<member>:" headings and blank lines between members; the rest are symbols.
$nmSymbols = @(Get-Content -LiteralPath $nmOut | Where-Object { $_ -match '^[0-9a-f ]{16} . ' }).Count
$libcFigure = [pscustomobject]@{
    Path = $Libc; Symbols = $symbols; NmSymbols = $nmSymbols
    ModuleMs = Get-Median @($moduleRuns.Ms); NativeMs = Get-Median @($nativeRuns.Ms)
    ModuleCpuMs = Get-Median @($moduleRuns.CpuMs); NativeCpuMs = Get-Median @($nativeRuns.CpuMs)
}
Write-Information ("module figures: libc.a, Get-ElfSymbol {0:N1} ms ({1} symbols), nm -a {2:N1} ms ({3} symbols)" -f
    $libcFigure.ModuleMs, $symbols, $libcFigure.NativeMs, $nmSymbols) -InformationAction Continue

# 2. The same link through the cmdlet pipeline and through the wild command.
$links = @(Get-Content -Raw -LiteralPath $LinkSpecPath | ConvertFrom-Json | Where-Object { $_ })
$linkFigures = foreach ($link in $links) {
    if (-not $link.Pipeline) {
        [pscustomobject]@{ Workload = $link.Workload; Status = 'not run: the captured argv has options the pipeline has no parameter for'; ModuleMs = $null; NativeMs = $null; ModuleCpuMs = $null; NativeCpuMs = $null; Output = $null }
        continue
    }
    $p = $link.Pipeline
    $pipelineOut = Join-Path $Directory "$($link.Workload)-pipeline.out"
    $wildOut = Join-Path $Directory "$($link.Workload)-wild.out"
    $wildArgs = Set-OutputArgument -Argv @($link.Argv) -Output $wildOut
    $resolveArgs = @{ OutputKind = $p.OutputKind }
    if (@($p.Libraries).Count) { $resolveArgs.Library = @($p.Libraries) }
    if (@($p.LibraryPaths).Count) { $resolveArgs.LibraryPath = @($p.LibraryPaths) }
    $writeArgs = @{ Path = $pipelineOut; OutputKind = $p.OutputKind; BuildId = $p.BuildId; EhFrameHeader = [bool]$p.EhFrameHeader; Force = $true }
    $inputs = @($p.Inputs)
    $pipeline = {
        Read-ElfObject -LiteralPath $inputs | Resolve-ElfSymbol @resolveArgs | Write-ElfExecutable @writeArgs
    }
    try {
        for ($i = 0; $i -lt $WarmUp; $i++) {
            $null = Measure-Cmdlet $pipeline
            $null = Invoke-Runstat -FilePath $WildPath -ArgumentList $wildArgs -Stdout (Join-Path $Directory 'wild-stdout.txt')
        }
        $moduleRuns = [Collections.Generic.List[object]]::new()
        $nativeRuns = [Collections.Generic.List[object]]::new()
        for ($round = 0; $round -lt $Rounds; $round++) {
            Remove-Item -LiteralPath $pipelineOut, $wildOut -Force -ErrorAction Ignore
            $moduleRuns.Add((Measure-Cmdlet $pipeline))
            $nativeRuns.Add((Invoke-Runstat -FilePath $WildPath -ArgumentList $wildArgs -Stdout (Join-Path $Directory 'wild-stdout.txt')))
        }
        $figure = [pscustomobject]@{
            Workload = $link.Workload; Status = 'ok'; Output = $pipelineOut
            ModuleMs = Get-Median @($moduleRuns.Ms); NativeMs = Get-Median @($nativeRuns.Ms)
            ModuleCpuMs = Get-Median @($moduleRuns.CpuMs); NativeCpuMs = Get-Median @($nativeRuns.CpuMs)
        }
        Write-Information ("module figures: {0}, pipeline {1:N1} ms, wild {2:N1} ms" -f $link.Workload, $figure.ModuleMs, $figure.NativeMs) -InformationAction Continue
        $figure
    }
    catch {
        [pscustomobject]@{ Workload = $link.Workload; Status = "FAILED: $($_.Exception.Message)"; ModuleMs = $null; NativeMs = $null; ModuleCpuMs = $null; NativeCpuMs = $null; Output = $null }
    }
}

[pscustomobject]@{
    ModulePath = $ModulePath
    Rounds     = $Rounds
    WarmUp     = $WarmUp
    Libc       = $libcFigure
    Links      = @($linkFigures)
    NotRun     = $null
} | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $ResultPath -Encoding utf8NoBOM
