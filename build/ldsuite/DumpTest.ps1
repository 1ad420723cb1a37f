# One GNU ld testsuite `.d` test: reads its directive header, decides whether it applies to x86-64 Linux, and runs it
# with one linker (assemble, link, optional objcopy, dump, compare) the way the testsuite's dump-test driver does.
# Dot-sourced by Invoke-GnuLdSuite.ps1 and by each parallel worker; the pattern comparison is RegexpDiff.ps1's,
# fetching the suite and tabulating the two linkers is the driver's.

# The target the suite is measured for, and the answers its bracketed Tcl predicates give there (ELF, glibc Linux,
# shared libraries, PIE, relro and DT_RELR supported; none of the exotic object formats).
$script:TargetTriplet = 'x86_64-pc-linux-gnu'
$script:TclPredicates = @{
    check_shared_lib_support = $true; check_pie_support = $true; check_relro_support = $true
    check_gc_sections_available = $true; check_as_cfi = $true; is_elf_format = $true
    supports_gnu_osabi = $true; supports_gnu_unique = $true; supports_dt_relr = $true
    is_generic = $false; uses_genelf = $false; is_underscore_target = $false; is_bad_symtab = $false
    supports_noinit_section = $false; supports_persistent_section = $false; riscv_little_endian = $false
    is_pecoff_format = $false; is_aout_format = $false; is_som_format = $false; is_xcoff_format = $false
    is_elf_unused_section_symbols = $false
}
# Variables the `#ld:`/`#as:` values may name (the suite substitutes them before running the command).
$script:TclVariables = @{
    DT_RELR_LDFLAGS = '-z pack-relative-relocs'; NO_DT_RELR_LDFLAGS = '-z nopack-relative-relocs'
}
# Directives the driver knows; any other one makes the test unresolved, as in the suite.
$script:KnownDirectives = @(
    'PROG', 'DUMPPROG', 'addr2line', 'alltargets', 'anyskip', 'ar', 'as', 'cc', 'dump', 'elfedit', 'error',
    'error_output', 'ld', 'ld_after_inputfiles', 'map', 'name', 'nm', 'noskip', 'notarget', 'objcopy',
    'objcopy_linked_file', 'objcopy_objects', 'objdump', 'ranlib', 'readelf', 'section_subst', 'size', 'strings',
    'strip', 'skip', 'source', 'target', 'warning', 'warning_output', 'xfail')
# Tool messages the suite drops before deciding whether a command was silent.
$script:PrunePatterns = @(
    '^ld\.so: warning:'
    ': warning:.*unsupported GNU_PROPERTY_TYPE'
    ': Warning: Gap in build notes detected from'
    ': warning:.*missing \.note\.GNU-stack section'
    ': NOTE: This behaviour is deprecated'
    ': warning:.*has a LOAD segment with RWX permissions'
    ': warning:.*has a TLS segment with execute permission')

function Read-DumpTestOption {
    # Returns the directive list of a `.d` file: (name, value) pairs from the leading `#` lines.
    param([Parameter(Mandatory)] [string] $Path)
    $list = [System.Collections.Generic.List[object]]::new()
    foreach ($raw in [IO.File]::ReadLines($Path)) {
        $line = $raw.Trim()
        if ($line -cmatch '^#[ \t]*([a-zA-Z0-9_]*)[ \t]*:[ \t]*(.*?)[ \t]*$') {
            $list.Add([pscustomobject]@{ Name = $Matches[1]; Value = $Matches[2] })
        } elseif (-not $line.StartsWith('#')) { break }
    }
    $list
}

function Expand-TclValue {
    # The substitutions the suite applies to `#ld:`/`#as:` values: $srcdir, $subdir, the DT_RELR flag variables,
    # [big_or_little_endian] and backslash escapes. Anything else stays and the shell sees it.
    param([string] $Value, [string] $SrcDir, [string] $SubDir)
    $v = $Value.Replace('[big_or_little_endian]', '-EL')
    $v = [regex]::Replace($v, '\$\{?(\w+)\}?', {
            param($m)
            switch ($m.Groups[1].Value) {
                'srcdir' { $SrcDir }
                'subdir' { $SubDir }
                default { $script:TclVariables[$m.Groups[1].Value] ?? $m.Value }
            }
        })
    [regex]::Replace($v, '\\(.)', '$1')
}

function Test-TargetItem {
    # One item of a target list: a glob over the triplet, or a bracketed predicate (optionally negated).
    param([string] $Item)
    if ($Item -cmatch '^(!?)\[(\w+)\]$') {
        $known = $script:TclPredicates.ContainsKey($Matches[2])
        if (-not $known) { throw "unknown target predicate [$($Matches[2])]" }
        $v = $script:TclPredicates[$Matches[2]]
        return ($Matches[1] -eq '!') ? -not $v : $v
    }
    $script:TargetTriplet -clike $Item
}

function Get-DumpTest {
    # Parses one `.d` file into the test description the workers run, or a skip with its reason.
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $SrcDir)
    $subDir = Split-Path -Leaf (Split-Path -Parent $Path)
    $base = [IO.Path]::GetFileNameWithoutExtension($Path)
    $t = [ordered]@{
        Id = "$subDir/$base"; Name = "$subDir/$base"; Path = $Path; SubDir = $subDir; Dir = Split-Path -Parent $Path
        As = [System.Collections.Generic.List[string]]::new(); Sources = [System.Collections.Generic.List[object]]::new()
        Ld = $null; LdAfter = ''; Dump = $Path; DumpProg = ''; DumpOpts = ''; Error = ''; Warning = ''
        ErrorOutput = ''; WarningOutput = ''; Map = ''; ObjcopyLinked = $null; ObjcopyObjects = ''
        Xfail = $false; Skip = $null
    }
    $opts = @{}
    try {
        foreach ($o in Read-DumpTestOption $Path) {
            if ($o.Name -cnotin $script:KnownDirectives) { $t.Skip = "unknown directive #$($o.Name)"; break }
            switch -CaseSensitive ($o.Name) {
                'as' { $t.As.Add((Expand-TclValue $o.Value $SrcDir $subDir)) }
                'source' {
                    $parts = -split $o.Value
                    $t.Sources.Add([pscustomobject]@{ File = $parts[0]; Flags = ($parts | Select-Object -Skip 1) -join ' ' })
                }
                { $_ -in 'error', 'warning' } { $opts[$_] = "$($opts[$_])$($o.Value)" }
                { $_ -in 'target', 'notarget', 'alltargets', 'skip', 'anyskip', 'noskip', 'xfail' } {
                    $opts[$_] = @($opts[$_]) + @(-split $o.Value) | Where-Object { $_ }
                }
                default {
                    if ($opts.ContainsKey($o.Name)) { $t.Skip = "directive #$($o.Name) given twice"; break }
                    $opts[$o.Name] = ($o.Name -ceq 'ld') ? (Expand-TclValue $o.Value $SrcDir $subDir) : $o.Value.Replace('$srcdir', $SrcDir).Replace('$subdir', $subDir)
                }
            }
        }
        if ($t.Skip) { return [pscustomobject]$t }
        # Silent skips (skip/anyskip/noskip) and unsupported targets both leave the test out, with the reason.
        if ($opts.noskip -and -not ($opts.noskip | Where-Object { Test-TargetItem $_ })) { $t.Skip = 'noskip: not this target' }
        elseif ($opts.anyskip | Where-Object { -not (Test-TargetItem $_) }) { $t.Skip = 'anyskip: not this target' }
        elseif ($opts.skip | Where-Object { Test-TargetItem $_ }) { $t.Skip = "skip: $($opts.skip -join ' ')" }
        elseif ($opts.target -and -not ($opts.target | Where-Object { Test-TargetItem $_ })) { $t.Skip = "target: $($opts.target -join ' ')" }
        elseif ($opts.alltargets | Where-Object { -not (Test-TargetItem $_) }) { $t.Skip = "alltargets: $($opts.alltargets -join ' ')" }
        elseif ($opts.notarget | Where-Object { Test-TargetItem $_ }) { $t.Skip = "notarget: $($opts.notarget -join ' ')" }
        $t.Xfail = [bool]($opts.xfail | Where-Object { Test-TargetItem $_ })
    } catch {
        $t.Skip = "$_"
    }
    if ($t.Skip) { return [pscustomobject]$t }
    if (-not $opts.ContainsKey('ld')) { $t.Skip = 'no #ld: (assembler-only test)'; return [pscustomobject]$t }
    if ($opts.ContainsKey('cc')) { $t.Skip = '#cc: (compiles C first; not supported by this runner)'; return [pscustomobject]$t }
    if ($opts.ContainsKey('PROG')) { $t.Skip = "#PROG: $($opts.PROG) (tests a binutils tool, not the linker)"; return [pscustomobject]$t }
    if ($opts.name) { $t.Name = $opts.name }
    $t.Ld = $opts.ld
    $t.LdAfter = $opts.ld_after_inputfiles ?? ''
    if ($opts.dump) { $t.Dump = Join-Path $t.Dir $opts.dump }
    $t.Error = $opts.error ?? ''; $t.Warning = $opts.warning ?? ''
    $t.ErrorOutput = $opts.error_output ?? ''; $t.WarningOutput = $opts.warning_output ?? ''
    $t.Map = $opts.map ?? ''
    $t.ObjcopyLinked = $opts.objcopy_linked_file
    $t.ObjcopyObjects = $opts.objcopy_objects ?? ''
    $errWarn = @($t.Error, $t.Warning, $t.ErrorOutput, $t.WarningOutput | Where-Object { $_ }).Count
    if ($errWarn -gt 1) { $t.Skip = 'bad mix of #error and #warning directives'; return [pscustomobject]$t }
    if (-not $t.Error -and -not $t.ErrorOutput) {
        if ($opts.DUMPPROG) { $t.DumpProg = $opts.DUMPPROG }
        else {
            $progs = @('addr2line', 'nm', 'objdump', 'readelf', 'size' | Where-Object { $opts.ContainsKey($_) })
            if ($progs.Count -gt 1) { $t.Skip = 'ambiguous dump program'; return [pscustomobject]$t }
            $t.DumpProg = $progs[0] ?? ''
        }
        if ($t.DumpProg) { $t.DumpOpts = $opts[$t.DumpProg] ?? '' }
        if (-not $t.DumpProg -and -not $t.Map -and $errWarn -eq 0) { $t.Skip = 'dump program unspecified'; return [pscustomobject]$t }
    }
    if ($t.Sources.Count -eq 0) { $t.Sources.Add([pscustomobject]@{ File = "$base.s"; Flags = '' }) }
    if ($t.As.Count -eq 0) { $t.As.Add('') }
    [pscustomobject]$t
}

function Invoke-ShellCommand {
    # Runs CMD under /bin/sh in DIR with LC_ALL=C; returns the exit code, or 124 after the timeout.
    param([string] $Command, [string] $Dir, [int] $TimeoutSeconds)
    $psi = [System.Diagnostics.ProcessStartInfo]::new('/bin/sh')
    $psi.ArgumentList.Add('-c'); $psi.ArgumentList.Add($Command)
    $psi.WorkingDirectory = $Dir
    $psi.Environment['LC_ALL'] = 'C'
    $psi.RedirectStandardInput = $true
    $p = [System.Diagnostics.Process]::Start($psi)
    $p.StandardInput.Close()
    if (-not $p.WaitForExit($TimeoutSeconds * 1000)) { $p.Kill($true); $p.WaitForExit(); return 124 }
    $p.ExitCode
}

function Get-PrunedText {
    # A command's messages after the suite's pruning, without the final newline.
    param([string] $File)
    if (-not (Test-Path -LiteralPath $File)) { return '' }
    $lines = [IO.File]::ReadAllLines($File) | Where-Object {
        $l = $_; -not ($script:PrunePatterns | Where-Object { $l -cmatch $_ })
    }
    (@($lines) -join "`n")
}

function Invoke-DumpTest {
    # Runs one test (one `#as:` variant) with one linker in a fresh directory; returns Pass and the first difference.
    param(
        [Parameter(Mandatory)] $Test, [string] $AsFlags, [Parameter(Mandatory)] [string] $Linker,
        [Parameter(Mandatory)] [string] $WorkDir, [string] $SuiteAsFlags, [string] $PrerequisiteDir,
        [int] $TimeoutSeconds = 60
    )
    if (Test-Path $WorkDir) { Remove-Item -Recurse -Force $WorkDir }
    $null = New-Item -ItemType Directory -Path (Join-Path $WorkDir 'tmpdir')
    # Objects and archives the directory's driver builds before its dump tests, which some tests link by name.
    if ($PrerequisiteDir -and (Test-Path $PrerequisiteDir)) {
        Copy-Item -Path (Join-Path $PrerequisiteDir '*') -Destination (Join-Path $WorkDir 'tmpdir')
    }
    $msgFile = Join-Path $WorkDir 'dump.tmp'
    $fail = { param($why) [pscustomobject]@{ Pass = $false; Detail = ($why -replace '[\t\r\n]+', ' ') } }
    $comp = [System.Text.StringBuilder]::new()
    $objs = [System.Collections.Generic.List[string]]::new()
    $rc = 0
    foreach ($s in $Test.Sources) {
        $src = $s.File.StartsWith('./') ? $s.File : (Join-Path $Test.Dir $s.File)
        $flags = $s.Flags
        $objcopyIt = $flags -cmatch 'RUN_OBJCOPY'
        $flags = $flags -creplace 'RUN_OBJCOPY', ''
        $name = [IO.Path]::GetFileNameWithoutExtension($s.File)
        $obj = "tmpdir/$name.o"; $j = 0
        while ($objs.Contains($obj)) { $obj = "tmpdir/$name$((++$j)).o" }
        $objs.Add($obj)
        $rc = Invoke-ShellCommand "as --64 $SuiteAsFlags $AsFlags $flags -o $obj $src >dump.tmp 2>&1" $WorkDir $TimeoutSeconds
        $text = Get-PrunedText $msgFile
        if ($text) { [void]$comp.Append($text).Append("`n") }
        if ($rc -eq 0 -and $objcopyIt) {
            $rc = Invoke-ShellCommand "objcopy $($Test.ObjcopyObjects) $obj >dump.tmp 2>&1" $WorkDir $TimeoutSeconds
            $text = Get-PrunedText $msgFile
            if ($text) { [void]$comp.Append($text).Append("`n") }
        }
        if ($rc -ne 0) { break }
    }
    if ($rc -eq 124) { return & $fail "assembler timed out after $TimeoutSeconds s" }
    if ($rc -ne 0) { return & $fail "assembler failed: $($comp.ToString().Trim())" }
    $out = 'tmpdir/dump'
    # The suite always adds -z norelro (its linker supports relro) and the test directory as a search path.
    $cmd = "$Linker -z norelro -L$($Test.Dir) $($Test.Ld) -o $out $($objs -join ' ') $($Test.LdAfter)"
    $mapFile = $null
    if ($Test.Map) {
        if ($cmd -cmatch '-Map=([^ ]+)') { $mapFile = $Matches[1] } else { $mapFile = 'tmpdir/dump.map'; $cmd += " -Map=$mapFile" }
    }
    # Kept beside the outputs, so a failure can be reproduced by hand in the work folder.
    [IO.File]::WriteAllText((Join-Path $WorkDir 'link.cmd'), "$cmd`n")
    $rc = Invoke-ShellCommand "$cmd >dump.tmp 2>&1" $WorkDir $TimeoutSeconds
    if ($rc -eq 124) { return & $fail "link timed out after $TimeoutSeconds s" }
    $text = Get-PrunedText $msgFile
    if ($text) { [void]$comp.Append($text).Append("`n") }
    if ($rc -eq 0 -and $null -ne $Test.ObjcopyLinked) {
        $rc = Invoke-ShellCommand "objcopy $($Test.ObjcopyLinked) $out tmpdir/dump1 >dump.tmp 2>&1" $WorkDir $TimeoutSeconds
        $out = 'tmpdir/dump1'
        $text = Get-PrunedText $msgFile
        if ($text) { [void]$comp.Append($text).Append("`n") }
    }
    $messages = $comp.ToString().TrimEnd("`n")
    $terminal = [bool]($Test.Error -or $Test.ErrorOutput)
    $expectRegex = $Test.Error ? $Test.Error : $Test.Warning
    $expectFile = $Test.ErrorOutput ? $Test.ErrorOutput : $Test.WarningOutput
    $firstMsg = ($messages -split "`n")[0]
    if ($rc -ne 0 -or $messages -or $expectRegex -or $expectFile) {
        if ($expectRegex) {
            $ok = (Get-TclRegex -Pattern $expectRegex).IsMatch($messages)
            $why = "messages do not match /$expectRegex/: '$firstMsg'"
        } elseif ($expectFile) {
            $diff = Compare-RegexpDiff -Actual ($messages -split "`n") -Pattern ([IO.File]::ReadAllLines((Join-Path $Test.Dir $expectFile)))
            $ok = $null -eq $diff
            $why = "messages: $diff"
        } else {
            $ok = $false
            $why = ($rc -ne 0) ? "link failed: $firstMsg" : "unexpected message: $firstMsg"
        }
        if ($messages -and -not ($expectRegex -or $expectFile)) { $ok = $false }
        if (-not $messages -and ($expectRegex -or $expectFile)) { $ok = $false; $why = "expected a message, none came (exit $rc)" }
        if (($rc -eq 0) -ne (-not $terminal)) {
            $ok = $false
            $why = $terminal ? "link succeeded; expected an error /$expectRegex/" : "link failed: $firstMsg"
        }
        if (-not $ok) { return & $fail $why }
        # As in the suite, a satisfied error or warning ends a test that has nothing to dump (even a map test).
        if ($terminal -or -not $Test.DumpProg) { return [pscustomobject]@{ Pass = $true; Detail = '' } }
    }
    if ($terminal) { return & $fail 'link succeeded; expected an error' }
    $mapDiff = $null
    if ($Test.Map) {
        $mapPath = Join-Path $WorkDir $mapFile
        $mapDiff = (Test-Path $mapPath) ? (Compare-RegexpDiff -Actual ([IO.File]::ReadAllLines($mapPath)) -Pattern ([IO.File]::ReadAllLines((Join-Path $Test.Dir $Test.Map)))) : 'no map file written'
        if (-not $Test.DumpProg) {
            if ($mapDiff) { return & $fail "map: $mapDiff" }
            return [pscustomobject]@{ Pass = $true; Detail = '' }
        }
    }
    $rc = Invoke-ShellCommand "$($Test.DumpProg) $($Test.DumpOpts) $out >dump.out 2>dump.tmp" $WorkDir $TimeoutSeconds
    $text = Get-PrunedText $msgFile
    if ($rc -ne 0 -or $text) { return & $fail "$($Test.DumpProg) failed: $(($text -split "`n")[0])" }
    $diff = Compare-RegexpDiff -Actual ([IO.File]::ReadAllLines((Join-Path $WorkDir 'dump.out'))) -Pattern ([IO.File]::ReadAllLines($Test.Dump))
    if ($diff) { return & $fail $diff }
    if ($mapDiff) { return & $fail "map: $mapDiff" }
    [pscustomobject]@{ Pass = $true; Detail = '' }
}
