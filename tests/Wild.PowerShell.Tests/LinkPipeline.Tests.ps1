# The three stage cmdlets against real gcc output: Read-ElfObject | Resolve-ElfSymbol | Write-ElfExecutable.
# build/Invoke-ModuleTests.ps1 has imported dist/Wild/Wild.psd1.

BeforeAll {
    function Get-GccFile([string] $Name) { [IO.Path]::GetFullPath((gcc "-print-file-name=$Name")) }
    $script:libDirs = @((gcc -print-search-dirs | Where-Object { $_ -like 'libraries:*' }) -replace '^libraries:\s*=?', '' -split ':' |
        Where-Object { $_ -and (Test-Path -LiteralPath $_ -PathType Container) })
    $script:start = 'crt1.o', 'crti.o', 'crtbeginT.o' | ForEach-Object { Get-GccFile $_ }
    $script:end = 'crtend.o', 'crtn.o' | ForEach-Object { Get-GccFile $_ }

    Set-Content -LiteralPath (Join-Path $TestDrive 'main.c') -Value @'
#include <stdio.h>
extern int twice(int);
int main(void) { printf("twice(21) = %d\n", twice(21)); return 3; }
'@
    Set-Content -LiteralPath (Join-Path $TestDrive 'twice.c') -Value 'int twice(int x) { return 2 * x; }'
    Set-Content -LiteralPath (Join-Path $TestDrive 'undef.c') -Value 'extern int missing_one(void); extern int missing_two(void); int main(void) { return missing_one() + missing_two(); }'
    Set-Content -LiteralPath (Join-Path $TestDrive 'notelf.o') -Value 'this is not an object file'
    foreach ($c in 'main', 'twice', 'undef') {
        gcc -c -o (Join-Path $TestDrive "$c.o") (Join-Path $TestDrive "$c.c")
        if ($LASTEXITCODE -ne 0) { throw "gcc failed on $c.c" }
    }
    $script:main = Join-Path $TestDrive 'main.o'
    $script:twice = Join-Path $TestDrive 'twice.o'
}

Describe 'Read-ElfObject' {
    It 'reads an object and reports its kind, sections and symbols' {
        $o = Read-ElfObject -Path $main
        $o | Should -BeOfType ([Wild.Engine.Input.ElfInputFile])
        $o.Kind | Should -Be 'Object'
        $o.SectionCount | Should -BeGreaterThan 5
        $o.SymbolCount | Should -BeGreaterThan 3
    }

    It 'tells a shared object and a library script from an object' {
        (Read-ElfObject -LiteralPath (gcc '-print-file-name=libc.so.6')).Kind | Should -Be 'SharedObject'
        (Read-ElfObject -LiteralPath (gcc '-print-file-name=libc.so')).Kind | Should -Be 'LinkerScript'
    }

    It 'reads an archive lazily, counting its members' {
        $libc = Read-ElfObject -LiteralPath (gcc '-print-file-name=libc.a')
        $libc.Kind | Should -Be 'Archive'
        $libc.MemberCount | Should -BeGreaterThan 1000
    }

    It 'expands wildcards and binds Get-ChildItem output by property name' {
        @(Read-ElfObject -Path (Join-Path $TestDrive '*i*.o') -ErrorAction SilentlyContinue).Count | Should -Be 2
        @(Get-ChildItem -LiteralPath $TestDrive -Filter 'twice.o' | Read-ElfObject).Path | Should -Be $twice
    }

    It 'reports a non-ELF file as a non-terminating InvalidData error and goes on' {
        $out = Read-ElfObject -Path (Join-Path $TestDrive 'notelf.o'), $main -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotElf*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'reports a missing file as ObjectNotFound' {
        Read-ElfObject -Path (Join-Path $TestDrive 'nope.o') -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Resolve-ElfSymbol and Write-ElfExecutable' {
    It 'links a static program that runs like the GNU ld one' {
        $exe = Join-Path $TestDrive 'prog'
        $result = Read-ElfObject -Path (@($start) + $main, $twice + @($end)) |
            Resolve-Symbols -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-Executable -Path $exe -OutputKind Static -PassThru
        $result.Kind | Should -Be 'Static'
        $result.FileSize | Should -Be (Get-Item -LiteralPath $exe).Length
        $output = & $exe
        $LASTEXITCODE | Should -Be 3
        $output | Should -Be 'twice(21) = 42'
    }

    It 'links a static-PIE program' {
        $exe = Join-Path $TestDrive 'prog-pie'
        $pieStart = 'rcrt1.o', 'crti.o', 'crtbeginS.o' | ForEach-Object { Get-GccFile $_ }
        $pieEnd = 'crtendS.o', 'crtn.o' | ForEach-Object { Get-GccFile $_ }
        Read-ElfObject -Path (@($pieStart) + $main, $twice + @($pieEnd)) |
            Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs -OutputKind StaticPie |
            Write-ElfExecutable -Path $exe
        & $exe | Should -Be 'twice(21) = 42'
        $LASTEXITCODE | Should -Be 3
    }

    It 'writes a relocatable object (-OutputKind Relocatable) that a later link uses like the objects' {
        $partial = Join-Path $TestDrive 'partial.o'
        $result = Read-ElfObject -Path $main, $twice | Resolve-ElfSymbol -OutputKind Relocatable |
            Write-ElfExecutable -Path $partial -PassThru
        $result.Kind | Should -Be 'Relocatable'
        $object = Read-ElfObject -Path $partial
        ($object | Get-ElfSymbol -Name printf).IsDefined | Should -BeFalse
        ($object | Get-ElfSymbol -Name twice).IsDefined | Should -BeTrue
        $exe = Join-Path $TestDrive 'prog-from-partial'
        Read-ElfObject -Path (@($start) + $partial + @($end)) |
            Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-ElfExecutable -Path $exe
        & $exe | Should -Be 'twice(21) = 42'
        $LASTEXITCODE | Should -Be 3
    }

    It 'links a dynamic PIE against libc.so.6' {
        $exe = Join-Path $TestDrive 'prog-dyn'
        $dynStart = 'Scrt1.o', 'crti.o', 'crtbeginS.o' | ForEach-Object { Get-GccFile $_ }
        $dynEnd = 'crtendS.o', 'crtn.o' | ForEach-Object { Get-GccFile $_ }
        Read-ElfObject -Path (@($dynStart) + $main, $twice + @($dynEnd)) |
            Resolve-ElfSymbol -Library c -LibraryPath $libDirs -OutputKind Pie |
            Write-ElfExecutable -Path $exe
        & $exe | Should -Be 'twice(21) = 42'
        $LASTEXITCODE | Should -Be 3
        # The kernel found our PT_INTERP and ld.so loaded libc.so.6 for it.
        (Get-Content -LiteralPath $exe -AsByteStream -TotalCount 4096 | ForEach-Object { [char]$_ }) -join '' |
            Should -Match 'ld-linux-x86-64\.so\.2'
    }

    It 'keeps the relocations of the input sections with -EmitRelocs, linked to .symtab' {
        $exe = Join-Path $TestDrive 'prog-q'
        Read-ElfObject -Path (@($start) + $main, $twice + @($end)) |
            Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-ElfExecutable -Path $exe -EmitRelocs
        & $exe | Should -Be 'twice(21) = 42'
        $sections = @(Get-ElfSection -LiteralPath $exe)
        $relaText = $sections | Where-Object Name -eq '.rela.text'
        $relaText | Should -Not -BeNullOrEmpty
        $relaText.Link | Should -Be ($sections | Where-Object Name -eq '.symtab').Index
        $relaText.Info | Should -Be ($sections | Where-Object Name -eq '.text').Index
        $sections.Name | Should -Contain '.rela.eh_frame'
        { Read-ElfObject -Path (@($start) + $main, $twice + @($end)) | Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-ElfExecutable -Path (Join-Path $TestDrive 'prog-qs') -EmitRelocs -StripAll } | Should -Throw '*--emit-relocs*-s/--strip-all*'
    }

    It 'gives one non-terminating UndefinedSymbol error per missing symbol, aimed at the symbol' {
        $session = Read-ElfObject -Path (@($start) + (Join-Path $TestDrive 'undef.o') + @($end)) |
            Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs -ErrorVariable errs -ErrorAction SilentlyContinue
        $session | Should -BeNullOrEmpty
        $undefined = @($errs | Where-Object FullyQualifiedErrorId -like 'UndefinedSymbol*')
        $undefined.Count | Should -Be 2
        @($undefined.TargetObject | Sort-Object) | Should -Be @('missing_one', 'missing_two')
        $undefined[0].ErrorDetails.Message | Should -Match '>>> referenced by .*undef\.o:\(\.text\+0x'
    }

    It 'does not replace an existing file without -Force, and does with it' {
        $exe = Join-Path $TestDrive 'existing'
        Set-Content -LiteralPath $exe -Value 'old'
        $session = Read-ElfObject -Path (@($start) + $main, $twice + @($end)) | Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs
        { $session | Write-ElfExecutable -Path $exe } | Should -Throw -ErrorId 'OutputExists*'
        Get-Content -LiteralPath $exe | Should -Be 'old'
        $session | Write-ElfExecutable -Path $exe -Force
        & $exe | Should -Be 'twice(21) = 42'
    }

    It 'writes nothing under -WhatIf' {
        $exe = Join-Path $TestDrive 'whatif'
        Read-ElfObject -Path (@($start) + $main, $twice + @($end)) |
            Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-ElfExecutable -Path $exe -WhatIf
        $exe | Should -Not -Exist
    }

    It 'produces byte-identical output with one thread and with the default' {
        $a = Join-Path $TestDrive 'det1'; $b = Join-Path $TestDrive 'det2'
        Read-ElfObject -Path (@($start) + $main, $twice + @($end)) | Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-ElfExecutable -Path $a -Threads 1 -BuildId Sha1
        Read-ElfObject -Path (@($start) + $main, $twice + @($end)) | Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-ElfExecutable -Path $b -BuildId Sha1
        (Get-FileHash -LiteralPath $a).Hash | Should -Be (Get-FileHash -LiteralPath $b).Hash
    }

    It 'writes .gdb_index with -GdbIndex, which gdb uses, timed as its own phase' {
        $g1 = Join-Path $TestDrive 'main-g.o'; $g2 = Join-Path $TestDrive 'twice-g.o'
        gcc -c -g -ggnu-pubnames -o $g1 (Join-Path $TestDrive 'main.c'); gcc -c -g -ggnu-pubnames -o $g2 (Join-Path $TestDrive 'twice.c')
        $exe = Join-Path $TestDrive 'prog-gdb-index'
        $verbose = Read-ElfObject -Path (@($start) + $g1, $g2 + @($end)) | Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-ElfExecutable -Path $exe -GdbIndex -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'Gdb index: [0-9.]+ ms'
        $index = Get-ElfSection -LiteralPath $exe -Name .gdb_index
        $index.Size | Should -BeGreaterThan 24
        Get-ElfSection -LiteralPath $exe -Name .debug_gnu_pubnames | Should -BeNullOrEmpty
        $gdb = gdb -batch -nx -ex 'maint print objfiles' -ex 'info functions ^twice$' $exe 2>&1
        ($gdb -join "`n") | Should -Match '\.gdb_index: version 7'
        ($gdb -join "`n") | Should -Match 'int twice\(int\);'
        & $exe | Should -Be 'twice(21) = 42'
    }

    It 'reports per-phase timings on the verbose stream' {
        $verbose = Read-ElfObject -Path (@($start) + $main, $twice + @($end)) |
            Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-ElfExecutable -Path (Join-Path $TestDrive 'verbose') -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'Copy and relocate sections: [0-9.]+ ms'
    }
}
