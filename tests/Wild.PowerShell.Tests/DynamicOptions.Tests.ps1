# Write-ElfExecutable's ld -init/-fini and -z keyword parameters (-Init, -Fini, -DynamicFlags1, -StackSize) on real
# gcc output: the dynamic entries and PT_GNU_STACK they write, and a program that loads the library and runs its
# initialiser and finaliser. build/Invoke-ModuleTests.ps1 has imported dist/Wild/Wild.psd1.

BeforeAll {
    function Get-GccFile([string] $Name) { [IO.Path]::GetFullPath((gcc "-print-file-name=$Name")) }
    $script:libDirs = @((gcc -print-search-dirs | Where-Object { $_ -like 'libraries:*' }) -replace '^libraries:\s*=?', '' -split ':' |
        Where-Object { $_ -and (Test-Path -LiteralPath $_ -PathType Container) })
    Set-Content -LiteralPath (Join-Path $TestDrive 'lib.c') -Value @'
#include <unistd.h>
void lib_start(void) { write(1, "start\n", 6); }
void lib_stop(void) { write(1, "stop\n", 5); }
int lib_value(void) { return 42; }
'@
    Set-Content -LiteralPath (Join-Path $TestDrive 'main.c') -Value @'
#include <stdio.h>
int lib_value(void);
int main(void) { printf("%d\n", lib_value()); fflush(stdout); return 0; }
'@
    gcc -c -fPIC -o (Join-Path $TestDrive 'lib.o') (Join-Path $TestDrive 'lib.c')
    if ($LASTEXITCODE -ne 0) { throw 'gcc failed on lib.c' }
    $script:lib = Join-Path $TestDrive 'lib.o'
    $script:soStart = 'crti.o', 'crtbeginS.o' | ForEach-Object { Get-GccFile $_ }
    $script:soEnd = 'crtendS.o', 'crtn.o' | ForEach-Object { Get-GccFile $_ }
}

Describe 'Write-ElfExecutable -Init, -Fini, -DynamicFlags1 and -StackSize' {
    It 'names the functions DT_INIT and DT_FINI call, which run when a program loads and leaves the library' {
        $so = Join-Path $TestDrive 'libinit.so'
        Read-ElfObject -Path (@($soStart) + $lib + @($soEnd)) |
            Resolve-ElfSymbol -Library c -LibraryPath $libDirs -OutputKind Shared |
            Write-ElfExecutable -Path $so -SoName libinit.so -Init lib_start -Fini lib_stop
        $symbols = @(Get-ElfSymbol -LiteralPath $so -Dynamic)
        $entries = @(Get-ElfDynamicEntry -LiteralPath $so)
        ($entries | Where-Object Tag -eq 'Init').Value | Should -Be ($symbols | Where-Object Name -eq 'lib_start').Value
        ($entries | Where-Object Tag -eq 'Fini').Value | Should -Be ($symbols | Where-Object Name -eq 'lib_stop').Value

        $prog = Join-Path $TestDrive 'prog'
        gcc -o $prog (Join-Path $TestDrive 'main.c') "-L$TestDrive" -linit '-Wl,-rpath,$ORIGIN'
        $LASTEXITCODE | Should -Be 0
        (& $prog) -join ',' | Should -Be 'start,42,stop'
    }

    It 'writes the DT_FLAGS_1 bits -z keywords ask for, and DF_ORIGIN with Origin' {
        $so = Join-Path $TestDrive 'libflags.so'
        Read-ElfObject -Path (@($soStart) + $lib + @($soEnd)) |
            Resolve-ElfSymbol -Library c -LibraryPath $libDirs -OutputKind Shared |
            Write-ElfExecutable -Path $so -DynamicFlags1 NoDelete, InitFirst, Interpose, Origin
        $flags1 = [Wild.PowerShell.DynamicFlags1](Get-ElfDynamicEntry -LiteralPath $so -Tag Flags1).Value
        $flags1 | Should -Be ([Wild.PowerShell.DynamicFlags1]'NoDelete, InitFirst, Interpose, Origin')
        [Wild.PowerShell.DynamicFlags]((Get-ElfDynamicEntry -LiteralPath $so -Tag Flags).Value) | Should -Match 'Origin'
    }

    It 'takes only the DT_FLAGS_1 bits a -z keyword can request' {
        { Read-ElfObject -Path (@($soStart) + $lib + @($soEnd)) |
            Resolve-ElfSymbol -Library c -LibraryPath $libDirs -OutputKind Shared |
            Write-ElfExecutable -Path (Join-Path $TestDrive 'libpie.so') -DynamicFlags1 Pie } |
            Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,Wild.PowerShell.Cmdlets.WriteElfExecutableCommand'
        Join-Path $TestDrive 'libpie.so' | Should -Not -Exist
    }

    It 'sets the main thread''s stack size in PT_GNU_STACK with -StackSize' {
        $start = 'crt1.o', 'crti.o', 'crtbeginT.o' | ForEach-Object { Get-GccFile $_ }
        $end = 'crtend.o', 'crtn.o' | ForEach-Object { Get-GccFile $_ }
        gcc -c -o (Join-Path $TestDrive 'hello.o') (Join-Path $TestDrive 'main.c') -DNO_LIB
        Set-Content -LiteralPath (Join-Path $TestDrive 'value.c') -Value 'int lib_value(void) { return 7; }'
        gcc -c -o (Join-Path $TestDrive 'value.o') (Join-Path $TestDrive 'value.c')
        $exe = Join-Path $TestDrive 'stacky'
        Read-ElfObject -Path (@($start) + (Join-Path $TestDrive 'hello.o'), (Join-Path $TestDrive 'value.o') + @($end)) |
            Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-ElfExecutable -Path $exe -StackSize 0x200000
        (Get-ElfSegment -LiteralPath $exe | Where-Object Type -eq 'GnuStack').MemorySize | Should -Be 0x200000
        & $exe | Should -Be '7'
    }
}
