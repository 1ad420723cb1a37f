# Link-time optimisation through the module: Read-ElfObject tells LTO objects apart, and Resolve-ElfSymbol
# -Plugin hands them to the compiler's linker plugin. LLVM's plugin serves one link per process (it cannot be
# unloaded and shuts LLVM down after its link), so its links run in a child pwsh each, whatever ran before.
# build/Invoke-ModuleTests.ps1 has imported dist/Wild/Wild.psd1 and set $env:WILD_MODULE_MANIFEST.

BeforeAll {
    foreach ($tool in 'clang-19', 'gcc') {
        if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is not installed; .ci/run installs it (clang-19 with llvm-19-linker-tools)" }
    }
    $script:llvmGold = '/usr/lib/llvm-19/lib/LLVMgold.so'
    if (-not (Test-Path -LiteralPath $llvmGold)) { throw "$llvmGold is missing; .ci/run installs llvm-19-linker-tools" }

    function Get-GccFile([string] $Name) { [IO.Path]::GetFullPath((gcc "-print-file-name=$Name")) }
    $script:libDirs = @((gcc -print-search-dirs | Where-Object { $_ -like 'libraries:*' }) -replace '^libraries:\s*=?', '' -split ':' |
        Where-Object { $_ -and (Test-Path -LiteralPath $_ -PathType Container) })
    $script:start = 'crt1.o', 'crti.o', 'crtbeginT.o' | ForEach-Object { Get-GccFile $_ }
    $script:end = 'crtend.o', 'crtn.o' | ForEach-Object { Get-GccFile $_ }

    Set-Content -LiteralPath (Join-Path $TestDrive 'main.c') -Value @'
#include <stdio.h>
extern int twice(int);
int main(void) { printf("twice(21) = %d\n", twice(21)); return 0; }
'@
    Set-Content -LiteralPath (Join-Path $TestDrive 'twice.c') -Value 'int twice(int x) { return 2 * x; }'
    function Compile([string] $Compiler, [string] $Source, [string] $Object, [string[]] $Flags) {
        & $Compiler -c -O2 @Flags -o (Join-Path $TestDrive $Object) (Join-Path $TestDrive $Source)
        if ($LASTEXITCODE -ne 0) { throw "$Compiler failed on $Source" }
        Join-Path $TestDrive $Object
    }
    $script:bitcode = 'main', 'twice' | ForEach-Object { Compile clang-19 "$_.c" "$_.bc.o" @('-flto') }
    $script:gimple = 'main', 'twice' | ForEach-Object { Compile gcc "$_.c" "$_.gimple.o" @('-flto') }
    $script:fat = Compile gcc 'twice.c' 'twice.fat.o' @('-flto', '-ffat-lto-objects')
    $script:plain = Compile gcc 'main.c' 'main.o' @()

    function Invoke-ChildPwsh([string] $Script) {
        <# Runs $Script in a fresh pwsh that imports the module; returns its exit code and output lines. #>
        $process = [Environment]::ProcessPath
        $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @($process, (Join-Path $PSHOME 'pwsh.dll')) } else { @($process) }
        $path = Join-Path $TestDrive "child-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -LiteralPath $path -Value ("`$ErrorActionPreference = 'Stop'`nImport-Module '$env:WILD_MODULE_MANIFEST'`n" + $Script)
        $global:LASTEXITCODE = 0
        $output = & $pwsh[0] @(@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $path)) 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output | ForEach-Object { "$_" }) }
    }

    function Quote([string[]] $Items) { '@(' + (($Items | ForEach-Object { "'" + ($_ -replace "'", "''") + "'" }) -join ', ') + ')' }
}

Describe 'Read-ElfObject with LTO objects' {
    It 'reports LLVM bitcode as an LtoObject' {
        $o = Read-ElfObject -LiteralPath $bitcode[0]
        $o.Kind | Should -Be 'LtoObject'
        $o.Lto | Should -Be 'LlvmBitcode'
    }

    It "reports GCC's slim IR as an LtoObject and a fat one as an Object with IR" {
        $slim = Read-ElfObject -LiteralPath $gimple[1]
        $slim.Kind | Should -Be 'LtoObject'
        $slim.Lto | Should -Be 'GccSlim'
        $fatObject = Read-ElfObject -LiteralPath $fat
        $fatObject.Kind | Should -Be 'Object'
        $fatObject.Lto | Should -Be 'GccFat'
        (Read-ElfObject -LiteralPath $plain).Lto | Should -Be 'None'
    }
}

Describe 'Resolve-ElfSymbol -Plugin' {
    It 'links LLVM bitcode through LLVMgold.so, and refuses a second link with it in the same process' {
        $exe = Join-Path $TestDrive 'clang-prog'
        $inputs = Quote (@($start) + $bitcode + @($end))
        $r = Invoke-ChildPwsh @"
`$link = { Read-ElfObject -LiteralPath $inputs | Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $(Quote $libDirs) -Plugin '$llvmGold' -PluginOption 'mcpu=x86-64', 'O2' }
& `$link | Write-ElfExecutable -Path '$exe' -OutputKind Static
try { & `$link | Out-Null; 'second link: linked' } catch { "second link: `$(`$_.FullyQualifiedErrorId)" }
"@
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $r.Output | Should -Contain 'second link: LtoPlugin,Wild.PowerShell.Cmdlets.ResolveElfSymbolCommand'
        & $exe | Should -Be 'twice(21) = 42'
    }

    It "links GCC IR through gcc's liblto_plugin.so, twice in one process, with gcc's environment for lto-wrapper" {
        # lto-wrapper reads the driver's COLLECT_GCC and COLLECT_GCC_OPTIONS; set in PowerShell, they reach it.
        $env:COLLECT_GCC = 'gcc'
        $env:COLLECT_GCC_OPTIONS = "'-flto'"
        try {
            $plugin = gcc '-print-file-name=liblto_plugin.so'
            $wrapper = gcc '-print-prog-name=lto-wrapper'
            foreach ($n in 1, 2) {
                $exe = Join-Path $TestDrive "gcc-prog-$n"
                Read-ElfObject -LiteralPath (@($start) + $gimple + @($end)) |
                    Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs -Plugin $plugin -PluginOption $wrapper, "-fresolution=$TestDrive/res-$n" |
                    Write-ElfExecutable -Path $exe -OutputKind Static
                & $exe | Should -Be 'twice(21) = 42'
            }
        }
        finally {
            Remove-Item Env:COLLECT_GCC, Env:COLLECT_GCC_OPTIONS -ErrorAction SilentlyContinue
        }
    }

    It 'links a fat LTO object without a plugin, from its regular code' {
        $exe = Join-Path $TestDrive 'fat-prog'
        Read-ElfObject -LiteralPath (@($start) + $plain, $fat + @($end)) |
            Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-ElfExecutable -Path $exe -OutputKind Static
        & $exe | Should -Be 'twice(21) = 42'
    }

    It 'refuses bitcode without a plugin as an LtoInput error naming the file' {
        Read-ElfObject -LiteralPath (@($start) + $bitcode + @($end)) |
            Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'LtoInput*'
        $errs[0].Exception.Message | Should -BeLike "*main.bc.o: LLVM bitcode*needs the LTO plugin*"
    }
}
