<#
.SYNOPSIS
Benchmarks wild against ld.bfd, ld.gold, ld.lld and mold on captured linker command lines.

.DESCRIPTION
For each workload (bench/workloads/<name>.psd1) the sources are compiled once and linked once through the
compiler driver with a logging `ld` on its -B path, which records the exact argv the driver hands to the
linker. That argv is then replayed, unchanged except for -o, with every linker:

  1. check: each linker links once (the warm-up) and its output is run once; stdout and exit code must match
     the ld.bfd output's, else the row is FAILED and not timed;
  2. rounds: the linkers that passed run interleaved (bfd gold lld mold wild floor, bfd gold ...), each link
     measured by bench/tools/runstat (wait4: wall time, user+sys CPU, peak RSS of that process alone);
  3. report: medians per linker, written to bench/results/<date>-<workload>.md, bench/results/latest.md and
     bench/results/latest.svg.

Outputs go to /dev/shm so disk speed does not count. The "floor" row is `cp` of the ld.bfd output: the
cost of writing that many bytes once, which no linker can beat.

lld-19 and mold are installed with apt-get when missing (as root; -NoInstall skips that). mold runs with
--no-fork when it supports it: by default it forks, the parent exits when the output is ready, and the
child's clean-up time and memory would go unmeasured.

.PARAMETER Rounds
Timed rounds per workload after the warm-up (default 10).

.PARAMETER Workload
Names of the workloads to run (file names under bench/workloads without .psd1); default: all.

.PARAMETER WildPath
The wild executable (default: dist/wild).

.PARAMETER ResultsDirectory
Where the reports go (default: bench/results). Scratch files go to its tmp/ folder.

.PARAMETER NoInstall
Do not install missing peer linkers; their rows say "not installed".

.EXAMPLE
dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Rounds 20 -Workload static-hello
#>
#Requires -Version 7.4

[CmdletBinding()]
param(
    [ValidateRange(1, 1000)]
    [int] $Rounds = 10,

    [string[]] $Workload,

    [string] $WildPath = (Join-Path $PSScriptRoot '../dist/wild'),

    [string] $ResultsDirectory = (Join-Path $PSScriptRoot 'results'),

    [switch] $NoInstall
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$WorkloadDirectory = Join-Path $PSScriptRoot 'workloads'
$ScratchDirectory = Join-Path $ResultsDirectory 'tmp'
$ShmDirectory = "/dev/shm/wild-bench-$PID"
$ReferenceName = 'ld.bfd'
$WildName = 'wild'
$FloorName = 'floor (cp)'

#region Tools

function Write-Step([string] $Message) {
    Write-Information "==> $Message" -InformationAction Continue
}

function Get-CommandPath([string] $Name) {
    $command = Get-Command -Name $Name -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if ($command) { return $command.Source }
    return $null
}

function Find-Lld {
    foreach ($candidate in 'ld.lld-19', '/usr/lib/llvm-19/bin/ld.lld', 'ld.lld') {
        $path = if ([IO.Path]::IsPathRooted($candidate)) {
            if (Test-Path -LiteralPath $candidate -PathType Leaf) { $candidate }
        }
        else { Get-CommandPath $candidate }
        if ($path) { return $path }
    }
    return $null
}

function Install-PeerLinker {
    <# apt-get install lld-19 and mold when either is missing. #>
    $missing = @(
        if (-not (Find-Lld)) { 'lld-19' }
        if (-not (Get-CommandPath 'mold')) { 'mold' }
    )
    if ($missing.Count -eq 0) { return }
    if ($NoInstall) { Write-Warning "Not installing $($missing -join ', ') (-NoInstall)."; return }
    if ((id -u) -ne '0') { Write-Warning "Cannot install $($missing -join ', '): not root."; return }

    Write-Step "apt-get install $($missing -join ' ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    apt-get update -q | Out-Host
    if ($LASTEXITCODE -ne 0) { Write-Warning "apt-get update failed ($LASTEXITCODE)." }
    apt-get install -y -q --no-install-recommends @missing | Out-Host
    if ($LASTEXITCODE -ne 0) { Write-Warning "apt-get install $($missing -join ' ') failed ($LASTEXITCODE)." }
}

function Get-FirstLine {
    <# The first non-empty line a command prints for --version, or a note if it prints none. #>
    param([string] $Path, [string[]] $ArgumentList = @('--version'))
    $lines = @(& $Path @ArgumentList 2>&1 | ForEach-Object { "$_".Trim() } | Where-Object { $_ })
    if ($lines.Count -eq 0) { return '(no version output)' }
    return $lines[0]
}

function Get-Linker {
    <# The linkers to compare, in run order; Path is $null for one that is not installed. #>
    $mold = Get-CommandPath 'mold'
    $moldArgs = @()
    $moldNote = $null
    if ($mold) {
        if ((& $mold --help 2>&1 | Out-String) -match '--no-fork') { $moldArgs = @('--no-fork') }
        else { $moldNote = 'this mold has no --no-fork: only its parent process is measured' }
    }
    $wild = if (Test-Path -LiteralPath $WildPath -PathType Leaf) { (Resolve-Path -LiteralPath $WildPath).Path }

    $linkers = @(
        @{ Name = $ReferenceName; Path = (Get-CommandPath 'ld.bfd'); Args = @(); Note = 'GNU ld: the reference' }
        @{ Name = 'ld.gold'; Path = (Get-CommandPath 'ld.gold'); Args = @(); Note = $null }
        @{ Name = 'ld.lld'; Path = (Find-Lld); Args = @(); Note = $null }
        @{ Name = 'mold'; Path = $mold; Args = $moldArgs; Note = $moldNote }
        @{ Name = $WildName; Path = $wild; Args = @(); Note = $null }
    )
    foreach ($l in $linkers) {
        [pscustomobject]@{
            Name    = $l.Name
            Path    = $l.Path
            Args    = $l.Args
            Version = if ($l.Path) { Get-FirstLine $l.Path } else { 'not installed' }
            Note    = $l.Note
        }
    }
}

function Build-Runstat {
    $source = Join-Path $PSScriptRoot 'tools/runstat.c'
    $binary = Join-Path $ScratchDirectory 'runstat'
    gcc -O2 -Wall -Wextra -Werror -o $binary $source | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "Could not compile $source." }
    return $binary
}

function Get-MachineSummary {
    $cpu = (Select-String -LiteralPath '/proc/cpuinfo' -Pattern '^model name\s*:\s*(.+)$' |
            Select-Object -First 1).Matches[0].Groups[1].Value
    "$cpu, $([Environment]::ProcessorCount) logical CPUs, Linux $(uname -r)"
}

#endregion

#region Workloads

function Import-Workload {
    $files = Get-ChildItem -LiteralPath $WorkloadDirectory -Filter '*.psd1' -File | Sort-Object Name
    foreach ($file in $files) {
        if ($Workload -and $file.BaseName -notin $Workload) { continue }
        $data = Import-PowerShellDataFile -LiteralPath $file.FullName
        [pscustomobject]@{
            Name        = $file.BaseName
            Description = $data.Description
            Driver      = if ($data.ContainsKey('Driver')) { $data.Driver } else { 'gcc' }
            Sources     = @($data['Sources'] | Where-Object { $_ } | ForEach-Object { Join-Path $WorkloadDirectory $_ })
            Generator     = if ($data.ContainsKey('Generator')) { Join-Path $WorkloadDirectory $data.Generator } else { $null }
            GeneratorArgs = if ($data.ContainsKey('GeneratorArgs')) { $data.GeneratorArgs } else { @{} }
            CompileArgs = @($data.CompileArgs)
            LinkArgs    = @($data['LinkArgs'] | Where-Object { $_ })
        }
    }
}

function Get-CapturedArgv {
    <#
    Compiles the workload and links it through its driver with a logging `ld` first on the -B path;
    returns the argv the driver passed to ld, with the capture directory's -L removed.
    #>
    param([Parameter(Mandatory)] $Spec, [Parameter(Mandatory)] [string] $ReferenceLinker)

    $work = Join-Path $ScratchDirectory $Spec.Name
    if (Test-Path -LiteralPath $work) { Remove-Item -LiteralPath $work -Recurse -Force }
    $capture = Join-Path $work 'capture'
    $null = New-Item -ItemType Directory -Force -Path $capture

    if ($Spec.Driver -eq 'rustc') { return Get-RustcCapturedArgv -Spec $Spec -Work $work -Capture $capture -ReferenceLinker $ReferenceLinker }
    $sources = @($Spec.Sources)
    if ($Spec.Generator) {
        $genArgs = $Spec.GeneratorArgs
        $sources += @(& $Spec.Generator -OutputDirectory (Join-Path $work 'src') @genArgs)
    }
    # Generated workloads have hundreds of files: compile them on every core.
    $driver = $Spec.Driver
    $compileArgs = @($Spec.CompileArgs)
    # The object list keeps source order (parallel output arrives in completion order).
    $objects = @($sources | ForEach-Object { Join-Path $work ([IO.Path]::GetFileNameWithoutExtension($_) + '.o') })
    $sources | ForEach-Object -ThrottleLimit ([Environment]::ProcessorCount) -Parallel {
        $object = Join-Path $using:work ([IO.Path]::GetFileNameWithoutExtension($_) + '.o')
        & $using:driver -c @($using:compileArgs) -o $object $_
        if ($LASTEXITCODE -ne 0) { throw "compiling $_ failed." }
    }

    $log = Join-Path $capture 'argv.txt'
    $wrapper = Join-Path $capture 'ld'
    Set-Content -LiteralPath $wrapper -Encoding utf8NoBOM -Value @(
        '#!/bin/sh'
        '# Records the argv the compiler driver hands to ld, one argument per line, then links with GNU ld.'
        "printf '%s\n' `"`$@`" > '$log'"
        "exec '$ReferenceLinker' `"`$@`""
    )
    chmod +x $wrapper
    & $Spec.Driver "-B$capture/" @($Spec.LinkArgs) -o (Join-Path $work 'captured.out') @objects | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$($Spec.Name): the capture link through $($Spec.Driver) failed." }
    if (-not (Test-Path -LiteralPath $log)) { throw "$($Spec.Name): $($Spec.Driver) did not run $wrapper." }

    # -B<dir> also makes the driver pass -L<dir>; that directory is an artefact of capturing.
    $captureDir = $capture.TrimEnd('/')
    $argv = @(Get-Content -LiteralPath $log | Where-Object { $_.TrimEnd('/') -ne "-L$captureDir" })
    Set-Content -LiteralPath (Join-Path $work 'argv.txt') -Value $argv -Encoding utf8NoBOM
    return , $argv
}

function New-LoggingLd([string] $Capture, [string] $ReferenceLinker) {
    # Records the argv the compiler driver hands to ld, one argument per line, then links with GNU ld.
    $log = Join-Path $Capture 'argv.txt'
    $wrapper = Join-Path $Capture 'ld'
    Set-Content -LiteralPath $wrapper -Encoding utf8NoBOM -Value @(
        '#!/bin/sh'
        "printf '%s\n' `"`$@`" > '$log'"
        "exec '$ReferenceLinker' `"`$@`""
    )
    chmod +x $wrapper
    return $log
}

function Get-RustcCapturedArgv {
    <#
    rustc compiles and links in one step: it runs cc, which runs the logging `ld` on its -B path. rustc's own
    lld is switched off (-C linker-features=-lld) and -C save-temps keeps the objects the argv names.
    #>
    param($Spec, [string] $Work, [string] $Capture, [string] $ReferenceLinker)
    $log = New-LoggingLd -Capture $Capture -ReferenceLinker $ReferenceLinker
    $out = Join-Path $Work 'captured.out'
    Push-Location $Work
    try {
        & rustc @($Spec.CompileArgs) -C save-temps -C linker-features=-lld "-Clink-arg=-B$Capture/" -o $out $Spec.Sources[0] | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "$($Spec.Name): rustc failed." }
    }
    finally { Pop-Location }
    $captureDir = $Capture.TrimEnd('/')
    $argv = @(Get-Content -LiteralPath $log | Where-Object { $_.TrimEnd('/') -ne "-L$captureDir" })
    Set-Content -LiteralPath (Join-Path $Work 'argv.txt') -Value $argv -Encoding utf8NoBOM
    return , $argv
}

function Set-OutputArgument {
    <# The argv with the value of -o (or -o<path>, --output=<path>) replaced by $Output. #>
    param([string[]] $Argv, [string] $Output)
    $result = [Collections.Generic.List[string]]::new()
    $replaced = $false
    for ($i = 0; $i -lt $Argv.Count; $i++) {
        $arg = $Argv[$i]
        if ($arg -in '-o', '--output') { $result.Add($arg); $result.Add($Output); $i++; $replaced = $true }
        elseif ($arg -like '--output=*') { $result.Add("--output=$Output"); $replaced = $true }
        elseif ($arg -like '-o?*' -and -not $arg.StartsWith('-o-')) { $result.Add("-o$Output"); $replaced = $true }
        else { $result.Add($arg) }
    }
    if (-not $replaced) { throw 'The captured argv has no -o.' }
    return , $result.ToArray()
}

#endregion

#region Running

function Invoke-Measured {
    <# One process run under runstat; returns exit code, wall/CPU in microseconds, peak RSS in KiB. #>
    param([string] $Runstat, [string] $Directory, [string] $FilePath, [string[]] $ArgumentList)
    $stdout = Join-Path $Directory 'stdout.txt'
    $stderr = Join-Path $Directory 'stderr.txt'
    $line = & $Runstat $stdout $stderr $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0 -or -not $line) { throw "runstat failed for $FilePath." }
    $f = "$line".Trim() -split ' '
    [pscustomobject]@{
        ExitCode = [int]$f[0]
        WallUs   = [long]$f[1]
        CpuUs    = [long]$f[2] + [long]$f[3]
        RssKiB   = [long]$f[4]
        Stderr   = (Get-Content -Raw -LiteralPath $stderr)
    }
}

function Invoke-Link {
    param($Linker, [string[]] $Argv, [string] $Runstat)
    $output = Join-Path $Linker.Directory 'a.out'
    if (Test-Path -LiteralPath $output) { Remove-Item -LiteralPath $output -Force }
    [string[]] $linkArgs = @($Linker.Args) + (Set-OutputArgument -Argv $Argv -Output $output)
    Invoke-Measured -Runstat $Runstat -Directory $Linker.Directory -FilePath $Linker.Path -ArgumentList $linkArgs
}

function Invoke-Output {
    <# Runs a linked program once, with a time limit; returns exit code and stdout. #>
    param([string] $Path)
    $global:LASTEXITCODE = 0
    $stdout = & timeout --kill-after=2 20 $Path 2>$null
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Stdout = ($stdout -join "`n") }
}

function Test-Linker {
    <# The warm-up link plus one run of its output; returns $null when it behaves like $Expected, else why not. #>
    param($Linker, [string[]] $Argv, [string] $Runstat, $Expected)
    $link = Invoke-Link -Linker $Linker -Argv $Argv -Runstat $Runstat
    if ($link.ExitCode -ne 0) {
        $first = @("$($link.Stderr)" -split "`n" | Where-Object { $_.Trim() } | Select-Object -First 1)
        return "link exited $($link.ExitCode)$(if ($first) { ": $($first[0].Trim())" })"
    }
    $output = Join-Path $Linker.Directory 'a.out'
    if (-not (Test-Path -LiteralPath $output -PathType Leaf)) { return 'link exited 0 but wrote no output' }
    $run = Invoke-Output -Path $output
    if ($null -eq $Expected) { return $null }
    if ($run.ExitCode -ne $Expected.ExitCode) { return "output exited $($run.ExitCode), GNU ld's $($Expected.ExitCode)" }
    if ($run.Stdout -cne $Expected.Stdout) { return "output's stdout differs from GNU ld's" }
    return $null
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n -eq 0) { return $null }
    if ($n % 2) { return $sorted[($n - 1) / 2] }
    return ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

function Invoke-Workload {
    <# Captures, checks, times; returns one row per linker plus the floor. #>
    param($Spec, $Linkers, [string] $Runstat)

    Write-Step "$($Spec.Name): capture the $($Spec.Driver) link command line"
    $reference = $Linkers | Where-Object Name -eq $ReferenceName
    $argv = Get-CapturedArgv -Spec $Spec -ReferenceLinker $reference.Path

    $shm = Join-Path $ShmDirectory $Spec.Name
    $members = foreach ($linker in $Linkers) {
        $dir = Join-Path $shm ($linker.Name -replace '[^A-Za-z0-9.-]', '_')
        $null = New-Item -ItemType Directory -Force -Path $dir
        [pscustomobject]@{
            Name = $linker.Name; Path = $linker.Path; Args = $linker.Args; Version = $linker.Version
            Note = $linker.Note; Directory = $dir; Status = 'ok'; Samples = [Collections.Generic.List[object]]::new()
        }
    }

    Write-Step "$($Spec.Name): warm-up and check (each output must behave like GNU ld's)"
    $refMember = $members | Where-Object Name -eq $ReferenceName
    $failure = Test-Linker -Linker $refMember -Argv $argv -Runstat $Runstat -Expected $null
    if ($failure) { throw "$($Spec.Name): GNU ld itself failed on the captured command line: $failure" }
    $expected = Invoke-Output -Path (Join-Path $refMember.Directory 'a.out')
    $referenceOutput = Join-Path $refMember.Directory 'reference.out'
    Copy-Item -LiteralPath (Join-Path $refMember.Directory 'a.out') -Destination $referenceOutput

    foreach ($m in $members) {
        if (-not $m.Path) { $m.Status = 'not installed'; continue }
        if ($m.Name -eq $ReferenceName) { continue }
        $failure = Test-Linker -Linker $m -Argv $argv -Runstat $Runstat -Expected $expected
        if ($failure) { $m.Status = "FAILED: $failure" }
        Write-Step ("  {0,-8} {1}" -f $m.Name, $m.Status)
    }

    $floorDir = Join-Path $shm 'floor'
    $null = New-Item -ItemType Directory -Force -Path $floorDir
    $floor = [pscustomobject]@{
        Name = $FloorName; Path = (Get-CommandPath 'cp'); Version = 'cp of the ld.bfd output'
        Note = $null; Directory = $floorDir; Status = 'ok'; Samples = [Collections.Generic.List[object]]::new()
    }
    $timed = @($members | Where-Object Status -eq 'ok') + $floor

    Write-Step "$($Spec.Name): $Rounds interleaved rounds of $(($timed | ForEach-Object Name) -join ', ')"
    for ($round = 1; $round -le $Rounds; $round++) {
        foreach ($m in $timed) {
            if ($m.Status -ne 'ok') { continue }
            $sample = if ($m.Name -eq $FloorName) {
                $copy = Join-Path $floorDir 'a.out'
                if (Test-Path -LiteralPath $copy) { Remove-Item -LiteralPath $copy -Force }
                Invoke-Measured -Runstat $Runstat -Directory $floorDir -FilePath $m.Path -ArgumentList @($referenceOutput, $copy)
            }
            else { Invoke-Link -Linker $m -Argv $argv -Runstat $Runstat }
            if ($sample.ExitCode -ne 0) { $m.Status = "FAILED: exit code $($sample.ExitCode) in round $round"; continue }
            $m.Samples.Add($sample)
        }
    }

    $rows = foreach ($m in @($members) + $floor) {
        $ok = $m.Status -eq 'ok' -and $m.Samples.Count -gt 0
        $out = Join-Path $m.Directory 'a.out'
        [pscustomobject]@{
            Workload  = $Spec.Name
            Linker    = $m.Name
            Version   = $m.Version
            Note      = $m.Note
            Status    = $m.Status
            WallMs    = if ($ok) { (Get-Median @($m.Samples | ForEach-Object WallUs)) / 1000 } else { $null }
            CpuMs     = if ($ok) { (Get-Median @($m.Samples | ForEach-Object CpuUs)) / 1000 } else { $null }
            RssMiB    = if ($ok) { (Get-Median @($m.Samples | ForEach-Object RssKiB)) / 1024 } else { $null }
            OutputKiB = if ($ok -and (Test-Path -LiteralPath $out)) { (Get-Item -LiteralPath $out).Length / 1024 } else { $null }
        }
    }
    [pscustomobject]@{ Spec = $Spec; Argv = $argv; Rows = @($rows) }
}

#endregion

#region Reports

function Format-Number($Value, [string] $Format = 'N1') {
    if ($null -eq $Value) { return '–' }
    return ([double]$Value).ToString($Format, [Globalization.CultureInfo]::InvariantCulture)
}

function ConvertTo-ShellWord([string] $Word) {
    if ($Word -match '^[A-Za-z0-9_./=:,+@%-]+$') { return $Word }
    return "'" + ($Word -replace "'", "'\''") + "'"
}

function Format-Ratio($Wild, $Peer) {
    if ($null -eq $Wild -or $null -eq $Peer -or $Peer -le 0) { return '–' }
    return (Format-Number ($Wild / $Peer) 'N2') + '×'
}

function Format-WorkloadTable {
    param($Result)
    $wild = $Result.Rows | Where-Object Linker -eq $WildName
    $lines = @(
        '| Linker | Status | Wall ms (median) | CPU ms user+sys (median) | Peak RSS MiB (median) | Output KiB | Wild/peer wall | Wild/peer CPU |'
        '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |'
    )
    foreach ($r in $Result.Rows) {
        $isPeer = $r.Linker -notin $WildName, $FloorName
        $lines += '| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7} |' -f $r.Linker, $r.Status,
            (Format-Number $r.WallMs 'N2'), (Format-Number $r.CpuMs 'N2'), (Format-Number $r.RssMiB 'N1'),
            (Format-Number $r.OutputKiB 'N0'),
            $(if ($isPeer) { Format-Ratio $wild.WallMs $r.WallMs } else { '' }),
            $(if ($isPeer) { Format-Ratio $wild.CpuMs $r.CpuMs } else { '' })
    }
    return $lines
}

function Format-WorkloadSection {
    param($Result, [int] $HeadingLevel = 2)
    $h = '#' * $HeadingLevel
    @(
        "$h $($Result.Spec.Name)"
        ''
        "$($Result.Spec.Description)."
        ''
        Format-WorkloadTable -Result $Result
        ''
        '<details><summary>Replayed linker argv (captured from the compiler driver; -o replaced per linker)</summary>'
        ''
        '```sh'
        "<linker> $(($Result.Argv | ForEach-Object { ConvertTo-ShellWord $_ }) -join ' ')"
        '```'
        ''
        '</details>'
        ''
    )
}

function Format-Preamble {
    param($Linkers, [string] $Date)
    @(
        "Run $Date on $(Get-MachineSummary)."
        "$Rounds interleaved timed rounds per workload after a warm-up; outputs on /dev/shm; each number is the median."
        'Wild/peer: Wild''s median divided by the peer''s (below 1 means Wild is faster); – when either row has no numbers.'
        'A row is FAILED, and not timed, when its link fails or its output does not print and exit like the GNU ld output.'
        'floor (cp): copying the ld.bfd output once, the least any linker has to spend writing it.'
        ''
        '| Linker | Version | Arguments added | Note |'
        '| --- | --- | --- | --- |'
        foreach ($l in $Linkers) {
            '| {0} | {1} | {2} | {3} |' -f $l.Name, $l.Version, ($l.Args -join ' '), $l.Note
        }
        ''
    )
}

function ConvertTo-Svg {
    <# One horizontal bar per linker per workload (median wall ms, scaled per workload). #>
    param($Results)
    $colors = @{ 'ld.bfd' = '#4e79a7'; 'ld.gold' = '#f28e2b'; 'ld.lld' = '#59a14f'; 'mold' = '#e15759'; 'wild' = '#b07aa1'; $FloorName = '#bab0ac' }
    $labelWidth = 110; $barWidth = 460; $width = 720; $rowHeight = 22; $titleHeight = 30
    $y = 40
    $body = [Text.StringBuilder]::new()
    $esc = { param($s) [Security.SecurityElement]::Escape("$s") }

    foreach ($result in $Results) {
        $max = ($result.Rows | Where-Object WallMs | Measure-Object -Property WallMs -Maximum).Maximum
        $null = $body.AppendLine("  <text x=`"10`" y=`"$($y + 18)`" class=`"workload`">$(& $esc "$($result.Spec.Name): wall time, median ms")</text>")
        $y += $titleHeight
        foreach ($row in $result.Rows) {
            $color = if ($colors.ContainsKey($row.Linker)) { $colors[$row.Linker] } else { '#888888' }
            $null = $body.AppendLine("  <text x=`"$($labelWidth - 8)`" y=`"$($y + 15)`" class=`"label`">$(& $esc $row.Linker)</text>")
            if ($null -ne $row.WallMs -and $max) {
                $w = [math]::Max(1, [math]::Round($barWidth * $row.WallMs / $max, 1))
                $wText = $w.ToString([Globalization.CultureInfo]::InvariantCulture)
                $null = $body.AppendLine("  <rect x=`"$labelWidth`" y=`"$($y + 3)`" width=`"$wText`" height=`"16`" fill=`"$color`"><title>$(& $esc "$($row.Linker): $(Format-Number $row.WallMs 'N2') ms")</title></rect>")
                $null = $body.AppendLine("  <text x=`"$([math]::Round($labelWidth + $w + 6, 1).ToString([Globalization.CultureInfo]::InvariantCulture))`" y=`"$($y + 15)`" class=`"value`">$(Format-Number $row.WallMs 'N2') ms</text>")
            }
            else {
                $status = if ($row.Status -like 'FAILED*') { 'FAILED' } else { $row.Status }
                $null = $body.AppendLine("  <text x=`"$($labelWidth + 4)`" y=`"$($y + 15)`" class=`"failed`">$(& $esc $status)</text>")
            }
            $y += $rowHeight
        }
        $y += 10
    }
    $height = $y + 10
    @(
        "<svg xmlns=`"http://www.w3.org/2000/svg`" width=`"$width`" height=`"$height`" viewBox=`"0 0 $width $height`" font-family=`"sans-serif`" font-size=`"13`">"
        '  <style>.workload{font-weight:bold;font-size:14px}.label{text-anchor:end}.value{fill:#333}.failed{fill:#c0392b;font-weight:bold}</style>'
        "  <rect width=`"$width`" height=`"$height`" fill=`"#ffffff`"/>"
        "  <text x=`"10`" y=`"22`" font-size=`"16`" font-weight=`"bold`">Link time per workload (lower is better)</text>"
        $body.ToString().TrimEnd()
        '</svg>'
    ) -join "`n"
}

function Write-Report {
    param($Results, $Linkers)
    $date = Get-Date -Format 'yyyy-MM-dd'
    $null = New-Item -ItemType Directory -Force -Path $ResultsDirectory
    $preamble = Format-Preamble -Linkers $Linkers -Date $date

    foreach ($result in $Results) {
        $path = Join-Path $ResultsDirectory "$date-$($result.Spec.Name).md"
        $text = @("# Benchmark: $($result.Spec.Name)", '') + $preamble + (Format-WorkloadSection -Result $result -HeadingLevel 2)
        Set-Content -LiteralPath $path -Value $text -Encoding utf8NoBOM
        Write-Step "wrote $path"
    }
    $latest = @('# Latest benchmark', '') + $preamble + @('![Link time per workload](latest.svg)', '') +
        ($Results | ForEach-Object { Format-WorkloadSection -Result $_ -HeadingLevel 2 })
    Set-Content -LiteralPath (Join-Path $ResultsDirectory 'latest.md') -Value $latest -Encoding utf8NoBOM
    Set-Content -LiteralPath (Join-Path $ResultsDirectory 'latest.svg') -Value (ConvertTo-Svg -Results $Results) -Encoding utf8NoBOM
    Write-Step "wrote $(Join-Path $ResultsDirectory 'latest.md') and latest.svg"
}

#endregion

$null = New-Item -ItemType Directory -Force -Path $ScratchDirectory
Install-PeerLinker
$runstat = Build-Runstat
$linkers = @(Get-Linker)
if (-not ($linkers | Where-Object Name -eq $ReferenceName).Path) { throw 'ld.bfd (GNU ld) is required as the reference.' }
$specs = @(Import-Workload)
if ($specs.Count -eq 0) { throw "No workload matched under $WorkloadDirectory." }

try {
    $results = foreach ($spec in $specs) { Invoke-Workload -Spec $spec -Linkers $linkers -Runstat $runstat }
    Write-Report -Results $results -Linkers $linkers
    foreach ($result in $results) {
        $result.Rows | Format-Table Linker, @{ n = 'Status'; e = { if ($_.Status.Length -gt 50) { $_.Status.Substring(0, 49) + '…' } else { $_.Status } } }, @{ n = 'Wall ms'; e = { Format-Number $_.WallMs 'N2' }; a = 'right' },
            @{ n = 'CPU ms'; e = { Format-Number $_.CpuMs 'N2' }; a = 'right' },
            @{ n = 'RSS MiB'; e = { Format-Number $_.RssMiB 'N1' }; a = 'right' } -AutoSize |
            Out-String -Width 160 | ForEach-Object { Write-Information "$($result.Spec.Name)`n$_" -InformationAction Continue }
    }
}
finally {
    if (Test-Path -LiteralPath $ShmDirectory) { Remove-Item -LiteralPath $ShmDirectory -Recurse -Force }
}
