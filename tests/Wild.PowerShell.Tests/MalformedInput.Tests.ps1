# A few rows of the engine's malformed-input table (tests/Wild.Engine.Tests/Engine/Malformed) through the
# cmdlet pipeline: Read-ElfObject | Resolve-ElfSymbol | Write-ElfExecutable. Whichever stage finds the
# damage must report it as an ErrorRecord whose id is the engine's stable ErrorId, whose target is the
# damaged file (or archive(member)), with a real category, and nothing may be written.
# build/Invoke-ModuleTests.ps1 has imported dist/Wild/Wild.psd1.

BeforeAll {
    Set-Content -LiteralPath (Join-Path $TestDrive 'main.c') -Value @'
int counter = 5;
__asm__(".section .text.comdat_fn,\"axG\",@progbits,comdat_fn,comdat\n"
        ".globl comdat_fn\n.type comdat_fn,@function\ncomdat_fn:\n ret\n.previous\n");
__attribute__((noinline)) int helper(int x) { return x + counter; }
void _start(void)
{
    int code = helper(37);
    __asm__ volatile("mov %0, %%edi\n mov $60, %%eax\n syscall" :: "r"(code) : "rdi", "rax");
    __builtin_unreachable();
}
'@
    $flags = '-c', '-O1', '-fno-pie', '-ffreestanding', '-fno-stack-protector'
    gcc @flags -o (Join-Path $TestDrive 'main.o') (Join-Path $TestDrive 'main.c')
    if ($LASTEXITCODE -ne 0) { throw 'gcc failed on main.c' }
    $script:mainBytes = [IO.File]::ReadAllBytes((Join-Path $TestDrive 'main.o'))

    # ELF64 field access on a byte array (offsets from the gABI), enough to damage one named field.
    function Get-U16([byte[]] $b, [int] $at) { [BitConverter]::ToUInt16($b, $at) }
    function Get-U32([byte[]] $b, [int] $at) { [BitConverter]::ToUInt32($b, $at) }
    function Get-U64([byte[]] $b, [int] $at) { [BitConverter]::ToUInt64($b, $at) }
    function Set-U32([byte[]] $b, [int] $at, [uint32] $v) { [BitConverter]::GetBytes($v).CopyTo($b, $at) }
    function Set-U64([byte[]] $b, [int] $at, [uint64] $v) { [BitConverter]::GetBytes($v).CopyTo($b, $at) }
    function Get-SectionHeader([byte[]] $b, [string] $name) {
        $shoff = [int](Get-U64 $b 40)
        $shnum = Get-U16 $b 60
        $strtab = [int](Get-U64 $b ($shoff + (Get-U16 $b 62) * 64 + 24))
        foreach ($i in 1..($shnum - 1)) {
            $hdr = $shoff + $i * 64
            $start = $strtab + (Get-U32 $b $hdr)
            $end = [Array]::IndexOf($b, [byte]0, $start)
            if ([Text.Encoding]::ASCII.GetString($b, $start, $end - $start) -eq $name) { return $hdr }
        }
        throw "no section $name"
    }

    # The byte position of a symbol table entry: the first whose name is $Name, or the first STT_SECTION one.
    function Get-SymbolEntry([byte[]] $b, [string] $Name, [switch] $Section) {
        $shoff = [int](Get-U64 $b 40)
        $symtab = foreach ($i in 1..((Get-U16 $b 60) - 1)) { if ((Get-U32 $b ($shoff + $i * 64 + 4)) -eq 2) { $shoff + $i * 64 } }
        $start = [int](Get-U64 $b ($symtab + 24))
        $strtab = [int](Get-U64 $b ($shoff + (Get-U32 $b ($symtab + 40)) * 64 + 24))
        foreach ($s in 1..([int](Get-U64 $b ($symtab + 32)) / 24 - 1)) {
            $at = $start + $s * 24
            if ($Section) { if (($b[$at + 4] -band 0xf) -eq 3) { return $at } ; continue }
            $from = $strtab + (Get-U32 $b $at)
            $end = [Array]::IndexOf($b, [byte]0, $from)
            if ([Text.Encoding]::ASCII.GetString($b, $from, $end - $from) -eq $Name) { return $at }
        }
        throw "no symbol $Name"
    }

    # Writes a damaged copy of main.o; the scriptblock gets the bytes to change in place.
    function New-DamagedObject([string] $Name, [scriptblock] $Damage) {
        $b = [byte[]]$script:mainBytes.Clone()
        & $Damage $b
        $path = Join-Path $TestDrive $Name
        [IO.File]::WriteAllBytes($path, $b)
        $path
    }

    # Runs the three stages; returns every error record, from whichever stage raised it: the stages' own errors
    # first, then the terminating one. A file Read-ElfObject refused also stops Resolve-ElfSymbol with
    # InputsNotRead (a link is never written from the inputs that remain); Assert-StageError checks both.
    function Invoke-Pipeline([string[]] $Path, [string] $Output) {
        $errors = [Collections.Generic.List[Management.Automation.ErrorRecord]]::new()
        $thrown = $null
        try {
            Read-ElfObject -LiteralPath $Path -ErrorVariable +readErrors -ErrorAction SilentlyContinue |
                Resolve-ElfSymbol -Entry _start -ErrorVariable +resolveErrors -ErrorAction SilentlyContinue |
                Write-ElfExecutable -Path $Output
        }
        catch {
            $thrown = $_
        }
        foreach ($e in @($readErrors) + @($resolveErrors)) {
            # -ErrorVariable holds a terminating error as the exception that carried it.
            $record = if ($e -is [Management.Automation.ErrorRecord]) { $e } elseif ($e) { $e.ErrorRecord }
            if ($record) { $errors.Add($record) }
        }
        # -ErrorVariable also records the terminating error of its own command; count it once.
        if ($thrown -and -not @($errors | Where-Object { $_.FullyQualifiedErrorId -eq $thrown.FullyQualifiedErrorId }).Count) { $errors.Add($thrown) }
        , $errors.ToArray()
    }

    # The one error of the stage that found the damage, plus InputsNotRead when that stage was Read-ElfObject.
    function Assert-StageError($Errors, [string] $Stage, [string] $Target) {
        if ($Stage -eq 'Read-ElfObject') {
            $Errors.Count | Should -Be 2
            $Errors[1].FullyQualifiedErrorId | Should -Be 'InputsNotRead,Wild.PowerShell.Cmdlets.ResolveElfSymbolCommand'
            @($Errors[1].TargetObject) | Should -Be @($Target)
        }
        else { $Errors.Count | Should -Be 1 }
    }
}

Describe 'Malformed inputs through the cmdlet pipeline' {
    It 'links the undamaged object (the rows below fail because of their damage)' {
        $exe = Join-Path $TestDrive 'good'
        Invoke-Pipeline -Path (Join-Path $TestDrive 'main.o') -Output $exe | Should -BeNullOrEmpty
        & $exe
        $LASTEXITCODE | Should -Be 42
    }

    It '<Name>: <Stage> reports <Id> naming the file' -ForEach @(
        @{ Name = 'header-cut-at-40'; Stage = 'Read-ElfObject'; Id = 'MalformedElf'; Category = 'InvalidData'
            Damage = { param($b) } ; Truncate = 40; Problem = 'file too short' }
        @{ Name = 'machine-i386'; Stage = 'Read-ElfObject'; Id = 'WrongMachine'; Category = 'InvalidData'
            Damage = { param($b) $b[18] = 3; $b[19] = 0 }; Problem = 'i386' }
        @{ Name = 'section-offset-wraps'; Stage = 'Read-ElfObject'; Id = 'MalformedElf'; Category = 'InvalidData'
            Damage = { param($b) [BitConverter]::GetBytes([uint64]::MaxValue - 0xfff).CopyTo($b, (Get-SectionHeader $b '.text') + 24) }
            Problem = 'extends beyond the end of the file' }
        @{ Name = 'group-signature-999'; Stage = 'Resolve-ElfSymbol'; Id = 'MalformedElf'; Category = 'InvalidData'
            Damage = { param($b) Set-U32 $b ((Get-SectionHeader $b '.group') + 44) 999 }
            Problem = 'invalid signature symbol index 999' }
        @{ Name = 'reloc-type-200'; Stage = 'Write-ElfExecutable'; Id = 'UnsupportedRelocation'; Category = 'NotImplemented'
            Damage = { param($b) Set-U32 $b ([int](Get-U64 $b ((Get-SectionHeader $b '.rela.text') + 24)) + 8) 200 }
            Problem = 'relocation type' }
        @{ Name = 'binding-3'; Stage = 'Read-ElfObject'; Id = 'MalformedElf'; Category = 'InvalidData'
            Damage = { param($b) $b[(Get-SymbolEntry $b 'helper') + 4] = 0x32 }
            Problem = "symbol 'helper' has invalid binding 3" }
        @{ Name = 'section-symbol-undef'; Stage = 'Read-ElfObject'; Id = 'MalformedElf'; Category = 'InvalidData'
            Damage = { param($b) $at = Get-SymbolEntry $b -Section; $b[$at + 6] = 0; $b[$at + 7] = 0 }
            Problem = 'has st_shndx SHN_UNDEF, so it names no section' }
        @{ Name = 'align-2^32'; Stage = 'Read-ElfObject'; Id = 'MalformedElf'; Category = 'InvalidData'
            Damage = { param($b) Set-U64 $b ((Get-SectionHeader $b '.data') + 48) 4294967296 }
            Problem = 'sh_addralign is too large' }
        @{ Name = 'group-entsize-8'; Stage = 'Resolve-ElfSymbol'; Id = 'MalformedElf'; Category = 'InvalidData'
            Damage = { param($b) Set-U64 $b ((Get-SectionHeader $b '.group') + 56) 8 }
            Problem = 'has invalid sh_entsize 8 (expected 4)' }
    ) {
        $path = New-DamagedObject "$Name.o" $Damage
        if ($Truncate) { [IO.File]::WriteAllBytes($path, $script:mainBytes[0..($Truncate - 1)]) }
        $exe = Join-Path $TestDrive "$Name-out"

        $watch = [Diagnostics.Stopwatch]::StartNew()
        $errors = Invoke-Pipeline -Path $path -Output $exe
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 1

        Assert-StageError $errors $Stage $path
        $errors[0].FullyQualifiedErrorId | Should -BeLike "$Id*"
        $errors[0].TargetObject | Should -Be $path
        $errors[0].CategoryInfo.Category | Should -Be $Category
        $errors[0].ErrorDetails.Message | Should -BeLike "*$path*$Problem*"
        $errors[0].InvocationInfo.MyCommand.Name | Should -Be $Stage
        $exe | Should -Not -Exist
    }

    It 'names archive(member) when a member is broken' {
        $member = Join-Path $TestDrive 'broken_member_with_a_long_name.o'
        $b = [byte[]]$script:mainBytes.Clone()
        $b[18] = 3
        [IO.File]::WriteAllBytes($member, $b)
        $lib = Join-Path $TestDrive 'libbroken.a'
        ar rcs $lib $member
        $exe = Join-Path $TestDrive 'archive-out'

        $errors = Invoke-Pipeline -Path (Join-Path $TestDrive 'main.o'), $lib -Output $exe

        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'WrongMachine*'
        $errors[0].TargetObject | Should -Be "$lib(broken_member_with_a_long_name.o)"
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $exe | Should -Not -Exist
    }

    It 'reports a linker script with an unclosed comment as MalformedLinkerScript' {
        $script = Join-Path $TestDrive 'broken.ld'
        Set-Content -LiteralPath $script -Value '/* GROUP ( libc.a )'
        $errors = Invoke-Pipeline -Path $script -Output (Join-Path $TestDrive 'script-out')
        Assert-StageError $errors 'Read-ElfObject' $script
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'MalformedLinkerScript*'
        $errors[0].TargetObject | Should -Be $script
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }
}
