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
     bench/results/latest.svg (partial.md and partial.svg when -Workload picks some workloads only, so a
     partial run never replaces the full report).

Outputs go to /dev/shm so disk speed does not count. The "floor" row is the physical floor of the link:
bench/tools/floor reads, once and on one core, every byte range GNU ld's `-t -t` trace says the link
loaded (whole objects and shared libraries; of an archive its index, long-name table and the members it
loaded), then writes as many bytes as GNU ld's output has.

Compiled (and generated) objects are cached under results/tmp/objects/<workload>/, keyed by the sources,
the generator and its arguments, the compile arguments and the compiler's version, so only the first run of
a large generated workload pays for compiling it.

A workload may need packages (the llvm workload needs llvm-19-dev): they are installed with apt-get when
missing (as root, unless -NoInstall). A workload that cannot run is not dropped: its section in the report
says why. After the workloads, a child pwsh that imports the module measures the module figures:
Get-ElfSymbol against nm over libc.a, and the cmdlet pipeline against the wild command on the same link.

lld-19 and mold are installed with apt-get when missing (as root; -NoInstall skips that). mold runs with
--no-fork when it supports it: by default it forks, the parent exits when the output is ready, and the
child's clean-up time and memory would go unmeasured.

.PARAMETER Rounds
Timed rounds per workload after the warm-up (default 10).

.PARAMETER Workload
Names of the workloads to run (file names under bench/workloads without .psd1, wildcards allowed, e.g.
'scaling-*'); default: all.

.PARAMETER WildPath
The wild executable (default: dist/wild).

.PARAMETER ResultsDirectory
Where the reports go (default: bench/results). Scratch files go to its tmp/ folder.

.PARAMETER ModulePath
The built module for the module figures (default: dist/Wild/Wild.psd1, next to the default wild).

.PARAMETER NoInstall
Do not install missing peer linkers or workload packages; their rows say "not installed".

.PARAMETER SkipModuleFigures
Do not measure the module figures (Get-ElfSymbol against nm, the cmdlet pipeline against wild).

.EXAMPLE
dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Rounds 20 -Workload static-hello

.EXAMPLE
dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Rounds 3 -Workload 'scaling-*,llvm'
#>
#Requires -Version 7.4

[CmdletBinding()]
param(
    [ValidateRange(1, 1000)]
    [int] $Rounds = 10,

    [string[]] $Workload,

    [string] $WildPath = (Join-Path $PSScriptRoot '../dist/wild'),

    [string] $ResultsDirectory = (Join-Path $PSScriptRoot 'results'),

    [string] $ModulePath = (Join-Path $PSScriptRoot '../dist/Wild/Wild.psd1'),

    [switch] $NoInstall,

    [switch] $SkipModuleFigures
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Relative paths are relative to the current location, also for the child pwsh of the module figures.
$ModulePath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ModulePath)
# `pwsh -File` hands `-Workload a,b` over as one string: accept commas as separators too.
$Workload = @($Workload | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
$WorkloadDirectory = Join-Path $PSScriptRoot 'workloads'
$ScratchDirectory = Join-Path $ResultsDirectory 'tmp'
$ShmDirectory = "/dev/shm/wild-bench-$PID"
$ReferenceName = 'ld.bfd'
$WildName = 'wild'
$FloorName = 'floor'
$ObjectCacheDirectory = Join-Path $ScratchDirectory 'objects'
# The links the module figures time through the cmdlet pipeline, when these workloads ran.
$ModuleLinkWorkloads = 'static-hello', 'scaling-100k'

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

function Build-Tool([string] $Name) {
    <# Compiles bench/tools/<Name>.c into the scratch directory; returns the binary's path. #>
    $source = Join-Path $PSScriptRoot "tools/$Name.c"
    $binary = Join-Path $ScratchDirectory $Name
    gcc -O2 -Wall -Wextra -Werror -o $binary $source | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "Could not compile $source." }
    return $binary
}

function Test-DebianPackage([string] $Name) {
    <# $true when dpkg says the package is installed; $null when there is no dpkg to ask. #>
    if (-not (Get-CommandPath 'dpkg-query')) { return $null }
    $status = & dpkg-query -W -f '${Status}' $Name 2>$null
    return ($LASTEXITCODE -eq 0 -and "$status" -match 'install ok installed')
}

function Install-WorkloadRequirement {
    <#
    Makes sure a workload's Requires (Command, Packages) are there, installing missing Debian packages with
    apt-get as the peer linkers are. Returns $null when the workload can run, else the reason it cannot.
    #>
    param([Parameter(Mandatory)] $Spec)
    $requires = $Spec.Requires
    if (-not $requires) { return $null }
    $command = if ($requires.ContainsKey('Command')) { $requires.Command } else { $null }
    $packages = @($requires['Packages'] | Where-Object { $_ })
    $missing = @($packages | Where-Object { (Test-DebianPackage $_) -eq $false })
    if ($command -and -not (Get-CommandPath $command) -and $missing.Count -eq 0) { $missing = $packages }
    if ($missing.Count -eq 0) { return $null }

    $what = "$($missing -join ', ') (for $(if ($command) { $command } else { $Spec.Name }))"
    if ($NoInstall) { return "not run: $what not installed, and -NoInstall was given" }
    if ((id -u) -ne '0') { return "not run: $what not installed, and installing needs root" }
    if (-not (Get-CommandPath 'apt-get')) { return "not run: $what not installed, and there is no apt-get" }

    Write-Step "apt-get install $($missing -join ' ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    $log = @(apt-get install -y -q --no-install-recommends @missing 2>&1 | ForEach-Object { "$_" })
    $code = $LASTEXITCODE
    if ($code -ne 0) {
        # Stale package lists are the usual cause: refresh them once and try again.
        apt-get update -q 2>&1 | Out-Null
        $log = @(apt-get install -y -q --no-install-recommends @missing 2>&1 | ForEach-Object { "$_" })
        $code = $LASTEXITCODE
    }
    $log | Select-Object -Last 5 | Out-Host
    $still = @($missing | Where-Object { (Test-DebianPackage $_) -eq $false })
    if ($code -ne 0 -or $still.Count -gt 0 -or ($command -and -not (Get-CommandPath $command))) {
        $why = @($log | Where-Object { $_ -match '^(E|W):' } | Select-Object -First 1)
        return "not run: apt-get install $($missing -join ' ') failed (exit code $code)$(if ($why) { ": $($why[0].Trim())" })"
    }
    return $null
}

function Get-MachineSummary {
    $cpu = (Select-String -LiteralPath '/proc/cpuinfo' -Pattern '^model name\s*:\s*(.+)$' |
            Select-Object -First 1).Matches[0].Groups[1].Value
    "$cpu, $([Environment]::ProcessorCount) logical CPUs, Linux $(uname -r)"
}

#endregion

#region Workloads

function Test-WorkloadSelected([string] $Name) {
    if (-not $Workload) { return $true }
    foreach ($pattern in $Workload) { if ($Name -like $pattern) { return $true } }
    return $false
}

function Import-Workload {
    $files = Get-ChildItem -LiteralPath $WorkloadDirectory -Filter '*.psd1' -File | Sort-Object BaseName
    $specs = foreach ($file in $files) {
        if (-not (Test-WorkloadSelected $file.BaseName)) { continue }
        $data = Import-PowerShellDataFile -LiteralPath $file.FullName
        $generatorArgs = if ($data.ContainsKey('GeneratorArgs')) { $data.GeneratorArgs } else { @{} }
        [pscustomobject]@{
            Name          = $file.BaseName
            Description   = $data.Description
            Driver        = if ($data.ContainsKey('Driver')) { $data.Driver } else { 'gcc' }
            Sources       = @($data['Sources'] | Where-Object { $_ } | ForEach-Object { Join-Path $WorkloadDirectory $_ })
            Generator     = if ($data.ContainsKey('Generator')) { Join-Path $WorkloadDirectory $data.Generator } else { $null }
            GeneratorArgs = $generatorArgs
            CompileArgs   = @($data['CompileArgs'] | Where-Object { $_ })
            # A command whose output (split at white space) is appended to CompileArgs, e.g. llvm-config --cxxflags.
            CompileArgsCommand = @($data['CompileArgsCommand'] | Where-Object { $_ })
            # Driver arguments before the objects (-static, -pie) ...
            LinkArgs      = @($data['LinkArgs'] | Where-Object { $_ })
            # ... and after them (-L, -l: archives are searched in command-line order).
            LibraryArgs   = @($data['LibraryArgs'] | Where-Object { $_ })
            LibraryArgsCommand = @($data['LibraryArgsCommand'] | Where-Object { $_ })
            # Linker options for every linker but the reference (GNU ld), appended to the captured argv: features
            # GNU ld lacks (--icf=all). The reference still links without them, for the floor and the expected output.
            PeerLinkArgs  = @($data['PeerLinkArgs'] | Where-Object { $_ })
            # @{ Command = 'llvm-config-19'; Packages = @('llvm-19-dev') }: installed with apt-get when missing.
            Requires      = if ($data.ContainsKey('Requires')) { $data.Requires } else { $null }
            # Generated scaling workloads: the series they belong to and their number of generated global symbols.
            Series        = if ($data.ContainsKey('Series')) { $data.Series } else { $null }
            # 'aarch64': cross-compiled; the peers are the cross GNU ld (and gold), outputs run under qemu-aarch64.
            Machine       = if ($data.ContainsKey('Machine')) { $data.Machine } else { $null }
            Symbols       = if ($generatorArgs.ContainsKey('Objects') -and $generatorArgs.ContainsKey('Functions')) {
                [long]$generatorArgs.Objects * [long]$generatorArgs.Functions
            } else { $null }
        }
    }
    # Hand-written workloads by name, then each generated series from the smallest to the largest.
    $specs | Sort-Object @{ e = { [bool]$_.Series } }, @{ e = { "$($_.Series)" } }, @{ e = { [long]$_.Symbols } }, Name
}

function Invoke-ArgumentCommand {
    <# Runs a command like @('llvm-config-19', '--cxxflags') and returns its output split at white space. #>
    param([string[]] $Command, [string] $WorkloadName)
    if ($Command.Count -eq 0) { return @() }
    $exe = Get-CommandPath $Command[0]
    if (-not $exe) { throw "$($WorkloadName): $($Command[0]) is not installed." }
    $output = & $exe @($Command | Select-Object -Skip 1) 2>&1
    if ($LASTEXITCODE -ne 0) { throw "$($WorkloadName): '$($Command -join ' ')' exited $LASTEXITCODE`: $output" }
    return @(("$output" -split '\s+') | Where-Object { $_ })
}

function Get-ObjectCacheKey {
    <# What the compiled objects depend on: driver version, arguments, generator, sources. #>
    param($Spec, [string[]] $CompileArgs)
    $parts = [Collections.Generic.List[string]]::new()
    $parts.Add("driver: $($Spec.Driver) $(Get-FirstLine (Get-CommandPath $Spec.Driver))")
    $parts.Add("compile: $($CompileArgs -join ' ')")
    if ($Spec.Generator) {
        $parts.Add("generator: $((Get-FileHash -LiteralPath $Spec.Generator -Algorithm SHA256).Hash)")
        foreach ($key in @($Spec.GeneratorArgs.Keys | Sort-Object)) { $parts.Add("  $key=$($Spec.GeneratorArgs[$key])") }
    }
    foreach ($source in $Spec.Sources) {
        $parts.Add("source: $([IO.Path]::GetFileName($source)) $((Get-FileHash -LiteralPath $source -Algorithm SHA256).Hash)")
    }
    return ($parts -join "`n")
}

function Get-WorkloadObject {
    <#
    The workload's objects in link order, compiled (and generated) into results/tmp/objects/<name>/ unless
    that folder already holds them for the same key (see Get-ObjectCacheKey).
    #>
    param($Spec, [string[]] $CompileArgs)
    $dir = Join-Path $ObjectCacheDirectory $Spec.Name
    $stampPath = Join-Path $dir 'key.txt'
    $listPath = Join-Path $dir 'objects.txt'
    $key = Get-ObjectCacheKey -Spec $Spec -CompileArgs $CompileArgs
    if ((Test-Path -LiteralPath $stampPath) -and (Test-Path -LiteralPath $listPath) -and
        (Get-Content -Raw -LiteralPath $stampPath) -ceq "$key`n") {
        $cached = @(Get-Content -LiteralPath $listPath)
        if ($cached.Count -gt 0 -and -not ($cached | Where-Object { -not (Test-Path -LiteralPath $_ -PathType Leaf) })) {
            Write-Step "$($Spec.Name): $($cached.Count) objects from the cache ($dir)"
            return , $cached
        }
    }
    # An interrupted compile of the same key resumes: objects are renamed into place only when complete.
    $pendingPath = Join-Path $dir 'pending-key.txt'
    $resume = (Test-Path -LiteralPath $pendingPath) -and (Get-Content -Raw -LiteralPath $pendingPath) -ceq "$key`n"
    if (-not $resume) {
        if (Test-Path -LiteralPath $dir) { Remove-Item -LiteralPath $dir -Recurse -Force }
        $null = New-Item -ItemType Directory -Force -Path $dir
        Set-Content -LiteralPath $pendingPath -Value $key -Encoding utf8NoBOM
    }

    $sources = @($Spec.Sources)
    if ($Spec.Generator) {
        $genArgs = $Spec.GeneratorArgs
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $sources += @(& $Spec.Generator -OutputDirectory (Join-Path $dir 'src') @genArgs)
        Write-Step "$($Spec.Name): generated $($sources.Count) sources in $([math]::Round($watch.Elapsed.TotalSeconds, 1)) s"
    }
    # Generated workloads have thousands of files: compile them on every core.
    $driver = $Spec.Driver
    $watch = [Diagnostics.Stopwatch]::StartNew()
    # The object list keeps source order (parallel output arrives in completion order).
    $objects = @($sources | ForEach-Object { Join-Path $dir ([IO.Path]::GetFileNameWithoutExtension($_) + '.o') })
    $todo = @($sources | Where-Object { -not (Test-Path -LiteralPath (Join-Path $dir ([IO.Path]::GetFileNameWithoutExtension($_) + '.o'))) })
    if ($resume) { Write-Step "$($Spec.Name): resuming an interrupted compile, $($todo.Count) of $($sources.Count) objects to go" }
    $todo | ForEach-Object -ThrottleLimit ([Environment]::ProcessorCount) -Parallel {
        $object = Join-Path $using:dir ([IO.Path]::GetFileNameWithoutExtension($_) + '.o')
        & $using:driver -c @($using:CompileArgs) -o "$object.tmp" $_
        if ($LASTEXITCODE -ne 0) { throw "compiling $_ failed." }
        [IO.File]::Move("$object.tmp", $object, $true)
    }
    Write-Step "$($Spec.Name): compiled $($objects.Count) objects in $([math]::Round($watch.Elapsed.TotalSeconds, 1)) s"
    # Generated sources are not needed once compiled; the objects are what the cache keeps.
    if ($Spec.Generator) { Remove-Item -LiteralPath (Join-Path $dir 'src') -Recurse -Force }
    Set-Content -LiteralPath $listPath -Value $objects -Encoding utf8NoBOM
    Set-Content -LiteralPath $stampPath -Value $key -Encoding utf8NoBOM
    Remove-Item -LiteralPath $pendingPath -Force
    return , $objects
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

    $compileArgs = @($Spec.CompileArgs) + @(Invoke-ArgumentCommand -Command $Spec.CompileArgsCommand -WorkloadName $Spec.Name)
    $libraryArgs = @($Spec.LibraryArgs) + @(Invoke-ArgumentCommand -Command $Spec.LibraryArgsCommand -WorkloadName $Spec.Name)
    $objects = Get-WorkloadObject -Spec $Spec -CompileArgs $compileArgs

    $log = New-LoggingLd -Capture $capture -ReferenceLinker $ReferenceLinker
    & $Spec.Driver "-B$capture/" @($Spec.LinkArgs) -o (Join-Path $work 'captured.out') @objects @libraryArgs | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$($Spec.Name): the capture link through $($Spec.Driver) (GNU ld) failed with exit code $LASTEXITCODE." }
    if (-not (Test-Path -LiteralPath $log)) { throw "$($Spec.Name): $($Spec.Driver) did not run the logging ld in $capture." }

    # -B<dir> also makes the driver pass -L<dir>; that directory is an artefact of capturing.
    $captureDir = $capture.TrimEnd('/')
    $argv = @(Get-Content -LiteralPath $log | Where-Object { $_.TrimEnd('/') -ne "-L$captureDir" })
    # gcc's LTO plugin writes its resolution file where collect2 said, a temporary that collect2 removed after
    # the capture: each replay writes it in the scratch directory instead.
    $argv = @($argv | ForEach-Object { if ($_ -like '-plugin-opt=-fresolution=*') { "-plugin-opt=-fresolution=$work/resolution.txt" } else { $_ } })
    Set-Content -LiteralPath (Join-Path $work 'argv.txt') -Value $argv -Encoding utf8NoBOM
    return , $argv
}

# The variables gcc's driver sets for the linker's LTO plugin: its lto-wrapper reads them, so a replay without
# the driver needs them (empty for any other link).
$DriverEnvironment = 'COLLECT_GCC', 'COLLECT_GCC_OPTIONS', 'COLLECT_LTO_WRAPPER'

function Get-CapturedEnvironment {
    <# The driver's variables the logging ld recorded for a workload ($DriverEnvironment), as name/value pairs. #>
    param([Parameter(Mandatory)] $Spec)
    $file = Join-Path $ScratchDirectory "$($Spec.Name)/capture/environment.txt"
    if (-not (Test-Path -LiteralPath $file)) { return @() }
    @(Get-Content -LiteralPath $file | Where-Object { $_ -match '^[A-Z_]+=' } | ForEach-Object {
        $eq = $_.IndexOf('=')
        [pscustomobject]@{ Name = $_.Substring(0, $eq); Value = $_.Substring($eq + 1) }
    })
}

function New-LoggingLd([string] $Capture, [string] $ReferenceLinker) {
    # Records the argv the compiler driver hands to ld, one argument per line, then links with GNU ld.
    $log = Join-Path $Capture 'argv.txt'
    $environment = Join-Path $Capture 'environment.txt'
    $wrapper = Join-Path $Capture 'ld'
    Set-Content -LiteralPath $wrapper -Encoding utf8NoBOM -Value @(
        '#!/bin/sh'
        "printf '%s\n' `"`$@`" > '$log'"
        "env | grep -E '^($($DriverEnvironment -join '|'))=' > '$environment'"
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
    param($Linker, [string[]] $Argv, [string] $Runstat, [string[]] $ExtraArgs = @())
    $output = Join-Path $Linker.Directory 'a.out'
    if (Test-Path -LiteralPath $output) { Remove-Item -LiteralPath $output -Force }
    [string[]] $linkArgs = @($Linker.Args) + @($ExtraArgs) + (Set-OutputArgument -Argv $Argv -Output $output)
    Invoke-Measured -Runstat $Runstat -Directory $Linker.Directory -FilePath $Linker.Path -ArgumentList $linkArgs
}

function Invoke-Output {
    <# Runs a linked program once (through $Runner, e.g. qemu-aarch64, when given), with a time limit; returns exit
    code and stdout. #>
    param([string] $Path, [string[]] $Runner = @())
    $global:LASTEXITCODE = 0
    $limit = if ($Runner.Count -gt 0) { 60 } else { 20 } # emulated: slower to start and to run
    $stdout = & timeout --kill-after=2 $limit @Runner $Path 2>$null
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Stdout = ($stdout -join "`n") }
}

function Test-Linker {
    <# The warm-up link plus one run of its output; returns $null when it behaves like $Expected, else why not. #>
    param($Linker, [string[]] $Argv, [string] $Runstat, $Expected, [string[]] $ExtraArgs = @())
    $link = Invoke-Link -Linker $Linker -Argv $Argv -Runstat $Runstat -ExtraArgs $ExtraArgs
    if ($link.ExitCode -ne 0) {
        $first = @("$($link.Stderr)" -split "`n" | Where-Object { $_.Trim() } | Select-Object -First 1)
        return "link exited $($link.ExitCode)$(if ($first) { ": $($first[0].Trim())" })"
    }
    $output = Join-Path $Linker.Directory 'a.out'
    if (-not (Test-Path -LiteralPath $output -PathType Leaf)) { return 'link exited 0 but wrote no output' }
    $run = Invoke-Output -Path $output -Runner $Linker.Runner
    if ($null -eq $Expected) { return $null }
    if ($run.ExitCode -ne $Expected.ExitCode) { return "output exited $($run.ExitCode), GNU ld's $($Expected.ExitCode)" }
    if ($run.Stdout -cne $Expected.Stdout) { return "output's stdout differs from GNU ld's" }
    return $null
}

. (Join-Path $PSScriptRoot 'Statistics.ps1')

#endregion

#region Physical floor

function Get-ArchiveRange {
    <#
    The byte ranges of an ar archive a link must read: the symbol index, the long-name table and the members
    in $Members (names as GNU ld's -t -t prints them). For a thin archive the loaded members are files of
    their own and come back whole. Returns objects with Path, Offset, Length.
    #>
    param([string] $Path, [Collections.Generic.HashSet[string]] $Members)
    $stream = [IO.File]::OpenRead($Path)
    try {
        $magic = [byte[]]::new(8)
        if ($stream.Read($magic, 0, 8) -ne 8) { return }
        $text = [Text.Encoding]::ASCII.GetString($magic)
        $thin = $text -eq "!<thin>`n"
        if (-not $thin -and $text -ne "!<arch>`n") {
            [pscustomobject]@{ Path = $Path; Offset = 0; Length = $stream.Length }
            return
        }
        [pscustomobject]@{ Path = $Path; Offset = 0; Length = 8 }
        $header = [byte[]]::new(60)
        $longNames = $null
        $seen = [Collections.Generic.HashSet[string]]::new()
        $position = 8
        while ($position + 60 -le $stream.Length) {
            $null = $stream.Seek($position, 'Begin')
            if ($stream.Read($header, 0, 60) -ne 60) { break }
            $rawName = [Text.Encoding]::ASCII.GetString($header, 0, 16).TrimEnd()
            $size = [long]::Parse([Text.Encoding]::ASCII.GetString($header, 48, 10).Trim())
            $dataOffset = $position + 60
            $isIndex = $rawName -in '/', '/SYM64/'
            $isNames = $rawName -eq '//'
            # Thin archives keep only the index and the name table inside; members live in their own files.
            $inside = -not $thin -or $isIndex -or $isNames
            if ($isNames) {
                $bytes = [byte[]]::new($size)
                $null = $stream.Read($bytes, 0, $size)
                $longNames = [Text.Encoding]::UTF8.GetString($bytes)
            }
            if ($isIndex -or $isNames) {
                [pscustomobject]@{ Path = $Path; Offset = $position; Length = 60 + $size }
            }
            else {
                $name = if ($rawName -match '^/(\d+)$' -and $longNames) {
                    $start = [int]$Matches[1]
                    $stop = $longNames.IndexOf("/`n", $start)
                    if ($stop -lt 0) { $stop = $longNames.IndexOf("`n", $start) }
                    $longNames.Substring($start, $stop - $start)
                }
                else { $rawName.TrimEnd('/') }
                # The first member of a name is the one GNU ld names; later duplicates are not counted.
                if ($Members.Contains($name) -and $seen.Add($name)) {
                    if ($thin) {
                        $memberPath = Join-Path ([IO.Path]::GetDirectoryName($Path)) $name
                        if (Test-Path -LiteralPath $memberPath -PathType Leaf) {
                            [pscustomobject]@{ Path = $memberPath; Offset = 0; Length = (Get-Item -LiteralPath $memberPath).Length }
                        }
                    }
                    else { [pscustomobject]@{ Path = $Path; Offset = $position; Length = 60 + $size } }
                }
            }
            $next = $position + 60 + $(if ($inside) { $size } else { 0 })
            $position = $next + ($next % 2)
        }
    }
    finally { $stream.Dispose() }
}

function Get-LinkInputRange {
    <#
    Turns GNU ld's `-t -t` trace (one input file per line, `(archive)member` for each archive member it
    loaded) into the byte ranges the link reads: whole objects, shared objects and scripts, and for each
    archive its index, name table and loaded members. Returns @{ Ranges; Files; Members; Bytes }.
    #>
    param([string[]] $Trace)
    $files = [Collections.Generic.List[string]]::new()
    $members = @{}
    foreach ($line in $Trace) {
        $line = $line.Trim()
        if (-not $line) { continue }
        if ($line -match '^\((.+)\)(.+)$') {
            $archive = [IO.Path]::GetFullPath($Matches[1])
            if (-not $members.ContainsKey($archive)) { $members[$archive] = [Collections.Generic.HashSet[string]]::new() }
            $null = $members[$archive].Add($Matches[2])
            if (-not $files.Contains($archive)) { $files.Add($archive) }
            continue
        }
        $path = try { [IO.Path]::GetFullPath($line) } catch { $null }
        if ($path -and (Test-Path -LiteralPath $path -PathType Leaf) -and -not $files.Contains($path)) { $files.Add($path) }
    }
    $ranges = [Collections.Generic.List[object]]::new()
    $memberCount = 0
    foreach ($file in $files) {
        $head = [byte[]]::new(8)
        $stream = [IO.File]::OpenRead($file)
        try { $n = $stream.Read($head, 0, 8); $length = $stream.Length } finally { $stream.Dispose() }
        $magic = if ($n -eq 8) { [Text.Encoding]::ASCII.GetString($head) } else { '' }
        if ($magic -in "!<arch>`n", "!<thin>`n") {
            # Not `$wanted = if ...`: a statement's output would unroll the set (to $null when it is empty).
            $wanted = [Collections.Generic.HashSet[string]]::new()
            if ($members.ContainsKey($file)) { $wanted = $members[$file] }
            $memberCount += $wanted.Count
            foreach ($r in @(Get-ArchiveRange -Path $file -Members $wanted)) { $ranges.Add($r) }
        }
        else { $ranges.Add([pscustomobject]@{ Path = $file; Offset = 0; Length = $length }) }
    }
    @{
        Ranges  = $ranges
        Files   = $files.Count
        Members = $memberCount
        Bytes   = [long]($ranges | Measure-Object -Property Length -Sum).Sum
    }
}

function Invoke-Floor {
    <# One run of bench/tools/floor; returns its read and write times in microseconds. #>
    param([string] $Tool, [string] $RangesFile, [string] $Output, [long] $OutputBytes)
    if (Test-Path -LiteralPath $Output) { Remove-Item -LiteralPath $Output -Force }
    $line = & $Tool $RangesFile $Output $OutputBytes
    if ($LASTEXITCODE -ne 0 -or -not $line) { throw "floor failed ($LASTEXITCODE) on $RangesFile." }
    $f = "$line".Trim() -split ' '
    [pscustomobject]@{ ExitCode = 0; ReadUs = [long]$f[0]; WriteUs = [long]$f[1]; WallUs = [long]$f[0] + [long]$f[1]; BytesRead = [long]$f[2] }
}

#endregion

#region Workload runs

function New-NotRunResult {
    <# A workload that could not be measured: it keeps its place in the report, with the reason. #>
    param($Spec, [string] $Reason, $Linkers)
    $rows = foreach ($linker in $Linkers) {
        [pscustomobject]@{
            Workload = $Spec.Name; Linker = $linker.Name; Version = $linker.Version; Note = $linker.Note
            Status = $Reason; WallMs = $null; CpuMs = $null; RssMiB = $null; OutputKiB = $null
        }
    }
    [pscustomobject]@{ Spec = $Spec; Argv = @(); Rows = @($rows); NotRun = $Reason; Floor = $null }
}

function Get-WorkloadLinker {
    <#
    The linkers for a workload's machine: for Machine = 'aarch64' the GNU linkers are Debian's cross ones
    (aarch64-linux-gnu-ld.bfd, the reference, and aarch64-linux-gnu-ld.gold); ld.lld, mold and wild link AArch64
    as they are. Outputs then run under qemu-aarch64 with the cross sysroot (Runner).
    #>
    param($Spec, $Linkers)
    if (-not $Spec.Machine) { return $Linkers }
    if ($Spec.Machine -ne 'aarch64') { throw "$($Spec.Name): unknown Machine '$($Spec.Machine)' (only 'aarch64' is known)." }
    foreach ($l in $Linkers) {
        $cross = switch ($l.Name) { $ReferenceName { 'aarch64-linux-gnu-ld.bfd' } 'ld.gold' { 'aarch64-linux-gnu-ld.gold' } default { $null } }
        if (-not $cross) { $l; continue }
        $path = Get-CommandPath $cross
        [pscustomobject]@{
            Name = $l.Name; Path = $path; Args = $l.Args; Note = $l.Note
            Version = if ($path) { Get-FirstLine $path } else { 'not installed' }
        }
    }
}

function Invoke-Workload {
    <# Captures, checks, times; returns one row per linker plus the floor. #>
    param($Spec, $Linkers, [string] $Runstat, [string] $FloorTool)

    $Linkers = @(Get-WorkloadLinker -Spec $Spec -Linkers $Linkers)

    $notRun = Install-WorkloadRequirement -Spec $Spec
    if ($notRun) {
        Write-Warning "$($Spec.Name): $notRun"
        return New-NotRunResult -Spec $Spec -Reason $notRun -Linkers $Linkers
    }
    try { Invoke-WorkloadRun -Spec $Spec -Linkers $Linkers -Runstat $Runstat -FloorTool $FloorTool }
    catch {
        $reason = "not run: $($_.Exception.Message)"
        Write-Warning "$($Spec.Name): $reason"
        New-NotRunResult -Spec $Spec -Reason $reason -Linkers $Linkers
    }
}

function Invoke-WorkloadRun {
    param($Spec, $Linkers, [string] $Runstat, [string] $FloorTool)

    Write-Step "$($Spec.Name): capture the $($Spec.Driver) link command line"
    $reference = $Linkers | Where-Object Name -eq $ReferenceName
    $argv = Get-CapturedArgv -Spec $Spec -ReferenceLinker $reference.Path
    $driverEnvironment = @(Get-CapturedEnvironment -Spec $Spec)
    foreach ($v in $driverEnvironment) { [Environment]::SetEnvironmentVariable($v.Name, $v.Value) }
    try { Invoke-CapturedLink -Spec $Spec -Linkers $Linkers -Runstat $Runstat -FloorTool $FloorTool -Argv $argv }
    finally { foreach ($v in $driverEnvironment) { [Environment]::SetEnvironmentVariable($v.Name, $null) } }
}

function Invoke-CapturedLink {
    <# Checks and times every linker on the captured argv (with the driver's variables set). #>
    param($Spec, $Linkers, [string] $Runstat, [string] $FloorTool, [string[]] $Argv)
    $argv = $Argv

    $shm = Join-Path $ShmDirectory $Spec.Name
    $runner = [string[]]@(if ($Spec.Machine -eq 'aarch64') { 'qemu-aarch64', '-L', '/usr/aarch64-linux-gnu' })
    $members = foreach ($linker in $Linkers) {
        $dir = Join-Path $shm ($linker.Name -replace '[^A-Za-z0-9.-]', '_')
        $null = New-Item -ItemType Directory -Force -Path $dir
        $isReference = $linker.Name -eq $ReferenceName
        $note = $linker.Note
        if ($Spec.PeerLinkArgs.Count -gt 0) {
            $note = if ($isReference) { "GNU ld: the reference, linked without $($Spec.PeerLinkArgs -join ' ') (it has no such option)" }
                    else { (@($note, "with $($Spec.PeerLinkArgs -join ' ')") | Where-Object { $_ }) -join '; ' }
        }
        [pscustomobject]@{
            Name = $linker.Name; Path = $linker.Path; Args = $linker.Args; Version = $linker.Version
            Note = $note; Directory = $dir; Status = 'ok'; Samples = [Collections.Generic.List[object]]::new(); Runner = $runner
            ExtraArgs = [string[]]@(if (-not $isReference) { $Spec.PeerLinkArgs })
        }
    }

    Write-Step "$($Spec.Name): warm-up and check (each output must behave like GNU ld's)"
    $refMember = $members | Where-Object Name -eq $ReferenceName
    # The reference's warm-up also traces its inputs (-t -t) for the floor; the trace goes to its stdout.
    $failure = Test-Linker -Linker $refMember -Argv $argv -Runstat $Runstat -Expected $null -ExtraArgs @('-t', '-t')
    if ($failure) { throw "GNU ld itself failed on the captured command line: $failure" }
    $trace = @(Get-Content -LiteralPath (Join-Path $refMember.Directory 'stdout.txt'))
    $expected = Invoke-Output -Path (Join-Path $refMember.Directory 'a.out') -Runner $runner
    $referenceOutput = Join-Path $refMember.Directory 'reference.out'
    Copy-Item -LiteralPath (Join-Path $refMember.Directory 'a.out') -Destination $referenceOutput
    $outputBytes = (Get-Item -LiteralPath $referenceOutput).Length

    foreach ($m in $members) {
        if (-not $m.Path) { $m.Status = 'not installed'; continue }
        if ($m.Name -eq $ReferenceName) { continue }
        $failure = Test-Linker -Linker $m -Argv $argv -Runstat $Runstat -Expected $expected -ExtraArgs @($m.ExtraArgs | Where-Object { $_ })
        if ($failure) { $m.Status = "FAILED: $failure" }
        Write-Step ("  {0,-8} {1}" -f $m.Name, $m.Status)
    }

    $inputs = Get-LinkInputRange -Trace $trace
    $floorDir = Join-Path $shm 'floor'
    $null = New-Item -ItemType Directory -Force -Path $floorDir
    $rangesFile = Join-Path $ScratchDirectory "$($Spec.Name).ranges.txt"
    Set-Content -LiteralPath $rangesFile -Encoding utf8NoBOM -Value @(
        $inputs.Ranges | ForEach-Object { "$($_.Offset) $($_.Length) $($_.Path)" })
    $floor = [pscustomobject]@{
        Name = $FloorName; Path = $FloorTool; Version = 'read the inputs once, write the output once, one core'
        Note = $null; Directory = $floorDir; Status = 'ok'; Samples = [Collections.Generic.List[object]]::new()
    }
    $timed = @($members | Where-Object Status -eq 'ok') + $floor

    Write-Step "$($Spec.Name): $Rounds interleaved rounds of $(($timed | ForEach-Object Name) -join ', ')"
    for ($round = 1; $round -le $Rounds; $round++) {
        foreach ($m in $timed) {
            if ($m.Status -ne 'ok') { continue }
            $sample = if ($m.Name -eq $FloorName) {
                Invoke-Floor -Tool $FloorTool -RangesFile $rangesFile -Output (Join-Path $floorDir 'a.out') -OutputBytes $outputBytes
            }
            else { Invoke-Link -Linker $m -Argv $argv -Runstat $Runstat -ExtraArgs @($m.ExtraArgs | Where-Object { $_ }) }
            if ($sample.ExitCode -ne 0) { $m.Status = "FAILED: exit code $($sample.ExitCode) in round $round"; continue }
            $m.Samples.Add($sample)
        }
    }

    $rows = foreach ($m in @($members) + $floor) {
        $ok = $m.Status -eq 'ok' -and $m.Samples.Count -gt 0
        $isFloor = $m.Name -eq $FloorName
        $out = Join-Path $m.Directory 'a.out'
        [pscustomobject]@{
            Workload  = $Spec.Name
            Linker    = $m.Name
            Version   = $m.Version
            Note      = $m.Note
            Status    = $m.Status
            WallMs    = if ($ok) { (Get-Median @($m.Samples | ForEach-Object WallUs)) / 1000 } else { $null }
            CpuMs     = if ($ok -and -not $isFloor) { (Get-Median @($m.Samples | ForEach-Object CpuUs)) / 1000 } else { $null }
            RssMiB    = if ($ok -and -not $isFloor) { (Get-Median @($m.Samples | ForEach-Object RssKiB)) / 1024 } else { $null }
            OutputKiB = if ($ok -and (Test-Path -LiteralPath $out)) { (Get-Item -LiteralPath $out).Length / 1024 } else { $null }
        }
    }
    $floorSummary = [pscustomobject]@{
        InputFiles   = $inputs.Files
        Members      = $inputs.Members
        InputBytes   = $inputs.Bytes
        OutputBytes  = $outputBytes
        ReadMs       = if ($floor.Samples.Count) { (Get-Median @($floor.Samples | ForEach-Object ReadUs)) / 1000 } else { $null }
        WriteMs      = if ($floor.Samples.Count) { (Get-Median @($floor.Samples | ForEach-Object WriteUs)) / 1000 } else { $null }
    }
    [pscustomobject]@{ Spec = $Spec; Argv = $argv; Rows = @($rows); NotRun = $null; Floor = $floorSummary; Expected = $expected }
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
    $floor = $Result.Rows | Where-Object Linker -eq $FloorName
    $lines = @(
        '| Linker | Status | Wall ms (median) | CPU ms user+sys (median) | Peak RSS MiB (median) | Output KiB | × floor | Wild/peer wall | Wild/peer CPU |'
        '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
    )
    foreach ($r in $Result.Rows) {
        $isPeer = $r.Linker -notin $WildName, $FloorName
        $lines += '| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7} | {8} |' -f $r.Linker, $r.Status,
            (Format-Number $r.WallMs 'N2'), (Format-Number $r.CpuMs 'N2'), (Format-Number $r.RssMiB 'N1'),
            (Format-Number $r.OutputKiB 'N0'),
            $(if ($r.Linker -ne $FloorName -and $floor) { Format-Ratio $r.WallMs $floor.WallMs } else { '' }),
            $(if ($isPeer) { Format-Ratio $wild.WallMs $r.WallMs } else { '' }),
            $(if ($isPeer) { Format-Ratio $wild.CpuMs $r.CpuMs } else { '' })
    }
    return $lines
}

function Format-Size([long] $Bytes) {
    if ($Bytes -ge 1MB) { return (Format-Number ($Bytes / 1MB) 'N1') + ' MiB' }
    return (Format-Number ($Bytes / 1KB) 'N0') + ' KiB'
}

function Format-FloorLine {
    param($Result)
    $f = $Result.Floor
    if (-not $f) { return @() }
    @(
        ('Physical floor: read {0} once ({1} input files; of the archives, their index and the {2} members GNU ld loaded) in {3} ms, write the {4} output in {5} ms: {6} ms on one core.' -f
            (Format-Size $f.InputBytes), $f.InputFiles, $f.Members, (Format-Number $f.ReadMs 'N2'), (Format-Size $f.OutputBytes),
            (Format-Number $f.WriteMs 'N2'), (Format-Number ($f.ReadMs + $f.WriteMs) 'N2'))
        ''
    )
}

function Format-WorkloadSection {
    param($Result, [int] $HeadingLevel = 2)
    $h = '#' * $HeadingLevel
    if ($Result.NotRun) {
        return @(
            "$h $($Result.Spec.Name)"
            ''
            "$($Result.Spec.Description)."
            ''
            "**$($Result.NotRun)**"
            ''
        )
    }
    @(
        "$h $($Result.Spec.Name)"
        ''
        "$($Result.Spec.Description)."
        ''
        Format-FloorLine -Result $Result
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
        'floor: the physical floor, measured by bench/tools/floor in each round: on one core, pread() every byte range the link'
        'must read (GNU ld''s `-t -t` trace: whole objects, shared libraries and scripts; of each archive its index, long-name table'
        'and the members GNU ld loaded) from the page cache into one 1 MiB buffer, then write() as many bytes as GNU ld''s output'
        'has to a new file on /dev/shm. Timed inside the process (no exec, no page-cache misses), so no linker can go below it.'
        '× floor: a linker''s wall time over the floor''s.'
        ''
        '| Linker | Version | Arguments added | Note |'
        '| --- | --- | --- | --- |'
        foreach ($l in $Linkers) {
            '| {0} | {1} | {2} | {3} |' -f $l.Name, $l.Version, ($l.Args -join ' '), $l.Note
        }
        ''
    )
}

function Format-SummaryTable {
    <# One row per workload: the floor and every linker's median wall time. #>
    param($Results, $Linkers)
    $names = @($Linkers | ForEach-Object Name)
    $peers = @($names | Where-Object { $_ -ne $WildName })
    $lines = @(
        '## Summary: median wall ms'
        ''
        "| Workload | Read by the link | Output | Floor ms | $($names -join ' | ') | Wild / best peer | Wild / floor |"
        "| --- | ---: | ---: | ---: | $(($names | ForEach-Object { '---:' }) -join ' | ') | ---: | ---: |"
    )
    foreach ($result in $Results) {
        if ($result.NotRun) {
            $lines += "| $($result.Spec.Name) | $($result.NotRun -replace '\|', '\|') |$(' |' * ($names.Count + 4))"
            continue
        }
        $f = $result.Floor
        $floorRow = $result.Rows | Where-Object Linker -eq $FloorName
        $cells = foreach ($name in $names) {
            $row = $result.Rows | Where-Object Linker -eq $name
            if ($null -ne $row.WallMs) { Format-Number $row.WallMs 'N1' }
            elseif ($row.Status -like 'FAILED*') { 'FAILED' }
            else { $row.Status }
        }
        $wild = $result.Rows | Where-Object Linker -eq $WildName
        $best = $result.Rows | Where-Object { $_.Linker -in $peers -and $null -ne $_.WallMs } | Sort-Object WallMs | Select-Object -First 1
        $lines += '| {0} | {1} | {2} | {3} | {4} | {5} | {6} |' -f $result.Spec.Name, (Format-Size $f.InputBytes),
            (Format-Size $f.OutputBytes), (Format-Number $floorRow.WallMs 'N1'), ($cells -join ' | '),
            $(if ($best) { "$(Format-Ratio $wild.WallMs $best.WallMs) ($($best.Linker))" } else { '–' }),
            (Format-Ratio $wild.WallMs $floorRow.WallMs)
    }
    $lines + ''
}

function Format-ScalingSection {
    <#
    Cost per symbol across the generated workloads of each series: wall time over the number of generated
    global symbols, and the marginal cost between consecutive sizes (which leaves out the fixed cost of
    start-up and libc.a). Linear growth keeps the marginal cost flat.
    #>
    param($Results)
    $series = @($Results | Where-Object { $_.Spec.Series -and $_.Spec.Symbols -and -not $_.NotRun } |
            Group-Object { $_.Spec.Series } | Sort-Object Name)
    if ($series.Count -eq 0) { return @() }
    $lines = @(
        '## Scaling: cost per symbol'
        ''
        'Generated workloads (bench/workloads/generators/New-CallGraph.ps1): N global functions, each calling one in another file and'
        'reading its own string constant, linked statically against libc.a. ns/symbol is the median wall time over N; marginal is'
        '(wall(N2) − wall(N1)) / (N2 − N1), the cost of each further symbol once start-up and libc.a are paid. Linear growth keeps'
        'the marginal cost flat; the last column is the last marginal cost over the first.'
        ''
    )
    foreach ($group in $series) {
        $runs = @($group.Group | Sort-Object { $_.Spec.Symbols })
        $sizes = @($runs | ForEach-Object { Format-Count $_.Spec.Symbols })
        $steps = @(for ($i = 1; $i -lt $runs.Count; $i++) { "marginal $($sizes[$i - 1])→$($sizes[$i])" })
        $header = @("$($group.Name): linker") + @($sizes | ForEach-Object { "ns/symbol at $_" }) + $steps + @('last / first marginal')
        $lines += "| $($header -join ' | ') |"
        $lines += "| --- | $((@($header | Select-Object -Skip 1) | ForEach-Object { '---:' }) -join ' | ') |"
        $linkerNames = @($runs[0].Rows | ForEach-Object Linker)
        $wildLine = $null
        foreach ($name in $linkerNames) {
            $walls = @($runs | ForEach-Object { ($_.Rows | Where-Object Linker -eq $name).WallMs })
            $perSymbol = for ($i = 0; $i -lt $runs.Count; $i++) {
                if ($null -eq $walls[$i]) { '–' } else { Format-Number ($walls[$i] * 1e6 / $runs[$i].Spec.Symbols) 'N0' }
            }
            $marginal = @(for ($i = 1; $i -lt $runs.Count; $i++) {
                    if ($null -eq $walls[$i] -or $null -eq $walls[$i - 1]) { $null }
                    else { ($walls[$i] - $walls[$i - 1]) * 1e6 / ($runs[$i].Spec.Symbols - $runs[$i - 1].Spec.Symbols) }
                })
            $verdict = if ($marginal.Count -ge 2 -and $null -ne $marginal[0] -and $null -ne $marginal[-1] -and $marginal[0] -gt 0) {
                $ratio = $marginal[-1] / $marginal[0]
                $word = if ($ratio -gt 1.3) { 'grows faster than linear' } elseif ($ratio -lt 0.77) { 'sub-linear' } else { '≈ linear' }
                "$(Format-Number $ratio 'N2')× ($word)"
            } else { '–' }
            $cells = @($name) + @($perSymbol) + @($marginal | ForEach-Object { Format-Number $_ 'N0' }) + @($verdict)
            $lines += "| $($cells -join ' | ') |"
            if ($name -eq $WildName) {
                $steps = for ($i = 0; $i -lt $marginal.Count; $i++) { "$($sizes[$i])→$($sizes[$i + 1]) $(Format-Number $marginal[$i] 'N0') ns" }
                $wildLine = "**Is wild's cost linear ($($group.Name))?** Marginal cost per symbol: $($steps -join ', ')" +
                    $(if ($verdict -ne '–') { "; last over first: $verdict." } else { '. (Three sizes or more are needed for a verdict.)' })
            }
        }
        $lines += ''
        if ($wildLine) { $lines += @($wildLine, '') ; $wildLine = $null }
    }
    $lines
}

function Format-Count([long] $Value) {
    if ($Value -ge 1000000 -and $Value % 1000000 -eq 0) { return "$($Value / 1000000)M" }
    if ($Value -ge 1000 -and $Value % 1000 -eq 0) { return "$($Value / 1000)k" }
    return "$Value"
}

function Format-RepoPath([string] $Path) {
    <# A path relative to the repository when it is inside it (reports do not name the clone they ran in). #>
    $root = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..'))
    $full = [IO.Path]::GetFullPath($Path)
    if ($full.StartsWith($root.TrimEnd('/') + '/')) { return [IO.Path]::GetRelativePath($root, $full) }
    return $full
}

function Format-ModuleSection {
    <# The module figures of issue 4, from Measure-ModuleFigure. #>
    param($Module)
    if (-not $Module) { return @() }
    $lines = @('## Module figures', '')
    if ($Module.NotRun) { return $lines + @("**$($Module.NotRun)**", '') }
    $lines += @(
        "Measured in one warm pwsh session (bench/Measure-ModuleFigure.ps1, a child pwsh that imports $(Format-RepoPath $Module.ModulePath) once),"
        "$($Module.Rounds) interleaved rounds after $($Module.WarmUp) warm-up runs of each; medians. The cmdlets are timed with a Stopwatch"
        'inside the session (a GC runs before each timed call, outside the timer) and their CPU is the session''s user+sys time over the call;'
        'nm and wild are timed by runstat as in the tables above. A warm session has JIT-compiled the module: the native wild pays no JIT either.'
        ''
        '| Figure | Module wall ms | Native wall ms | Module / native wall | Module CPU ms | Native CPU ms | Module / native CPU |'
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'
    )
    $l = $Module.Libc
    if ($l) {
        $lines += '| Every symbol of libc.a: `Get-ElfSymbol -LiteralPath libc.a` ({0:N0} objects) vs `nm -a libc.a > file` ({1:N0} symbol lines) | {2} | {3} | {4} | {5} | {6} | {7} |' -f
            $l.Symbols, $l.NmSymbols, (Format-Number $l.ModuleMs 'N1'), (Format-Number $l.NativeMs 'N1'), (Format-Ratio $l.ModuleMs $l.NativeMs),
            (Format-Number $l.ModuleCpuMs 'N1'), (Format-Number $l.NativeCpuMs 'N1'), (Format-Ratio $l.ModuleCpuMs $l.NativeCpuMs)
    }
    foreach ($link in @($Module.Links)) {
        if ($link.Status -ne 'ok') {
            $lines += "| Link $($link.Workload): cmdlet pipeline vs ``wild`` | $($link.Status) | | | | | |"
            continue
        }
        $overhead = ($link.ModuleMs / $link.NativeMs - 1) * 100
        # \| keeps the pipes inside the code span from splitting the table cell.
        $lines += '| Link {0}: `Read-ElfObject \| Resolve-ElfSymbol \| Write-ElfExecutable` vs `wild` on the captured argv (pipeline adds {1}% wall) | {2} | {3} | {4} | {5} | {6} | {7} |' -f
            $link.Workload, (Format-Number $overhead 'N1'), (Format-Number $link.ModuleMs 'N1'), (Format-Number $link.NativeMs 'N1'),
            (Format-Ratio $link.ModuleMs $link.NativeMs), (Format-Number $link.ModuleCpuMs 'N1'), (Format-Number $link.NativeCpuMs 'N1'),
            (Format-Ratio $link.ModuleCpuMs $link.NativeCpuMs)
    }
    $lines += @(
        ''
        'Get-ElfSymbol writes typed objects and nm writes text: the figure is what each costs to list every symbol, not the same work.'
        'The pipeline links the same inputs as the captured argv (start files, objects, -l libraries in one group, -L paths, --build-id,'
        '--eh-frame-hdr); its output is run once and must behave like GNU ld''s.'
        ''
    )
    $lines
}

function ConvertTo-Svg {
    <# One horizontal bar per linker per workload (median wall ms, scaled per workload). #>
    param($Results)
    $colors = @{ 'ld.bfd' = '#4e79a7'; 'ld.gold' = '#f28e2b'; 'ld.lld' = '#59a14f'; 'mold' = '#e15759'; 'wild' = '#b07aa1'; $FloorName = '#bab0ac' }
    $labelWidth = 110; $barWidth = 460; $width = 720; $rowHeight = 22; $titleHeight = 30
    $y = 40
    $body = [Text.StringBuilder]::new()
    $esc = { param($s) [Security.SecurityElement]::Escape("$s") }
    $culture = [Globalization.CultureInfo]::InvariantCulture

    foreach ($result in $Results) {
        $null = $body.AppendLine("  <text x=`"10`" y=`"$($y + 18)`" class=`"workload`">$(& $esc "$($result.Spec.Name): wall time, median ms")</text>")
        $y += $titleHeight
        if ($result.NotRun) {
            # The chart is 720 px wide: long reasons are cut (the markdown report has them whole).
            $reason = if ($result.NotRun.Length -gt 90) { $result.NotRun.Substring(0, 89) + '…' } else { $result.NotRun }
            $null = $body.AppendLine("  <text x=`"10`" y=`"$($y + 15)`" class=`"failed`">$(& $esc $reason)<title>$(& $esc $result.NotRun)</title></text>")
            $y += $rowHeight + 10
            continue
        }
        $max = ($result.Rows | Where-Object WallMs | Measure-Object -Property WallMs -Maximum).Maximum
        foreach ($row in $result.Rows) {
            $color = if ($colors.ContainsKey($row.Linker)) { $colors[$row.Linker] } else { '#888888' }
            $null = $body.AppendLine("  <text x=`"$($labelWidth - 8)`" y=`"$($y + 15)`" class=`"label`">$(& $esc $row.Linker)</text>")
            if ($null -ne $row.WallMs -and $max) {
                $w = [math]::Max(1, [math]::Round($barWidth * $row.WallMs / $max, 1))
                $null = $body.AppendLine("  <rect x=`"$labelWidth`" y=`"$($y + 3)`" width=`"$($w.ToString($culture))`" height=`"16`" fill=`"$color`"><title>$(& $esc "$($row.Linker): $(Format-Number $row.WallMs 'N2') ms")</title></rect>")
                $null = $body.AppendLine("  <text x=`"$([math]::Round($labelWidth + $w + 6, 1).ToString($culture))`" y=`"$($y + 15)`" class=`"value`">$(Format-Number $row.WallMs 'N2') ms</text>")
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
        "  <text x=`"10`" y=`"22`" font-size=`"16`" font-weight=`"bold`">Link time per workload (lower is better; floor: read inputs + write output once)</text>"
        $body.ToString().TrimEnd()
        '</svg>'
    ) -join "`n"
}

function Write-Report {
    param($Results, $Linkers, $Module)
    $date = Get-Date -Format 'yyyy-MM-dd'
    $null = New-Item -ItemType Directory -Force -Path $ResultsDirectory
    $preamble = Format-Preamble -Linkers $Linkers -Date $date

    foreach ($result in $Results) {
        $path = Join-Path $ResultsDirectory "$date-$($result.Spec.Name).md"
        $text = @("# Benchmark: $($result.Spec.Name)", '') + $preamble + (Format-WorkloadSection -Result $result -HeadingLevel 2)
        Set-Content -LiteralPath $path -Value $text -Encoding utf8NoBOM
        Write-Step "wrote $path"
    }
    # A run of some workloads only (-Workload) must not replace the full report the README is summarised
    # from: it goes to partial.md and partial.svg instead.
    $stem = if ($Workload) { 'partial' } else { 'latest' }
    $title = if ($Workload) { "# Partial benchmark: $($Workload -join ', ')" } else { '# Latest benchmark' }
    $latest = @($title, '') + $preamble + @("![Link time per workload]($stem.svg)", '') +
        (Format-SummaryTable -Results $Results -Linkers $Linkers) +
        (Format-ScalingSection -Results $Results) +
        (Format-ModuleSection -Module $Module) +
        ($Results | ForEach-Object { Format-WorkloadSection -Result $_ -HeadingLevel 2 })
    Set-Content -LiteralPath (Join-Path $ResultsDirectory "$stem.md") -Value $latest -Encoding utf8NoBOM
    Set-Content -LiteralPath (Join-Path $ResultsDirectory "$stem.svg") -Value (ConvertTo-Svg -Results $Results) -Encoding utf8NoBOM
    Write-Step "wrote $(Join-Path $ResultsDirectory "$stem.md") and $stem.svg"
}

#endregion

#region Module figures

function Get-PwshCommand {
    <# How to start a child pwsh like this one: `dotnet <PSHOME>/pwsh.dll` under the dotnet tool, else this executable. #>
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    return @($process)
}

function ConvertTo-PipelineLink {
    <#
    The cmdlet-pipeline form of a captured static link: inputs in order, -l libraries (Resolve-ElfSymbol treats
    them as one group), -L paths, output kind, build-id and .eh_frame_hdr. $null when the argv uses anything
    the pipeline has no parameter for (dynamic linking, -z, scripts...).
    #>
    param([string[]] $Argv)
    $inputs = @(); $libraries = @(); $paths = @(); $static = $false; $pie = $false; $buildId = 'None'; $eh = $false
    for ($i = 0; $i -lt $Argv.Count; $i++) {
        $a = $Argv[$i]
        switch -Regex -CaseSensitive ($a) {
            '^(-plugin|-m|-o)$' { $i++; continue }
            '^-plugin-opt=' { continue }
            '^(--hash-style=.*|--as-needed|--no-as-needed|--start-group|--end-group|-\(|-\)|--no-dynamic-linker)$' { continue }
            '^-static$' { $static = $true; continue }
            '^-pie$' { $pie = $true; continue }
            '^--build-id$' { $buildId = 'Sha1'; continue }
            '^--build-id=(sha1|md5|uuid|none)$' { $buildId = (Get-Culture).TextInfo.ToTitleCase($Matches[1]); continue }
            '^--eh-frame-hdr$' { $eh = $true; continue }
            '^-L$' { $i++; $paths += $Argv[$i]; continue }
            '^-L(.+)$' { $paths += $Matches[1]; continue }
            '^-l(.+)$' { $libraries += $Matches[1]; continue }
            '^-' { return $null }
            default { $inputs += $a }
        }
    }
    if (-not $static) { return $null }
    [pscustomobject]@{
        Inputs = $inputs; Libraries = $libraries; LibraryPaths = $paths; BuildId = $buildId; EhFrameHeader = $eh
        OutputKind = if ($pie) { 'StaticPie' } else { 'Static' }
    }
}

function Measure-ModuleFigure {
    <# Runs bench/Measure-ModuleFigure.ps1 in a child pwsh; returns its figures, with each pipeline output checked. #>
    param($Results, [string] $Runstat, [string] $WildPath)
    if (-not (Test-Path -LiteralPath $ModulePath -PathType Leaf)) { return [pscustomobject]@{ NotRun = "not run: no module at $ModulePath (run ./build.ps1 publish)" } }
    if (-not $WildPath) { return [pscustomobject]@{ NotRun = 'not run: no wild command to compare with' } }
    $libc = gcc '-print-file-name=libc.a'
    $dir = Join-Path $ShmDirectory 'module'
    $null = New-Item -ItemType Directory -Force -Path $dir
    $links = @(foreach ($name in $ModuleLinkWorkloads) {
            $result = $Results | Where-Object { $_.Spec.Name -eq $name -and -not $_.NotRun }
            if (-not $result) { continue }
            $pipeline = ConvertTo-PipelineLink -Argv $result.Argv
            [pscustomobject]@{ Workload = $name; Argv = $result.Argv; Pipeline = $pipeline }
        })
    $specPath = Join-Path $ScratchDirectory 'module-links.json'
    $resultPath = Join-Path $ScratchDirectory 'module-figures.json'
    ConvertTo-Json -InputObject $links -Depth 5 | Set-Content -LiteralPath $specPath -Encoding utf8NoBOM
    if (Test-Path -LiteralPath $resultPath) { Remove-Item -LiteralPath $resultPath -Force }

    Write-Step "module figures: Get-ElfSymbol vs nm on libc.a, cmdlet pipeline vs wild on $(if ($links) { ($links.Workload -join ', ') } else { 'no link (run static-hello or scaling-100k)' })"
    $pwsh = @(Get-PwshCommand)
    $childArgs = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Measure-ModuleFigure.ps1'),
        '-ModulePath', $ModulePath, '-WildPath', $WildPath, '-Runstat', $Runstat, '-Libc', $libc, '-Rounds', $Rounds,
        '-LinkSpecPath', $specPath, '-Directory', $dir, '-ResultPath', $resultPath)
    & $pwsh[0] @childArgs | Out-Host
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $resultPath)) {
        return [pscustomobject]@{ NotRun = "not run: bench/Measure-ModuleFigure.ps1 exited $LASTEXITCODE" }
    }
    $figures = Get-Content -Raw -LiteralPath $resultPath | ConvertFrom-Json
    foreach ($link in @($figures.Links)) {
        if ($link.Status -ne 'ok') { continue }
        $expected = ($Results | Where-Object { $_.Spec.Name -eq $link.Workload }).Expected
        $run = Invoke-Output -Path $link.Output
        if ($run.ExitCode -ne $expected.ExitCode -or $run.Stdout -cne $expected.Stdout) {
            $link.Status = 'FAILED: the pipeline''s output does not behave like GNU ld''s'
        }
    }
    $figures
}

#endregion

$null = New-Item -ItemType Directory -Force -Path $ScratchDirectory
Install-PeerLinker
$runstat = Build-Tool 'runstat'
$floorTool = Build-Tool 'floor'
$linkers = @(Get-Linker)
if (-not ($linkers | Where-Object Name -eq $ReferenceName).Path) { throw 'ld.bfd (GNU ld) is required as the reference.' }
$specs = @(Import-Workload)
if ($specs.Count -eq 0) { throw "No workload matched $($Workload -join ', ') under $WorkloadDirectory." }

try {
    $results = @(foreach ($spec in $specs) { Invoke-Workload -Spec $spec -Linkers $linkers -Runstat $runstat -FloorTool $floorTool })
    $module = if (-not $SkipModuleFigures) {
        $wild = ($linkers | Where-Object Name -eq $WildName).Path
        try { Measure-ModuleFigure -Results $results -Runstat $runstat -WildPath $wild }
        catch { [pscustomobject]@{ NotRun = "not run: $($_.Exception.Message)" } }
    }
    Write-Report -Results $results -Linkers $linkers -Module $module
    foreach ($result in $results) {
        $result.Rows | Format-Table Linker, @{ n = 'Status'; e = { if ($_.Status.Length -gt 50) { $_.Status.Substring(0, 49) + '…' } else { $_.Status } } }, @{ n = 'Wall ms'; e = { Format-Number $_.WallMs 'N2' }; a = 'right' },
            @{ n = 'CPU ms'; e = { Format-Number $_.CpuMs 'N2' }; a = 'right' },
            @{ n = 'RSS MiB'; e = { Format-Number $_.RssMiB 'N1' }; a = 'right' } -AutoSize |
            Out-String -Width 160 | ForEach-Object { Write-Information "$($result.Spec.Name)`n$_" -InformationAction Continue }
    }
    $skipped = @($results | Where-Object NotRun)
    foreach ($result in $skipped) { Write-Warning "$($result.Spec.Name): $($result.NotRun)" }
}
finally {
    if (Test-Path -LiteralPath $ShmDirectory) { Remove-Item -LiteralPath $ShmDirectory -Recurse -Force }
}
