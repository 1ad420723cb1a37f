# Get-ElfToolchain: the start files and library folders gcc would link with, checked against what gcc itself
# passes to the linker (`gcc -###`), and links made from them that run. build/Invoke-ModuleTests.ps1 has
# imported dist/Wild/Wild.psd1.

BeforeAll {
    Set-Content -LiteralPath (Join-Path $TestDrive 'hi.c') -Value '#include <stdio.h>', 'int main(void) { puts("toolchain"); return 5; }'
    gcc -c -fPIC -o (Join-Path $TestDrive 'hi.o') (Join-Path $TestDrive 'hi.c')
    if ($LASTEXITCODE -ne 0) { throw 'gcc failed on hi.c' }
    $script:hi = Join-Path $TestDrive 'hi.o'

    # The collect2/ld command gcc would run: its crt*.o arguments in order, and its -L folders.
    function Get-GccLinkLine([string[]] $Flags) {
        $line = (gcc -### @Flags $hi -o (Join-Path $TestDrive 'unused') 2>&1 | ForEach-Object { "$_" } | Where-Object { $_ -match 'collect2|/ld' } | Select-Object -Last 1)
        $words = @([regex]::Matches($line, '"([^"]*)"|(\S+)') | ForEach-Object { if ($_.Groups[1].Success) { $_.Groups[1].Value } else { $_.Groups[2].Value } })
        [pscustomobject]@{
            Crt = @($words | Where-Object { $_ -match '(^|/)(r|S)?crt[1in]\.o$|crtbegin\w*\.o$|crtend\w*\.o$' } | ForEach-Object { [IO.Path]::GetFullPath($_) })
            LibraryPath = @($words | Where-Object { $_ -clike '-L*' } | ForEach-Object { [IO.Path]::GetFullPath($_.Substring(2)).TrimEnd('/') } | Select-Object -Unique)
        }
    }
}

Describe 'Get-ElfToolchain' {
    It 'gives the start and end files gcc passes for <Kind> (<Flags>), in order' -ForEach @(
        @{ Kind = 'Static'; Flags = @('-static') }
        @{ Kind = 'StaticPie'; Flags = @('-static-pie') }
        @{ Kind = 'Pie'; Flags = @('-pie') }
        @{ Kind = 'Dynamic'; Flags = @('-no-pie') }
        @{ Kind = 'Shared'; Flags = @('-shared') }
    ) {
        $tc = Get-ElfToolchain -OutputKind $Kind
        $gcc = Get-GccLinkLine $Flags
        @($tc.StartFiles) + @($tc.EndFiles) | Should -Be $gcc.Crt
        $tc.OutputKind | Should -Be $Kind
        $tc.Compiler | Should -Exist
        foreach ($dir in $gcc.LibraryPath) { $tc.LibraryPath | Should -Contain $dir }
    }

    It 'links programs that run from what it finds, static and dynamic' {
        foreach ($kind in 'Static', 'Pie') {
            $tc = Get-ElfToolchain -OutputKind $kind
            $exe = Join-Path $TestDrive "hi-$kind"
            Read-ElfObject -LiteralPath (@($tc.StartFiles) + $hi + @($tc.EndFiles)) |
                Resolve-ElfSymbol -Library $tc.Library -LibraryPath $tc.LibraryPath -OutputKind $tc.OutputKind |
                Write-ElfExecutable -Path $exe
            & $exe | Should -Be 'toolchain'
            $LASTEXITCODE | Should -Be 5
        }
        (Get-ElfToolchain -OutputKind Pie).DynamicLinker | Should -Be (Get-ElfSegment -Path (Join-Path $TestDrive 'hi-Pie') -Type Interp).Interpreter
        (Get-ElfToolchain -OutputKind Static).DynamicLinker | Should -BeNullOrEmpty
    }

    It 'asks clang when told to' {
        if (-not (Get-Command clang -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'clang is not installed'; return }
        $tc = Get-ElfToolchain -Compiler clang -OutputKind Pie
        Split-Path -Leaf $tc.Compiler | Should -BeLike 'clang*'
        $tc.StartFiles | ForEach-Object { $_ | Should -Exist }
    }

    It 'stops with ToolchainNotFound naming a compiler that is not there' {
        { Get-ElfToolchain -Compiler no-such-cc } | Should -Throw -ErrorId 'ToolchainNotFound,*' -ExpectedMessage '*no-such-cc*'
    }

    It 'shows a list view with the files' {
        Get-ElfToolchain | Out-String -Width 120 | Should -Match 'StartFiles\s+: .*crt1\.o'
    }
}
