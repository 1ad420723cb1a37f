# The parameters that stand for ld's -z keywords on real gcc output: Write-ElfExecutable's -NoRelro, -NoSeparateCode,
# -ExecutableStack, -NoTextRelocations, -NoCopyRelocations, -NoDynamicUndefinedWeak, -MaxPageSize, -X86Feature,
# -X86IsaLevel, -IndirectExternAccess and -NoRelocOverflow, and Resolve-ElfSymbol's -NoUndefined and -AllowMultipleDefinition: each changes what it should and
# nothing is written when it refuses. build/Invoke-ModuleTests.ps1 has imported dist/Wild/Wild.psd1.

BeforeAll {
    function Get-GccFile([string] $Name) { [IO.Path]::GetFullPath((gcc "-print-file-name=$Name")) }
    $script:libDirs = @((gcc -print-search-dirs | Where-Object { $_ -like 'libraries:*' }) -replace '^libraries:\s*=?', '' -split ':' |
        Where-Object { $_ -and (Test-Path -LiteralPath $_ -PathType Container) })
    $script:soStart = 'crti.o', 'crtbeginS.o' | ForEach-Object { Get-GccFile $_ }
    $script:soEnd = 'crtendS.o', 'crtn.o' | ForEach-Object { Get-GccFile $_ }
    $script:pieStart = 'Scrt1.o', 'crti.o', 'crtbeginS.o' | ForEach-Object { Get-GccFile $_ }
    $script:exeStart = 'crt1.o', 'crti.o', 'crtbegin.o' | ForEach-Object { Get-GccFile $_ }
    $script:exeEnd = 'crtend.o', 'crtn.o' | ForEach-Object { Get-GccFile $_ }

    function New-TestObject([string] $Name, [string] $Source, [string[]] $Flags = @()) {
        $c = Join-Path $TestDrive "$Name.c"
        Set-Content -LiteralPath $c -Value $Source
        $o = Join-Path $TestDrive "$Name.o"
        gcc -c -O1 @Flags -o $o $c
        if ($LASTEXITCODE -ne 0) { throw "gcc failed on $Name.c" }
        $o
    }

    $script:lib = New-TestObject 'lib' 'int lib_value(void) { return 42; }' '-fPIC'
    $script:weak = New-TestObject 'weak' @'
extern int maybe(void) __attribute__((weak));
int main(void) { return maybe ? maybe() : 0; }
'@ '-fPIE'

    # A shared object with the given write parameters.
    function Write-Library([string] $Name, [hashtable] $Parameters = @{}, [string[]] $Objects = @($lib)) {
        $so = Join-Path $TestDrive $Name
        Read-ElfObject -Path (@($soStart) + $Objects + @($soEnd)) |
            Resolve-ElfSymbol -Library c -LibraryPath $libDirs -OutputKind Shared |
            Write-ElfExecutable -Path $so @Parameters
        $so
    }

    function Get-Property([string] $Path) { (readelf -n $Path) -join "`n" }
}

Describe 'Write-ElfExecutable''s -z keyword parameters' {
    It 'leaves out PT_GNU_RELRO with -NoRelro' {
        @(Get-ElfSegment -LiteralPath (Write-Library 'librelro.so') | Where-Object Type -eq 'GnuRelro').Count | Should -Be 1
        @(Get-ElfSegment -LiteralPath (Write-Library 'libnorelro.so' @{ NoRelro = $true }) | Where-Object Type -eq 'GnuRelro').Count | Should -Be 0
    }

    It 'lets code share pages with -NoSeparateCode' {
        $separate = @(Get-ElfSegment -LiteralPath (Write-Library 'libsep.so') | Where-Object Type -eq 'Load').Count
        $shared = @(Get-ElfSegment -LiteralPath (Write-Library 'libnosep.so' @{ NoSeparateCode = $true }) | Where-Object Type -eq 'Load').Count
        $separate | Should -Be 4
        $shared | Should -Be 2
    }

    It 'sets, clears or leaves to the inputs the executable stack with -ExecutableStack' {
        $asks = New-TestObject 'execstack' 'int lib_other(void) { return 1; }' '-fPIC', '-Wa,--execstack'
        function Test-Executable([string] $Path) {
            [bool]((Get-ElfSegment -LiteralPath $Path | Where-Object Type -eq 'GnuStack').Flags -band [Wild.PowerShell.SegmentFlags]::Execute)
        }
        Test-Executable (Write-Library 'libplain.so') | Should -BeFalse
        Test-Executable (Write-Library 'libexec.so' @{ ExecutableStack = $true }) | Should -BeTrue
        Test-Executable (Write-Library 'libasks.so' @{ WarningAction = 'SilentlyContinue' } @($lib, $asks)) | Should -BeTrue
        Test-Executable (Write-Library 'libnoexec.so' @{ ExecutableStack = $false } @($lib, $asks)) | Should -BeFalse
    }

    It 'refuses text relocations with -NoTextRelocations, and writes none' {
        Set-Content -LiteralPath (Join-Path $TestDrive 'textrel.s') -Value @'
.text
.globl get
get: movabs $value, %rax
    ret
.data
.globl value
value: .quad 1
'@
        $textrel = Join-Path $TestDrive 'textrel.o'
        gcc -c -o $textrel (Join-Path $TestDrive 'textrel.s')
        $so = Write-Library 'libtextrel.so' @{ WarningAction = 'SilentlyContinue' } @($textrel)
        @(Get-ElfDynamicEntry -LiteralPath $so | Where-Object Tag -eq 'TextRel').Count | Should -Be 1
        { Write-Library 'libnotextrel.so' @{ NoTextRelocations = $true; WarningAction = 'SilentlyContinue' } @($textrel) } |
            Should -Throw '*recompile with -fPIC*'
        Join-Path $TestDrive 'libnotextrel.so' | Should -Not -Exist
    }

    It 'refuses a copy relocation with -NoCopyRelocations' {
        $data = New-TestObject 'data' 'int data = 5;' '-fPIC'
        $dataLib = Write-Library 'libdata.so' @{ SoName = 'libdata.so' } @($data)
        $main = New-TestObject 'reader' "extern int data;`nint main(void) { return data; }" '-fno-pic'
        $session = Read-ElfObject -Path (@($exeStart) + $main + $dataLib + @($exeEnd)) |
            Resolve-ElfSymbol -Library c -LibraryPath $libDirs -OutputKind Dynamic
        $exe = Join-Path $TestDrive 'copied'
        $session | Write-ElfExecutable -Path $exe
        @(Get-ElfRelocation -LiteralPath $exe | Where-Object { $_.Type -match 'Copy' }).Count | Should -Be 1
        { $session | Write-ElfExecutable -Path (Join-Path $TestDrive 'notcopied') -NoCopyRelocations } |
            Should -Throw '*needs a copy relocation, which -z nocopyreloc forbids*'
        Join-Path $TestDrive 'notcopied' | Should -Not -Exist
        $session.Dispose()
    }

    It 'keeps an undefined weak symbol out of .dynsym with -NoDynamicUndefinedWeak' {
        $session = Read-ElfObject -Path (@($pieStart) + $weak + @($soEnd)) |
            Resolve-ElfSymbol -Library c -LibraryPath $libDirs -OutputKind Pie
        $session | Write-ElfExecutable -Path (Join-Path $TestDrive 'weak-dynamic')
        $session | Write-ElfExecutable -Path (Join-Path $TestDrive 'weak-fixed') -NoDynamicUndefinedWeak
        (Get-ElfSymbol -LiteralPath (Join-Path $TestDrive 'weak-dynamic') -Dynamic).Name | Should -Contain 'maybe'
        (Get-ElfSymbol -LiteralPath (Join-Path $TestDrive 'weak-fixed') -Dynamic).Name | Should -Not -Contain 'maybe'
        & (Join-Path $TestDrive 'weak-fixed')
        $LASTEXITCODE | Should -Be 0
        $session.Dispose()
    }

    It 'aligns segments to -MaxPageSize, which must be a power of two' {
        $so = Write-Library 'libhuge.so' @{ MaxPageSize = 0x200000 }
        @(Get-ElfSegment -LiteralPath $so | Where-Object Type -eq 'Load').Alignment | Sort-Object -Unique | Should -Be 0x200000
        { Write-Library 'libodd.so' @{ MaxPageSize = 0x3000 } } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Wild.PowerShell.Cmdlets.WriteElfExecutableCommand'
    }

    It 'marks x86 features and the ISA level with -X86Feature and -X86IsaLevel' {
        $plain = Get-Property (Write-Library 'libnoprop.so')
        $plain | Should -Not -Match 'IBT'
        $plain | Should -Not -Match 'x86-64-v3'
        $marked = Get-Property (Write-Library 'libprop.so' @{ X86Feature = 'Ibt', 'ShadowStack'; X86IsaLevel = 'V3' })
        $marked | Should -Match 'x86 feature: IBT, SHSTK'
        $marked | Should -Match 'x86 ISA needed: .*x86-64-v3'
    }

    It 'marks linear address masking with -X86Feature LamU48 or LamU57, and indirect external access with -IndirectExternAccess' {
        Get-Property (Write-Library 'liblam48.so' @{ X86Feature = 'LamU48' }) | Should -Match 'x86 feature: LAM_U48, LAM_U57'
        $lam57 = Get-Property (Write-Library 'liblam57.so' @{ X86Feature = 'LamU57' })
        $lam57 | Should -Match 'x86 feature: LAM_U57'
        $lam57 | Should -Not -Match 'LAM_U48'
        Get-Property (Write-Library 'libplainprop.so') | Should -Not -Match 'indirect external access'
        Get-Property (Write-Library 'libindirect.so' @{ IndirectExternAccess = $true }) | Should -Match '1_needed: indirect external access'
    }

    It 'links a 32-bit absolute address into a PIE only with -NoRelocOverflow' {
        Set-Content -LiteralPath (Join-Path $TestDrive 'abs32.s') -Value @'
.text
.globl _start
_start: movl $value, %eax
    ret
.data
value: .quad 1
'@
        $abs32 = Join-Path $TestDrive 'abs32.o'
        gcc -c -o $abs32 (Join-Path $TestDrive 'abs32.s')
        $pie = Join-Path $TestDrive 'abs32.pie'
        { Read-ElfObject -Path $abs32 | Resolve-ElfSymbol -OutputKind Pie | Write-ElfExecutable -Path $pie } | Should -Throw
        $pie | Should -Not -Exist
        Read-ElfObject -Path $abs32 | Resolve-ElfSymbol -OutputKind Pie |
            Write-ElfExecutable -Path $pie -NoRelocOverflow -WarningAction SilentlyContinue
        @(Get-ElfRelocation -LiteralPath $pie | Where-Object Type -eq 'R_X86_64_RELATIVE').Count | Should -Be 1
    }
}

Describe 'Resolve-ElfSymbol''s -z defs and -z muldefs' {
    It 'makes a shared object''s undefined symbol an error with -NoUndefined' {
        $needs = New-TestObject 'needs' "int missing(void);`nint caller(void) { return missing(); }" '-fPIC'
        $inputs = @($soStart) + $needs + @($soEnd)
        Read-ElfObject -Path $inputs | Resolve-ElfSymbol -Library c -LibraryPath $libDirs -OutputKind Shared |
            Write-ElfExecutable -Path (Join-Path $TestDrive 'libneeds.so')
        Join-Path $TestDrive 'libneeds.so' | Should -Exist
        $errors = @()
        $session = Read-ElfObject -Path $inputs |
            Resolve-ElfSymbol -Library c -LibraryPath $libDirs -OutputKind Shared -NoUndefined -ErrorVariable errors -ErrorAction SilentlyContinue
        $session | Should -BeNullOrEmpty
        $errors.FullyQualifiedErrorId | Should -Contain 'UndefinedSymbol,Wild.PowerShell.Cmdlets.ResolveElfSymbolCommand'
        $errors.TargetObject | Should -Contain 'missing'
    }

    It 'lets the first definition win with -AllowMultipleDefinition' {
        $one = New-TestObject 'one' "int twice(void) { return 1; }`nint main(void) { return twice(); }"
        $two = New-TestObject 'two' 'int twice(void) { return 2; }'
        $inputs = @($exeStart) + $one + $two + @($exeEnd)
        $errors = @()
        Read-ElfObject -Path $inputs | Resolve-ElfSymbol -Library c -LibraryPath $libDirs -OutputKind Dynamic -ErrorVariable errors -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $errors.FullyQualifiedErrorId | Should -Contain 'DuplicateSymbol,Wild.PowerShell.Cmdlets.ResolveElfSymbolCommand'
        $exe = Join-Path $TestDrive 'first-wins'
        Read-ElfObject -Path $inputs | Resolve-ElfSymbol -Library c -LibraryPath $libDirs -OutputKind Dynamic -AllowMultipleDefinition |
            Write-ElfExecutable -Path $exe
        & $exe
        $LASTEXITCODE | Should -Be 1
    }
}
