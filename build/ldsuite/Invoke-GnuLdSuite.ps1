<#
.SYNOPSIS
Runs GNU ld's own `.d` dump tests (binutils' ld/testsuite) with ld.bfd and with wild, and tabulates both.

.DESCRIPTION
Fetches the testsuite of the installed binutils at run time (Debian's binutils-source package of the same version,
through the apt client's configured sources) into a cache folder outside the repository; nothing of it is kept in
the repository. Each `.d` test of the chosen directories is parsed (DumpTest.ps1), skipped with its reason when it
does not apply to x86-64 Linux or does not link, and otherwise run twice: assembled with `as --64` and the test's
`#as:` flags, linked by ld.bfd and by wild with the test's `#ld:` options, dumped with its readelf/objdump/nm, and
compared with its expected text as binutils' line matcher compares (RegexpDiff.ps1).

Prints a table (test, GNU ld, wild, first difference) and a summary: "GNU ld passes N; wild passes M of those; K
where wild passes and GNU ld fails". Writes every row to a TSV (-ResultsPath); with -Baseline (an earlier TSV), lists
the tests that newly pass or newly fail with wild. Not part of CI: the two suites take about ten minutes on two cores.

.EXAMPLE
dotnet pwsh ./build/ldsuite/Invoke-GnuLdSuite.ps1
.EXAMPLE
dotnet pwsh ./build/ldsuite/Invoke-GnuLdSuite.ps1 -Suite ld-x86-64 -Filter 'tls*' -Baseline /tmp/before.tsv
#>
#Requires -Version 7.4

[CmdletBinding()]
param(
    # Testsuite directories (under ld/testsuite) to run.
    [string[]] $Suite = @('ld-x86-64', 'ld-elf'),
    # The wild to measure; the repository's published one by default.
    [string] $Wild = (Join-Path $PSScriptRoot '../../dist/wild'),
    # The reference linker.
    [string] $GnuLd = 'ld.bfd',
    # Where the fetched testsuite and the per-test work folders live.
    [string] $CacheDir = (Join-Path ([IO.Path]::GetTempPath()) 'wild-gnu-ld-suite'),
    # The TSV written at the end.
    [string] $ResultsPath = (Join-Path ([IO.Path]::GetTempPath()) 'wild-gnu-ld-suite/results.tsv'),
    # An earlier results TSV to compare with.
    [string] $Baseline,
    # Wildcard over test file names (without .d).
    [string] $Filter = '*',
    [int] $ThrottleLimit = 2,
    [int] $TimeoutSeconds = 120,
    # Print only the summary, not the per-test table.
    [switch] $Quiet
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'RegexpDiff.ps1')
. (Join-Path $PSScriptRoot 'DumpTest.ps1')

function Get-GnuLdTestsuite {
    # Returns the ld/testsuite folder for the installed binutils, downloading and unpacking it once per version.
    param([string] $CacheDir)
    $version = (& dpkg-query -W -f '${Version}' binutils)
    if ($LASTEXITCODE -ne 0 -or -not $version) { throw 'binutils is not installed as a Debian package (dpkg-query found no version)' }
    $root = Join-Path $CacheDir "binutils-$version"
    $suite = Join-Path $root 'ld/testsuite'
    if ((Test-Path (Join-Path $suite 'ld-elf')) -and (Test-Path (Join-Path $root 'binutils/testsuite'))) { return $suite }
    $dl = Join-Path $CacheDir "download-$version"
    $null = New-Item -ItemType Directory -Force -Path $dl, $root
    Push-Location $dl
    try {
        if (-not (Get-ChildItem -Filter 'binutils-source_*.deb')) {
            Write-Host "Fetching binutils-source $version with apt-get download"
            & apt-get download "binutils-source=$version" | Write-Host
            if ($LASTEXITCODE -ne 0) { throw "apt-get download binutils-source=$version failed" }
        }
        $deb = (Get-ChildItem -Filter 'binutils-source_*.deb' | Select-Object -First 1).FullName
        & dpkg-deb -x $deb unpacked | Write-Host
        if ($LASTEXITCODE -ne 0) { throw "dpkg-deb -x $deb failed" }
        $tarball = Get-ChildItem -Path unpacked/usr/src/binutils -Filter 'binutils-*.tar.*' | Select-Object -First 1
        if (-not $tarball) { throw "no binutils tarball in $deb" }
        $top = $tarball.Name -replace '\.tar\..*$', ''
        # Some ld tests assemble sources of the gas and binutils testsuites (../../../gas/testsuite/...).
        & tar -xf $tarball.FullName -C $root --strip-components=1 "$top/ld/testsuite" "$top/gas/testsuite" "$top/binutils/testsuite" | Write-Host
        if ($LASTEXITCODE -ne 0) { throw "unpacking ld/testsuite from $($tarball.Name) failed" }
        Remove-Item -Recurse -Force unpacked
    } finally { Pop-Location }
    $suite
}

$wildPath = (Resolve-Path -LiteralPath $Wild).Path
$gnuPath = (Get-Command $GnuLd -CommandType Application | Select-Object -First 1).Source
$testsuite = Get-GnuLdTestsuite -CacheDir $CacheDir
$workRoot = Join-Path $CacheDir 'work'

# Parse every test first (cheap, single-threaded) so the skips and their reasons are reported with the results.
$tests = foreach ($s in $Suite) {
    $dir = Join-Path $testsuite $s
    if (-not (Test-Path $dir)) { throw "no testsuite directory $s in $testsuite" }
    foreach ($f in Get-ChildItem -Path $dir -Filter '*.d' | Where-Object { $_.BaseName -like $Filter } | Sort-Object Name) {
        Get-DumpTest -Path $f.FullName -SrcDir $testsuite
    }
}
# Each directory's dump tests are assembled with the flags its driver adds on x86-64: no x86 used-ISA note, and for
# ld-elf the note alignment of a 64-bit target.
$suiteAsFlags = @{ 'ld-x86-64' = '-mx86-used-note=no'; 'ld-elf' = '--defsym ALIGN=3 -mx86-used-note=no' }
# What each directory's driver builds into tmpdir/ before its dump tests ({0} is the directory), and those tests
# name: start and foo objects for each x86 ABI, the symbol3 archives, the SHF_GNU_RETAIN libraries.
$prerequisites = @{
    'ld-x86-64' = @(
        'as --x32 -o tmpdir/startx32.o {0}/start.s', 'as --32 -o tmpdir/start32.o {0}/start.s'
        'as --64 -o tmpdir/start64.o {0}/start.s', 'as --x32 -o tmpdir/foox32.o {0}/foo.s'
        'as --32 -o tmpdir/foo32.o {0}/foo.s', 'as --64 -o tmpdir/foo64.o {0}/foo.s')
    'ld-elf'    = @(
        'as --64 -o tmpdir/symbol3.o {0}/symbol3.s && ar rc tmpdir/symbol3.a tmpdir/symbol3.o'
        'as --64 -o tmpdir/symbol3w.o {0}/symbol3w.s && ar rc tmpdir/symbol3w.a tmpdir/symbol3w.o'
        'as --64 -o tmpdir/retain5lib.o {0}/retain5lib.s && ar rc tmpdir/libretain5.a tmpdir/retain5lib.o'
        'as --64 -o tmpdir/retain6lib.o {0}/retain6lib.s && ar rc tmpdir/libretain6.a tmpdir/retain6lib.o')
}
foreach ($s in $Suite) {
    $pre = Join-Path $workRoot "prerequisites/$s"
    if (Test-Path $pre) { Remove-Item -Recurse -Force $pre }
    $null = New-Item -ItemType Directory -Force -Path (Join-Path $pre 'tmpdir')
    foreach ($c in $prerequisites[$s]) {
        $rc = Invoke-ShellCommand ($c -f (Join-Path $testsuite $s)) $pre $TimeoutSeconds
        if ($rc -ne 0) { Write-Warning "prerequisite failed in $($s): $c" }
    }
}
$jobs = foreach ($t in $tests) {
    if ($t.Skip) { continue }
    for ($v = 0; $v -lt $t.As.Count; $v++) {
        [pscustomobject]@{
            Test = $t; AsFlags = $t.As[$v]; SuiteAsFlags = $suiteAsFlags[$t.SubDir] ?? ''
            Id = ($t.As.Count -gt 1) ? "$($t.Id)#$($v + 1)" : $t.Id
        }
    }
}
Write-Host "$(@($tests).Count) tests parsed, $(@($tests | Where-Object Skip).Count) skipped, $(@($jobs).Count) runs with $GnuLd and $wildPath"

$libDir = $PSScriptRoot
$done = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
$rows = $jobs | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
    . (Join-Path $using:libDir 'RegexpDiff.ps1')
    . (Join-Path $using:libDir 'DumpTest.ps1')
    $job = $_
    $dir = Join-Path $using:workRoot ($job.Id -replace '[/#]', '_')
    $common = @{
        Test = $job.Test; AsFlags = $job.AsFlags; SuiteAsFlags = $job.SuiteAsFlags; TimeoutSeconds = $using:TimeoutSeconds
        PrerequisiteDir = Join-Path $using:workRoot "prerequisites/$($job.Test.SubDir)/tmpdir"
    }
    $g = try { Invoke-DumpTest @common -Linker $using:gnuPath -WorkDir (Join-Path $dir 'gnu') } catch { [pscustomobject]@{ Pass = $false; Detail = "runner error: $_" } }
    $w = try { Invoke-DumpTest @common -Linker $using:wildPath -WorkDir (Join-Path $dir 'wild') } catch { [pscustomobject]@{ Pass = $false; Detail = "runner error: $_" } }
    $q = $using:done; $q.Enqueue(1)
    if ($q.Count % 50 -eq 0) { [Console]::Error.WriteLine("  $($q.Count) runs done") }
    [pscustomobject]@{
        Test = $job.Id; Name = $job.Test.Name; Gnu = $g.Pass ? 'pass' : 'fail'; Wild = $w.Pass ? 'pass' : 'fail'
        Xfail = $job.Test.Xfail; WildDiff = $w.Detail; GnuDiff = $g.Detail
    }
}
$rows = @($rows | Sort-Object Test)
$skips = @($tests | Where-Object Skip | ForEach-Object {
        [pscustomobject]@{ Test = $_.Id; Name = $_.Name; Gnu = 'skip'; Wild = 'skip'; Xfail = $_.Xfail; WildDiff = $_.Skip; GnuDiff = $_.Skip }
    })

$clip = { param($s, $n) ($s.Length -gt $n) ? $s.Substring(0, $n - 1) + '…' : $s }
if (-not $Quiet) {
    $rows | Format-Table -AutoSize -Property Test, Gnu, Wild,
    @{ Name = 'First difference (wild, else GNU ld)'; Expression = { & $clip (($_.Wild -eq 'fail') ? $_.WildDiff : $_.GnuDiff) 110 } } |
        Out-String -Width 200 | Write-Host
}

$gnuPass = @($rows | Where-Object Gnu -EQ 'pass')
$both = @($gnuPass | Where-Object Wild -EQ 'pass')
$wildOnly = @($rows | Where-Object { $_.Wild -eq 'pass' -and $_.Gnu -eq 'fail' })
foreach ($s in $Suite) {
    $r = @($rows | Where-Object { $_.Test.StartsWith("$s/") })
    $gp = @($r | Where-Object Gnu -EQ 'pass')
    Write-Host ("{0}: {1} runs; GNU ld passes {2}; wild passes {3} of those; {4} where wild passes and GNU ld fails; {5} skipped" -f $s,
        $r.Count, $gp.Count, @($gp | Where-Object Wild -EQ 'pass').Count,
        @($r | Where-Object { $_.Wild -eq 'pass' -and $_.Gnu -eq 'fail' }).Count, @($skips | Where-Object { $_.Test.StartsWith("$s/") }).Count)
}
Write-Host ("Total: {0} runs; GNU ld passes {1}; wild passes {2} of those; {3} where wild passes and GNU ld fails" -f $rows.Count, $gnuPass.Count, $both.Count, $wildOnly.Count)

$null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent ([IO.Path]::GetFullPath($ResultsPath)))
$tsv = [System.Collections.Generic.List[string]]::new()
$tsv.Add("test`tgnu`twild`txfail`twild_first_difference`tgnu_first_difference")
foreach ($r in @($rows) + $skips) {
    $tsv.Add(($r.Test, $r.Gnu, $r.Wild, $r.Xfail, ($r.WildDiff -replace '\t', ' '), ($r.GnuDiff -replace '\t', ' ')) -join "`t")
}
[IO.File]::WriteAllLines([IO.Path]::GetFullPath($ResultsPath), $tsv)
Write-Host "Results: $ResultsPath"

if ($Baseline) {
    $old = @{}
    foreach ($l in [IO.File]::ReadLines((Resolve-Path -LiteralPath $Baseline).Path) | Select-Object -Skip 1) {
        $f = $l -split "`t"; $old[$f[0]] = $f[2]
    }
    $newPass = @($rows | Where-Object { $_.Wild -eq 'pass' -and $old[$_.Test] -ne 'pass' })
    $newFail = @($rows | Where-Object { $_.Wild -ne 'pass' -and $old[$_.Test] -eq 'pass' })
    Write-Host "Against $($Baseline): $($newPass.Count) newly passing with wild, $($newFail.Count) newly failing"
    foreach ($r in $newPass) { Write-Host "  + $($r.Test)" }
    foreach ($r in $newFail) { Write-Host "  - $($r.Test): $(& $clip $r.WildDiff 150)" }
}
