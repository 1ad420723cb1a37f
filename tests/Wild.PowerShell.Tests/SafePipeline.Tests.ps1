# Pipelines that cannot lie (issue 19): a link is never written from a subset of the inputs named, a session is
# immutable and released when its pipeline ends, -WhatIf always previews, -Library takes ld's ':FILE' and paths,
# a missing library is aimed at its name, and long reads and links show progress and stop on Ctrl-C.
# build/Invoke-ModuleTests.ps1 has imported dist/Wild/Wild.psd1 and set $env:WILD_MODULE_MANIFEST.

BeforeAll {
    function Get-GccFile([string] $Name) { [IO.Path]::GetFullPath((gcc "-print-file-name=$Name")) }
    $script:libDirs = @((gcc -print-search-dirs | Where-Object { $_ -like 'libraries:*' }) -replace '^libraries:\s*=?', '' -split ':' |
        Where-Object { $_ -and (Test-Path -LiteralPath $_ -PathType Container) } | ForEach-Object { [IO.Path]::GetFullPath($_) })
    $script:start = 'crt1.o', 'crti.o', 'crtbeginT.o' | ForEach-Object { Get-GccFile $_ }
    $script:end = 'crtend.o', 'crtn.o' | ForEach-Object { Get-GccFile $_ }
    $script:libcA = Get-GccFile 'libc.a'

    Set-Content -LiteralPath (Join-Path $TestDrive 'main.c') -Value '#include <stdio.h>', 'int main(void) { puts("safe"); return 4; }'
    gcc -c -o (Join-Path $TestDrive 'main.o') (Join-Path $TestDrive 'main.c')
    if ($LASTEXITCODE -ne 0) { throw 'gcc failed on main.c' }
    Set-Content -LiteralPath (Join-Path $TestDrive 'notelf.o') -Value 'not an object'
    $script:main = Join-Path $TestDrive 'main.o'
    $script:notElf = Join-Path $TestDrive 'notelf.o'
    $script:inputs = @($start) + $main + @($end)

    function New-StaticSession { Read-ElfObject -LiteralPath $inputs | Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs }

    # A pwsh like this one, for exit codes: `dotnet <PSHOME>/pwsh.dll` under the dotnet tool, else this executable.
    function Invoke-ChildPwsh([string[]] $Arguments) {
        $exe = [Environment]::ProcessPath
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $output = & $exe @prefix -NoProfile -NonInteractive @Arguments 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }

    # Runs a script in a fresh runspace with the module, so its progress records and Stop() can be observed.
    function Start-Runspace([string] $Script) {
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$env:WILD_MODULE_MANIFEST'; `$ProgressPreference = 'Continue'; $Script")
        [pscustomobject]@{ Shell = $ps; Async = $ps.BeginInvoke() }
    }
}

Describe 'A link is never written from a subset of the inputs' {
    It 'stops with one terminating error naming every unreadable input: a wildcard with no match, a missing file, a non-ELF file' {
        $out = Join-Path $TestDrive 'subset'
        $pattern = Join-Path $TestDrive 'nosuch*.o'
        $missing = Join-Path $TestDrive 'missing.o'
        $err = { Read-ElfObject -Path $pattern, $missing, $notElf, $main -ErrorAction SilentlyContinue |
                Resolve-ElfSymbol -Entry main | Write-ElfExecutable -Path $out } |
            Should -Throw -ErrorId 'InputsNotRead,Wild.PowerShell.Cmdlets.ResolveElfSymbolCommand' -PassThru
        $out | Should -Not -Exist
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        @($err.TargetObject) | Should -Be @($pattern, $missing, $notElf)
        $err.Exception.Message | Should -Match '3 of the inputs named could not be read'
        $err.Exception.Message | Should -Match ([regex]::Escape("$pattern"))
        $err.Exception.Message | Should -Match 'file format not recognized'
    }

    It 'refuses objects kept from a read that failed in part, later' {
        $kept = Read-ElfObject -Path $notElf, $main -ErrorAction SilentlyContinue
        @($kept).Count | Should -Be 1
        { $kept | Resolve-ElfSymbol -Entry main } | Should -Throw -ErrorId 'InputsNotRead,*' -ExpectedMessage "*$notElf*"
    }

    It 'names the inputs when none could be read, and says so when nothing arrived at all' {
        $missing = Join-Path $TestDrive 'gone.o'
        { Read-ElfObject -LiteralPath $missing -ErrorAction SilentlyContinue | Resolve-ElfSymbol } |
            Should -Throw -ErrorId 'InputsNotRead,*' -ExpectedMessage "*$missing*"
        { @() | Resolve-ElfSymbol } | Should -Throw -ErrorId 'NoInput,*'
    }

    It 'still links when every input was read' {
        $out = Join-Path $TestDrive 'whole'
        Read-ElfObject -Path $inputs | Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs | Write-ElfExecutable -Path $out
        & $out | Should -Be 'safe'
    }

    It 'makes pwsh -Command exit non-zero, and a -File script with ErrorActionPreference Stop stop there' {
        $module = $env:WILD_MODULE_MANIFEST
        $out = Join-Path $TestDrive 'child'
        $run = Invoke-ChildPwsh -Arguments '-Command', "Import-Module '$module'; Read-ElfObject -Path '$(Join-Path $TestDrive 'nosuch*.o')', '$main' | Resolve-ElfSymbol -Entry main | Write-ElfExecutable -Path '$out'"
        $run.ExitCode | Should -Not -Be 0
        # The child must have run the pipeline and stopped for the unread input (not failed to start).
        $run.Output | Should -Match 'could not be read'
        $out | Should -Not -Exist

        $script = Join-Path $TestDrive 'build.ps1'
        Set-Content -LiteralPath $script -Value "`$ErrorActionPreference = 'Stop'", "Import-Module '$module'",
            "Read-ElfObject -Path '$notElf', '$main' | Resolve-ElfSymbol -Entry main | Write-ElfExecutable -Path '$out'", "'linked'"
        $run = Invoke-ChildPwsh -Arguments '-File', $script
        $run.ExitCode | Should -Not -Be 0
        # Under Stop the read error of notelf.o already ends the script, before the link could start.
        $run.Output | Should -Match 'file format not recognized'
        $run.Output | Should -Not -Match 'linked'
        $out | Should -Not -Exist
    }

    It 'makes Get-ElfSymbol report a wildcard that matches nothing, as its help says' {
        $pattern = Join-Path $TestDrive 'nosuch*.o'
        $out = Get-ElfSymbol -Path $pattern -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InputNotFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be $pattern
    }
}

Describe 'A session is immutable and disposable' {
    It 'is unchanged by a write that fails for another output kind: later writes still work' {
        $session = New-StaticSession
        try {
            { $session | Write-ElfExecutable -Path (Join-Path $TestDrive 'as-pie') -OutputKind Pie } | Should -Throw
            $session.Options.Kind | Should -Be 'Static'
            $out = Join-Path $TestDrive 'after-pie'
            $session | Write-ElfExecutable -Path $out
            & $out | Should -Be 'safe'
            $LASTEXITCODE | Should -Be 4
        }
        finally { $session.Dispose() }
    }

    It 'keeps its own timings: writing twice does not add the first write''s phases to the session or the second result' {
        $session = New-StaticSession
        try {
            $before = $session.Timings.Count
            $a = $session | Write-ElfExecutable -Path (Join-Path $TestDrive 't1') -PassThru
            $b = $session | Write-ElfExecutable -Path (Join-Path $TestDrive 't2') -PassThru
            $session.Timings.Count | Should -Be $before
            $b.Timings.Count | Should -Be $a.Timings.Count
        }
        finally { $session.Dispose() }
    }

    It 'is an IDisposable released when its pipeline ends, and refused by name once disposed' {
        $session = New-StaticSession
        $session | Should -BeOfType ([IDisposable])
        $session.IsDisposed | Should -BeFalse
        $session.Dispose()
        $session.IsDisposed | Should -BeTrue
        { $session | Write-ElfExecutable -Path (Join-Path $TestDrive 'disposed') } | Should -Throw -ErrorId 'SessionDisposed,*' -ExpectedMessage '*Keep a session*'

        $verbose = Read-ElfObject -LiteralPath $inputs | Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-ElfExecutable -Path (Join-Path $TestDrive 'owned') -Verbose 4>&1
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain 'Released the session''s inputs: it came straight from Resolve-ElfSymbol in this pipeline.'
    }

    It 'is not disposed when it is kept: in a variable, by -OutVariable, -PipelineVariable or Tee-Object' {
        Read-ElfObject -LiteralPath $inputs | Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs -OutVariable kept |
            Write-ElfExecutable -Path (Join-Path $TestDrive 'ov')
        $kept[0].IsDisposed | Should -BeFalse
        $kept[0] | Write-ElfExecutable -Path (Join-Path $TestDrive 'ov2')
        $kept[0].Dispose()

        Read-ElfObject -LiteralPath $inputs | Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Tee-Object -Variable teed | Write-ElfExecutable -Path (Join-Path $TestDrive 'tee')
        $teed.IsDisposed | Should -BeFalse
        $teed.Dispose()

        $session = New-StaticSession
        $session | Write-ElfExecutable -Path (Join-Path $TestDrive 'var1')
        $session.IsDisposed | Should -BeFalse
        $session.Dispose()
    }
}

Describe '-WhatIf, -Library and LibraryNotFound' {
    It 'previews an existing output without -Force instead of failing, and leaves it alone' {
        $out = Join-Path $TestDrive 'exists-whatif'
        Set-Content -LiteralPath $out -Value 'old'
        $session = New-StaticSession
        try {
            { $session | Write-ElfExecutable -Path $out -WhatIf } | Should -Not -Throw
            Get-Content -LiteralPath $out | Should -Be 'old'
            { $session | Write-ElfExecutable -Path $out } | Should -Throw -ErrorId 'OutputExists,*'
        }
        finally { $session.Dispose() }
    }

    It 'takes -Library '':libc.a'' like ld''s -l:libc.a, and a full path to the library' {
        $a = Join-Path $TestDrive 'colon'
        Read-ElfObject -LiteralPath $inputs | Resolve-ElfSymbol -Library gcc, gcc_eh, ':libc.a' -LibraryPath $libDirs | Write-ElfExecutable -Path $a
        & $a | Should -Be 'safe'
        $b = Join-Path $TestDrive 'fullpath'
        Read-ElfObject -LiteralPath $inputs | Resolve-ElfSymbol -Library gcc, gcc_eh, $libcA -LibraryPath $libDirs | Write-ElfExecutable -Path $b
        & $b | Should -Be 'safe'
        (Get-FileHash -LiteralPath $a).Hash | Should -Be (Get-FileHash -LiteralPath $b).Hash
    }

    It 'reports every library that is not found, each aimed at the name as given' {
        $session = Read-ElfObject -LiteralPath $inputs |
            Resolve-ElfSymbol -Library gcc, nosuchlib, ':nosuch.a', '/no/such/libz.a' -LibraryPath $libDirs -ErrorVariable errs -ErrorAction SilentlyContinue
        $session | Should -BeNullOrEmpty
        $errs.Count | Should -Be 3
        @($errs.TargetObject) | Should -Be @('nosuchlib', ':nosuch.a', '/no/such/libz.a')
        $errs | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'LibraryNotFound,*' }
        $errs | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'ObjectNotFound' }
        $errs[0].Exception.Message | Should -Be 'unable to find library -lnosuchlib'
        $errs[1].Exception.Message | Should -Be 'unable to find library -l:nosuch.a'
    }
}

Describe 'Progress and Ctrl-C' {
    It 'shows the phases of a link with Write-Progress' {
        $script = "Read-ElfObject -LiteralPath $(($inputs | ForEach-Object { "'$_'" }) -join ',') | " +
            "Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $(($libDirs | ForEach-Object { "'$_'" }) -join ',') | " +
            "Write-ElfExecutable -Path '$(Join-Path $TestDrive 'progress')'"
        $r = Start-Runspace $script
        try {
            $null = $r.Shell.EndInvoke($r.Async)
            $r.Shell.HadErrors | Should -BeFalse
            $phases = @($r.Shell.Streams.Progress | ForEach-Object StatusDescription)
            $phases | Should -Contain 'Resolve symbols'
            $phases | Should -Contain 'Copy and relocate sections'
            @($r.Shell.Streams.Progress | Where-Object RecordType -EQ 'Completed').Count | Should -BeGreaterOrEqual 2
        }
        finally { $r.Shell.Dispose() }
    }

    It 'shows a percentage inside one file''s 150k relocations, and stops on Ctrl-C before it is done' {
        $big = Join-Path $TestDrive 'relocs.o'
        Set-Content -LiteralPath (Join-Path $TestDrive 'relocs.s') -Value '.data', '.rept 150000', '.quad far_away', '.endr'
        as -o $big (Join-Path $TestDrive 'relocs.s')
        $LASTEXITCODE | Should -Be 0
        # The consumer is slow (a pause every 512 entries), so the whole table takes far longer than the wait below.
        $r = Start-Runspace "Get-ElfRelocation -LiteralPath '$big' | ForEach-Object { if (`$_.Offset % 4096 -eq 0) { Start-Sleep -Milliseconds 50 } }; 'finished'"
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not @($r.Shell.Streams.Progress | Where-Object PercentComplete -GE 0).Count -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 20
            }
            $first = @($r.Shell.Streams.Progress | Where-Object PercentComplete -GE 0)[0]
            $first.Activity | Should -Be 'Get-ElfRelocation'
            $first.StatusDescription | Should -Be "$big .rela.data"
            $first.PercentComplete | Should -BeLessThan 100
            $r.Shell.Stop()
            $r.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
            try { $output = @($r.Shell.EndInvoke($r.Async)) } catch { $output = @() }
            $output | Should -Not -Contain 'finished'
        }
        finally { $r.Shell.Dispose() }
    }

    It 'shows a percentage while reading a large archive, and stops on Ctrl-C before it is done' {
        # libc.a a hundred times over (about 170k members): far longer than the wait for the first progress record.
        $r = Start-Runspace "Get-ElfRelocation -LiteralPath $((@("'$libcA'") * 100) -join ',') -Symbol no_such_symbol_anywhere; 'finished'"
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not @($r.Shell.Streams.Progress | Where-Object PercentComplete -GE 0).Count -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 20
            }
            $first = @($r.Shell.Streams.Progress)[0]
            $first.Activity | Should -Be 'Get-ElfRelocation'
            $first.StatusDescription | Should -Match ([regex]::Escape($libcA))
            $r.Shell.Stop()
            $r.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
            try { $output = @($r.Shell.EndInvoke($r.Async)) } catch { $output = @() }
            $output | Should -Not -Contain 'finished'
        }
        finally { $r.Shell.Dispose() }
    }
}
