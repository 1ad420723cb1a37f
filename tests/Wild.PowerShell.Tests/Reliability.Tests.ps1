# The module inside a user's pwsh on a hostile day: inputs recompiled or touched while a session is kept, an
# input truncated while Write-ElfExecutable runs, a full disk, an output that is one of the session's inputs.
# Each must end as an error record that names the file, and the shell must live on: the module reads inputs into
# private memory (nothing a file does later can fault it) and reserves the output's space before writing.
# A FIFO given as the version script holds a write at the start of layout while a thread job does the damage.
# build/Invoke-ModuleTests.ps1 has imported dist/Wild/Wild.psd1.

BeforeAll {
    $source = ((0..1999) | ForEach-Object { "int f$_(int x) { return x * $_ + $($_ % 7); }" }) -join "`n"
    Set-Content -LiteralPath (Join-Path $TestDrive 'big.c') -Value $source
    gcc -c -fPIC -o (Join-Path $TestDrive 'big.o') (Join-Path $TestDrive 'big.c')
    if ($LASTEXITCODE -ne 0) { throw 'gcc failed on big.c' }
    $script:pristine = [IO.File]::ReadAllBytes((Join-Path $TestDrive 'big.o'))

    # A fresh copy of the object for each test, and a session resolved over it for a shared library.
    function New-Session([string] $Name) {
        $path = Join-Path $TestDrive "$Name.o"
        [IO.File]::WriteAllBytes($path, $script:pristine)
        [pscustomobject]@{ Path = $path; Session = Read-ElfObject -LiteralPath $path | Resolve-ElfSymbol -OutputKind Shared }
    }
}

Describe 'A kept session and inputs that change' {
    It 'refuses to write from an input truncated since it was resolved, naming it' {
        $s = New-Session 'truncated'
        [IO.File]::WriteAllBytes($s.Path, [byte[]]@())
        { $s.Session | Write-ElfExecutable -Path (Join-Path $TestDrive 'truncated.so') } |
            Should -Throw -ErrorId 'InputChanged,Wild.PowerShell.Cmdlets.WriteElfExecutableCommand' -ExpectedMessage "*$($s.Path)*"
        Test-Path -LiteralPath (Join-Path $TestDrive 'truncated.so') | Should -BeFalse
        $s.Session.Dispose()
    }

    It 'refuses to write from an input touched since it was resolved (a rebuild may have rewritten it)' {
        $s = New-Session 'touched'
        (Get-Item -LiteralPath $s.Path).LastWriteTimeUtc = [datetime]::UtcNow.AddMinutes(1)
        { $s.Session | Write-ElfExecutable -Path (Join-Path $TestDrive 'touched.so') } |
            Should -Throw -ErrorId 'InputChanged,Wild.PowerShell.Cmdlets.WriteElfExecutableCommand'
        $s.Session.Dispose()
    }

    It 'survives an input truncated in the middle of Write-ElfExecutable, and reports it' {
        $s = New-Session 'midwrite'
        $fifo = Join-Path $TestDrive 'hold.map'
        mkfifo $fifo
        $job = Start-ThreadJob -ArgumentList $fifo, $s.Path -ScriptBlock {
            param($fifo, $object)
            # Returns once Write-ElfExecutable opened the version script: its inputs are mapped, layout has begun.
            $writer = [IO.FileStream]::new($fifo, 'Open', 'Write', 'ReadWrite', 1)
            [IO.File]::WriteAllBytes($object, [byte[]]@())
            $writer.Write([Text.Encoding]::ASCII.GetBytes("{ global: *; };`n"))
            $writer.Dispose()
        }
        { $s.Session | Write-ElfExecutable -Path (Join-Path $TestDrive 'midwrite.so') -VersionScript $fifo } |
            Should -Throw -ErrorId 'InputChanged,Wild.PowerShell.Cmdlets.WriteElfExecutableCommand' -ExpectedMessage "*$($s.Path)*changed during the link*"
        $job | Wait-Job -Timeout 60 | Remove-Job -Force
        Test-Path -LiteralPath (Join-Path $TestDrive 'midwrite.so') | Should -BeFalse
        @(Get-ChildItem -LiteralPath $TestDrive -Filter '*.wild-*.tmp' -Force).Count | Should -Be 0
        $s.Session.Dispose()
    }
}

Describe 'Outputs that cannot be written' {
    It 'refuses an output that is one of the session''s inputs and keeps the input' {
        $s = New-Session 'self'
        { $s.Session | Write-ElfExecutable -Path $s.Path -Force } |
            Should -Throw -ErrorId 'OutputIsInput,Wild.PowerShell.Cmdlets.WriteElfExecutableCommand' -ExpectedMessage "*is the same as output file*"
        [Linq.Enumerable]::SequenceEqual([IO.File]::ReadAllBytes($s.Path), $script:pristine) | Should -BeTrue
        $s.Session.Dispose()
    }

    It 'reports a full disk as a WriteError naming the output, and leaves nothing there' {
        (id -u) | Should -Be '0' -Because 'this test mounts a small tmpfs to fill (CI runs as root)'
        $s = New-Session 'full'
        $mount = Join-Path $TestDrive 'fulldisk'
        $null = New-Item -ItemType Directory -Path $mount
        mount -t tmpfs -o size=16k tmpfs $mount
        try {
            $out = Join-Path $mount 'lib.so'
            { $s.Session | Write-ElfExecutable -Path $out } |
                Should -Throw -ErrorId 'OutputFailed,Wild.PowerShell.Cmdlets.WriteElfExecutableCommand' -ExpectedMessage "*$out*No space left on device*"
            @(Get-ChildItem -LiteralPath $mount -Force).Count | Should -Be 0
        }
        finally {
            umount -l $mount
            $s.Session.Dispose()
        }
    }
}
