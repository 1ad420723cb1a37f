# Inspection a user expects (issue 19): demangled C++ and Rust names, symbol versions and the version views,
# headers, notes, strings, section bytes, disassembly, stripped binaries, other machines' files, and views that
# fit 120 columns. Counts and values are checked against binutils (readelf, objdump, c++filt) on the same files.
# build/Invoke-ModuleTests.ps1 has imported dist/Wild/Wild.psd1.

BeforeAll {
    Set-Content -LiteralPath (Join-Path $TestDrive 'shapes.cpp') -Value @'
#include <cstdio>
namespace geo { struct Square { int side; int area() const; }; int Square::area() const { return side * side; }
template <typename T> T twice(T x) { return x + x; } template int twice<int>(int); }
int main() { geo::Square s{3}; std::printf("%d %d\n", s.area(), geo::twice(4)); return 0; }
'@
    Set-Content -LiteralPath (Join-Path $TestDrive 'hello.c') -Value @'
#include <stdio.h>
#include <stdlib.h>
static int helper(int x) { return x * 3; }
int main(void) { const char *home = getenv("HOME"); printf("hello %d %s\n", helper(2), home ? "home" : "none"); return 0; }
'@
    $script:cpp = Join-Path $TestDrive 'shapes.o'
    $script:obj = Join-Path $TestDrive 'hello.o'
    $script:pie = Join-Path $TestDrive 'hello'
    $script:stripped = Join-Path $TestDrive 'hello-stripped'
    & 'g++' -c -O0 -o $cpp (Join-Path $TestDrive 'shapes.cpp')
    gcc -c -O0 -o $obj (Join-Path $TestDrive 'hello.c')
    gcc '-Wl,--build-id=sha1' -o $pie $obj
    strip -o $stripped $pie
    if ($LASTEXITCODE -ne 0) { throw 'building the test inputs failed' }
    $script:libcSo = [IO.Path]::GetFullPath((gcc '-print-file-name=libc.so.6'))
    $script:libc = [IO.Path]::GetFullPath((gcc '-print-file-name=libc.a'))

    # What readelf -W says of a file, as objects, for the other machines' cases.
    function Get-ReadelfSectionCount([string] $Path) {
        [int]((readelf -hW $Path | Select-String 'Number of section headers:\s+(\d+)').Matches[0].Groups[1].Value)
    }
    function Get-ReadelfSection([string] $Path) {
        readelf -SW $Path | Select-String '^\s+\[\s*[1-9]\d*\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+([0-9a-f]+)\s+([0-9a-f]+)' | ForEach-Object {
            $g = $_.Matches[0].Groups
            [pscustomobject]@{ Name = $g[1].Value; Offset = [Convert]::ToUInt64($g[2].Value, 16); Size = [Convert]::ToUInt64($g[3].Value, 16) }
        }
    }
    function Get-ReadelfSymbol([string] $Path) {
        # Only .symtab: readelf -s prints .dynsym first when there is one.
        $inSymtab = $false
        foreach ($line in readelf -sW $Path) {
            if ($line -match "^Symbol table '(\S+)'") { $inSymtab = $Matches[1] -eq '.symtab'; continue }
            # Section symbols have no name of their own (readelf prints their section's): left out on both sides.
            if ($inSymtab -and $line -match '^\s+([1-9]\d*):\s+([0-9a-f]+)\s+\d+\s+(\S+)\s+\S+\s+\S+\s+\S+\s*(.*)$' -and $Matches[3] -ne 'SECTION') {
                [pscustomobject]@{ Value = $Matches[2]; Name = $Matches[4] }
            }
        }
    }
    function Get-ReadelfSymbolName([string] $Path) { Get-ReadelfSymbol $Path | ForEach-Object Name }
    function Get-SymbolName([string] $Path) { Get-ElfSymbol -Path $Path | Where-Object Type -NE Section | ForEach-Object Name }
    function Get-ReadelfRelocation([string] $Path) {
        readelf -rW $Path | Select-String '^([0-9a-f]{8,16})\s+[0-9a-f]+\s+(R_\S+)' | ForEach-Object {
            [pscustomobject]@{ Offset = [Convert]::ToUInt64($_.Matches[0].Groups[1].Value, 16); Type = $_.Matches[0].Groups[2].Value }
        }
    }
}

Describe 'Demangled names' {
    It 'gives every C++ symbol the name c++filt gives it' {
        $symbols = @(Get-ElfSymbol -Path $cpp | Where-Object Name -Like '_Z*')
        $symbols.Count | Should -BeGreaterOrEqual 2
        $theirs = @($symbols.Name | c++filt)
        for ($i = 0; $i -lt $symbols.Count; $i++) { $symbols[$i].DemangledName | Should -BeExactly $theirs[$i] }
        (Get-ElfSymbol -Path $cpp -Name main).DemangledName | Should -BeNullOrEmpty
    }

    It 'matches -Name against demangled names with -Demangle and shows them in the view' {
        $area = @(Get-ElfSymbol -Path $cpp -Name 'geo::Square::area*' -Demangle)
        $area.Count | Should -Be 1
        $area[0].Name | Should -Be '_ZNK3geo6Square4areaEv'
        $area[0].DisplayName | Should -Be 'geo::Square::area() const'
        @(Get-ElfSymbol -Path $cpp -Name 'geo::Square::area*').Count | Should -Be 0
        $area | Out-String -Width 120 | Should -Match 'geo::Square::area\(\) const'
    }

    It 'demangles relocation targets and link-map symbols with -Demangle' {
        (Get-ElfRelocation -Path $cpp -Symbol '*geo::twice*' -Demangle).DisplaySymbol | Should -Contain 'int geo::twice<int>(int)'
        @(Get-ElfRelocation -Path $cpp -Symbol '*geo::twice*').Count | Should -Be 0

        # A freestanding C++ program (no C++ runtime needed) linked with -PassThru, so the link map has C++ names.
        Set-Content -LiteralPath (Join-Path $TestDrive 'free.cpp') -Value 'namespace ns { int seven() { return 7; } }',
            'extern "C" void _start() { int c = ns::seven(); asm volatile("mov %0, %%edi; mov $60, %%eax; syscall" :: "r"(c) : "rdi", "rax"); }'
        & 'g++' -c -O0 -fno-exceptions -fno-asynchronous-unwind-tables -o (Join-Path $TestDrive 'free.o') (Join-Path $TestDrive 'free.cpp')
        $result = Read-ElfObject -Path (Join-Path $TestDrive 'free.o') | Resolve-ElfSymbol | Write-ElfExecutable -Path (Join-Path $TestDrive 'free') -PassThru
        ($result | Get-ElfLinkMap -Kind Symbol -Demangle).Name | Should -Contain 'ns::seven()'
        ($result | Get-ElfLinkMap -Kind Symbol | Where-Object Name -EQ '_ZN2ns5sevenEv').DemangledName | Should -Be 'ns::seven()'
    }

    It 'demangles Rust names, legacy and v0, as rustc-demangle''s alternate form' {
        if (-not (Get-Command rustc -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'rustc is not installed'; return }
        Set-Content -LiteralPath (Join-Path $TestDrive 'r.rs') -Value 'pub struct W<T>(pub T); impl<T: std::fmt::Display> W<T> { #[inline(never)] pub fn show(&self) -> String { format!("{}", self.0) } } fn main() { println!("{}", W(5u8).show()); }'
        foreach ($mangling in 'legacy', 'v0') {
            $out = Join-Path $TestDrive "r-$mangling"
            # Legacy is rustc's default on stable; v0 is asked for.
            $flags = if ($mangling -eq 'v0') { @('-C', 'symbol-mangling-version=v0') } else { @() }
            rustc @flags -o $out (Join-Path $TestDrive 'r.rs')
            $LASTEXITCODE | Should -Be 0
            $names = @(Get-ElfSymbol -Path $out -Type Function | ForEach-Object DemangledName)
            $names | Should -Contain 'r::main'
            $names | Should -Contain $(if ($mangling -eq 'v0') { '<r::W<u8>>::show' } else { 'r::W<T>::show' })
        }
    }

    It 'completes -Name from demangled names' {
        $line = "Get-ElfSymbol -LiteralPath '$cpp' -Demangle -Name geo::Sq"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be "'geo::Square::area() const'"
        $line = "Get-ElfSymbol -LiteralPath '$cpp' -Name geo::Sq"
        $match = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $match.CompletionText | Should -Be '_ZNK3geo6Square4areaEv'
        $match.ListItemText | Should -Be 'geo::Square::area() const'
    }
}

Describe 'Symbol versions' {
    It 'names the versions of imports (@) and of default and hidden definitions (@@, @), as readelf does' {
        $getenv = Get-ElfSymbol -Path $pie -Dynamic -Name getenv
        $getenv.Version | Should -BeLike 'GLIBC_2.*'
        $getenv.VersionLibrary | Should -Be 'libc.so.6'
        $getenv.VersionedName | Should -Be "getenv@$($getenv.Version)"

        $ours = @(Get-ElfSymbol -LiteralPath $libcSo -Dynamic | ForEach-Object VersionedName | Sort-Object)
        $theirs = @(readelf --dyn-syms -W $libcSo | Where-Object { $_ -match '^\s+[1-9]\d*:' } |
                ForEach-Object { (($_ -split '\s+')[8]) -replace ' \(\d+\)$', '' } | Sort-Object)
        @($ours | Where-Object { $_ -like '*@@*' }).Count | Should -Be @($theirs | Where-Object { $_ -like '*@@*' }).Count
        @($ours | Where-Object { $_ -match '[^@]@[^@]' }).Count | Should -Be @($theirs | Where-Object { $_ -match '[^@]@[^@]' }).Count
        (Get-ElfSymbol -LiteralPath $libcSo -Dynamic -Name printf -Defined).VersionedName | Should -Be 'printf@@GLIBC_2.2.5'
    }

    It 'lists the versions a program needs, like readelf -V' {
        $needs = @(Get-ElfVersionRequirement -Path $pie)
        $theirs = @(readelf -VW $pie | Select-String '^\s+0x[0-9a-f]+:\s+Name: (\S+)\s+Flags: (\S+)\s+Version: (\d+)' |
                ForEach-Object { $_.Matches[0].Groups[1].Value })
        @($needs.Version | Sort-Object) | Should -Be @($theirs | Sort-Object)
        $needs | ForEach-Object { $_.Library | Should -Be 'libc.so.6' }
        @(Get-ElfVersionRequirement -Path $pie -Library 'libnothing*').Count | Should -Be 0
    }

    It 'lists the versions a library defines, base version first' {
        $defs = @(Get-ElfVersionDefinition -LiteralPath $libcSo)
        $defs[0].IsBase | Should -BeTrue
        $defs[0].Version | Should -Be 'libc.so.6'
        $theirs = @(readelf -VW $libcSo | Select-String '^\s+(0x)?[0-9a-f]+: Rev: 1\s+Flags:')
        $defs.Count | Should -Be $theirs.Count
        ($defs | Where-Object Version -EQ 'GLIBC_2.2.6').Parents | Should -Be 'GLIBC_2.2.5'
    }
}

Describe 'Headers, notes, strings and section bytes' {
    It 'reads the ELF header like readelf -h' {
        $h = Get-ElfHeader -Path $pie
        $h.Class | Should -Be 64
        $h.Machine | Should -Be 'X86_64'
        $h.Type | Should -Be 'SharedObject'
        $entry = (readelf -hW $pie | Select-String 'Entry point address:\s+0x([0-9a-f]+)').Matches[0].Groups[1].Value
        $h.Entry | Should -Be ([Convert]::ToUInt64($entry, 16))
        $h.SectionHeaderCount | Should -Be @(Get-ElfSection -Path $pie).Count
        (Get-ElfHeader -Path $obj).Type | Should -Be 'Relocatable'
    }

    It 'decodes the build-id, ABI tag and GNU properties notes' {
        $notes = @(Get-ElfNote -Path $pie)
        $id = ($notes | Where-Object TypeName -EQ 'NT_GNU_BUILD_ID').Text
        $id | Should -Be ((readelf -nW $pie | Select-String 'Build ID: ([0-9a-f]+)').Matches[0].Groups[1].Value)
        ($notes | Where-Object TypeName -EQ 'NT_GNU_ABI_TAG').Text | Should -Match '^Linux \d+\.\d+\.\d+$'
        @(Get-ElfNote -Path $pie -Type '*BUILD_ID').Count | Should -Be 1
        # The stripped file keeps its notes too.
        (Get-ElfNote -Path $stripped -Type NT_GNU_BUILD_ID).Text | Should -Be $id
    }

    It 'lists the strings of a section like readelf -p' {
        $comment = @(Get-ElfString -Path $pie -Section .comment)
        $comment.Text | Should -Contain ((readelf -p .comment $pie | Select-String '\]\s+(GCC: .*)$').Matches[0].Groups[1].Value)
        (Get-ElfString -Path $obj -Section .rodata | Where-Object Text -Like 'hello*').Offset | Should -BeOfType ([UInt64])
        Get-ElfString -Path $obj -Section .nosuch -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SectionNotFound,*'
    }

    It 'gives the bytes of a section as rows and as -Raw, equal to the file''s' {
        $interp = Get-ElfSection -Path $pie -Name .interp
        $raw = Get-ElfSectionData -Path $pie -Section .interp -Raw
        $raw.GetType() | Should -Be ([byte[]])
        $file = [IO.File]::ReadAllBytes($pie)
        [Linq.Enumerable]::SequenceEqual($raw, [byte[]]$file[$interp.Offset..($interp.Offset + $interp.Size - 1)]) | Should -BeTrue
        $rows = @(Get-ElfSectionData -Path $pie -Section .interp)
        $rows.Count | Should -Be ([Math]::Ceiling($interp.Size / 16))
        $rows[0].Address | Should -Be $interp.Address
        $rows[0].Text | Should -BeLike '/lib64/ld-linu*'
        ($rows | Out-String -Width 120) | Should -Match '2f6c6962 36342f6c'
    }
}

Describe 'Disassembly' {
    It 'disassembles a function of an object with Iced, naming the relocations that patch it' {
        $code = @(Get-ElfDisassembly -Path $obj -Symbol main)
        $objdump = @(objdump -d --no-show-raw-insn $obj | Select-String '^\s+[0-9a-f]+:\s' )
        $helperCount = @(Get-ElfDisassembly -Path $obj -Symbol helper).Count
        $code.Count + $helperCount | Should -Be $objdump.Count
        $code[-1].Mnemonic | Should -Be 'ret'
        ($code | Where-Object Mnemonic -EQ 'call').Relocation | Should -Contain 'R_X86_64_PLT32 printf-0x4'
        $code[0].Address | Should -BeOfType ([UInt64])
    }

    It 'names branch targets in a linked file and reads an address range' {
        $main = @(Get-ElfDisassembly -Path $pie -Symbol main)
        ($main | Where-Object Mnemonic -EQ 'call').TargetSymbol | Should -Contain 'helper'
        $range = @(Get-ElfDisassembly -Path $pie -Address $main[0].Address -Length 4 -Syntax Intel)
        $range[0].Text | Should -Be $( (Get-ElfDisassembly -Path $pie -Symbol main -Syntax Intel)[0].Text )
        { Get-ElfDisassembly -Path $pie } | Should -Throw -ErrorId 'NothingToDisassemble,*'
    }
}

Describe 'Stripped binaries and other machines' {
    It 'lists the dynamic symbols of a stripped binary, with a warning that says so' {
        $symbols = @(Get-ElfSymbol -Path $stripped -WarningVariable warned -WarningAction SilentlyContinue)
        $warned[0] | Should -Match 'stripped.*-Dynamic'
        $symbols.Count | Should -Be @(readelf --dyn-syms -W $stripped | Where-Object { $_ -match '^\s+[1-9]\d*:' }).Count
        ($symbols | Where-Object Name -EQ 'getenv').VersionLibrary | Should -Be 'libc.so.6'
    }

    It 'reads AArch64 and RISC-V objects as readelf does, naming relocations for their machine; a link takes the AArch64 one and refuses the RISC-V one' {
        if (-not (Get-Command clang -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'clang (which cross-compiles the objects) is not installed'; return }
        Set-Content -LiteralPath (Join-Path $TestDrive 'cross.c') -Value 'extern int g(int); int counter; int f(int x) { return g(x) + counter; }'
        foreach ($m in @{ Target = 'aarch64-linux-gnu'; Enum = 'AArch64'; Call = 'R_AARCH64_CALL26'; Linkable = $true },
            @{ Target = 'riscv64-linux-gnu'; Enum = 'RiscV'; Call = 'R_RISCV_CALL_PLT'; Linkable = $false }) {
            $path = Join-Path $TestDrive "$($m.Target).o"
            clang "--target=$($m.Target)" -c -O1 -o $path (Join-Path $TestDrive 'cross.c')
            $LASTEXITCODE | Should -Be 0
            (Get-ElfHeader -Path $path).Machine | Should -Be $m.Enum
            @(Get-ElfSection -Path $path).Count | Should -Be (Get-ReadelfSectionCount $path)
            @(Get-SymbolName $path) | Should -Be @(Get-ReadelfSymbolName $path)
            # Types by their own psABI's names (R_RISCV_CALL_PLT is 19, which on x86-64 would read R_X86_64_TLSGD).
            $relocations = @(Get-ElfRelocation -Path $path)
            @($relocations.TypeName) | Should -Be @(Get-ReadelfRelocation $path | ForEach-Object Type)
            @($relocations.Offset) | Should -Be @(Get-ReadelfRelocation $path | ForEach-Object Offset)
            $relocations.TypeName | Should -Contain $m.Call
            $relocations | ForEach-Object { $_.Type | Should -BeNullOrEmpty }
            ($relocations | Out-String -Width 120) | Should -Match ([regex]::Escape($m.Call))
            # -Type takes x86-64 types: another machine's file lists nothing under it, and says why.
            @(Get-ElfRelocation -Path $path -Type R_X86_64_PLT32 -WarningVariable warned -WarningAction SilentlyContinue).Count | Should -Be 0
            $warned[0] | Should -Match "is $($m.Enum), not x86-64.*TypeName"
            $read = Read-ElfObject -Path $path -ErrorVariable errs -ErrorAction SilentlyContinue
            if ($m.Linkable) {
                # Wild links AArch64: the object is read for a link like an x86-64 one.
                $errs.Count | Should -Be 0
                $read | Should -Not -BeNullOrEmpty
            }
            else {
                $errs[0].FullyQualifiedErrorId | Should -BeLike 'WrongMachine,*'
            }
        }
    }

    It 'names another machine''s own section types for it, not by x86-64''s (32-bit Arm''s exception index is 0x70000001 too)' {
        if (-not (Get-Command clang -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'clang (which cross-compiles the objects) is not installed'; return }
        Set-Content -LiteralPath (Join-Path $TestDrive 'cross-arm.c') -Value 'extern int g(int); int counter; int f(int x) { return g(x) + counter; }'
        $arm = Join-Path $TestDrive 'arm.o'
        $riscv = Join-Path $TestDrive 'riscv.o'
        clang --target=arm-linux-gnueabihf -c -O1 -o $arm (Join-Path $TestDrive 'cross-arm.c')
        clang --target=riscv64-linux-gnu -c -O1 -o $riscv (Join-Path $TestDrive 'cross-arm.c')
        $LASTEXITCODE | Should -Be 0
        $exidx = Get-ElfSection -Path $arm -Name .ARM.exidx
        $exidx.TypeName | Should -Be 'ArmExidx'
        $exidx.Type | Should -BeNullOrEmpty
        $exidx.TypeNumber | Should -Be 0x70000001
        (Get-ElfSection -Path $arm -Name .ARM.attributes).TypeName | Should -Be 'ArmAttributes'
        @(Get-ElfSection -Path $arm -Type X86_64Unwind).Count | Should -Be 0
        (Get-ElfSection -Path $arm | Out-String -Width 120) | Should -Not -Match 'X86_64'
        (Get-ElfSection -Path $riscv -Name .riscv.attributes).TypeName | Should -Be 'RiscVAttributes'
        # Its relocations are SHT_REL, without addends; Wild has no Arm names, so they show their numbers, as readelf's numbers.
        $relocations = @(Get-ElfRelocation -Path $arm)
        @($relocations.TypeNumber) | Should -Be @(readelf -rW $arm | Select-String '^[0-9a-f]{8}\s+([0-9a-f]+)\s+R_' | ForEach-Object { [Convert]::ToUInt32($_.Matches[0].Groups[1].Value, 16) -band 0xff })
        $relocations | ForEach-Object { $_.TypeName | Should -Be "$($_.TypeNumber)"; $_.Addend | Should -BeNullOrEmpty }
        # An x86-64 file keeps the enum for the same number.
        Set-Content -LiteralPath (Join-Path $TestDrive 'unwind.s') -Value '.section .eh_frame,"a",@unwind', '.long 0'
        as -o (Join-Path $TestDrive 'unwind.o') (Join-Path $TestDrive 'unwind.s')
        (Get-ElfSection -Path (Join-Path $TestDrive 'unwind.o') -Name .eh_frame).Type | Should -Be 'X86_64Unwind'
    }

    It 'reads the segments, dynamic entries and differences of a linked file of another machine' {
        $b = [IO.File]::ReadAllBytes($pie)
        [BitConverter]::GetBytes([uint16]183).CopyTo($b, 18)
        $other = Join-Path $TestDrive 'hello-aarch64'
        [IO.File]::WriteAllBytes($other, $b)
        @(Get-ElfSegment -Path $other).Type | Should -Be @(Get-ElfSegment -Path $pie).Type
        (Get-ElfDynamicEntry -Path $other -Tag Needed).Text | Should -Contain 'libc.so.6'
        $machine = Compare-ElfImage -ReferencePath $pie -DifferencePath $other -Kind Header
        $machine.Property | Should -Be 'Machine'
        "$($machine.Difference)" | Should -Be 'AArch64'
        (Measure-ElfImage -Path $other | Measure-Object -Property FileSize -Sum).Sum | Should -Be (Get-Item -LiteralPath $other).Length
    }

    It 'reads i386 (ELF32) objects, executables and shared objects as readelf does, and a link still refuses them' {
        Set-Content -LiteralPath (Join-Path $TestDrive 'x86.s') -Value '.text', '.globl _start', '_start: movl $1, %eax', ' call helper', ' int $0x80',
            '.globl helper', '.type helper, @function', 'helper: movl value, %eax', ' ret', '.size helper, .-helper', '.data', '.globl value', 'value: .long 7'
        Set-Content -LiteralPath (Join-Path $TestDrive 'lib32.s') -Value '.text', '.globl f', '.type f, @function', 'f: call g@PLT', ' ret', '.size f, .-f'
        Set-Content -LiteralPath (Join-Path $TestDrive 'lib32.map') -Value 'V1 { global: f; local: *; };'
        $o = Join-Path $TestDrive 'x86.o'
        $exe = Join-Path $TestDrive 'x86'
        $so = Join-Path $TestDrive 'libx.so'
        as --32 -o $o (Join-Path $TestDrive 'x86.s')
        as --32 -o (Join-Path $TestDrive 'lib32.o') (Join-Path $TestDrive 'lib32.s')
        ld -m elf_i386 -o $exe $o
        ld -m elf_i386 -shared -soname libx.so.1 --version-script (Join-Path $TestDrive 'lib32.map') -o $so (Join-Path $TestDrive 'lib32.o')
        $LASTEXITCODE | Should -Be 0

        $h = Get-ElfHeader -Path $o
        $h.Class | Should -Be 32
        $h.Machine | Should -Be 'I386'
        $h.SectionHeaderCount | Should -Be (Get-ReadelfSectionCount $o)
        foreach ($file in $o, $exe, $so) {
            $sections = @(Get-ElfSection -Path $file | Select-Object -Skip 1)
            $theirs = @(Get-ReadelfSection $file)
            @($sections.Name) | Should -Be @($theirs.Name)
            @($sections.Offset) | Should -Be @($theirs.Offset)
            @($sections.Size) | Should -Be @($theirs.Size)
            @(Get-SymbolName $file) | Should -Be @(Get-ReadelfSymbolName $file)
        }
        (Get-ElfSymbol -Path $exe -Name value).Value | Should -Be ([Convert]::ToUInt64((Get-ReadelfSymbol $exe | Where-Object Name -EQ value).Value, 16))

        # SHT_REL entries: i386's names, no addend (it is in the patched bytes), and the x86-64 Type left empty.
        $relocations = @(Get-ElfRelocation -Path $o)
        @($relocations.TypeName) | Should -Be @(Get-ReadelfRelocation $o | ForEach-Object Type)
        @($relocations.Offset) | Should -Be @(Get-ReadelfRelocation $o | ForEach-Object Offset)
        $relocations.RelocationSection | Sort-Object -Unique | Should -Be '.rel.text'
        $relocations | ForEach-Object { $_.Addend | Should -BeNullOrEmpty; $_.Type | Should -BeNullOrEmpty }
        (Get-ElfRelocation -Path $so | Where-Object Symbol -EQ 'g').TypeName | Should -Be 'R_386_JUMP_SLOT'

        $segments = @(Get-ElfSegment -Path $exe)
        @($segments.Offset) | Should -Be @(readelf -lW $exe | Select-String '^\s+LOAD\s+0x([0-9a-f]+)' | ForEach-Object { [Convert]::ToUInt64($_.Matches[0].Groups[1].Value, 16) })
        ($segments | Where-Object Type -EQ Load).Flags | Should -Contain 'Read, Execute'
        (Get-ElfDynamicEntry -Path $so -Tag SoName).Text | Should -Be 'libx.so.1'
        $versions = @(Get-ElfVersionDefinition -Path $so)
        @($versions.Version) | Should -Be 'libx.so.1', 'V1'
        (Get-ElfSymbol -Path $so -Dynamic -Name f).VersionedName | Should -Be 'f@@V1'

        # 32-bit code is decoded as such, and the call in an object names its relocation.
        @(Get-ElfDisassembly -Path $exe -Symbol helper).Mnemonic | Should -Be 'mov', 'ret'
        $entry = (Get-ElfHeader -Path $exe).Entry
        (Get-ElfDisassembly -Path $exe -Address $entry -Length 5).Text | Should -Be 'mov $0x1,%eax'
        (Get-ElfDisassembly -Path $o -Address 5 -Length 5).Relocation | Should -Be 'R_386_PC32 helper'

        Read-ElfObject -Path $o -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'WrongMachine,*'
    }

    It 'names a big-endian file''s refusal UnsupportedElfClass and points at Get-ElfHeader' {
        $b = [IO.File]::ReadAllBytes($obj)
        $b[5] = 2
        $path = Join-Path $TestDrive 'big-endian.o'
        [IO.File]::WriteAllBytes($path, $b)
        (Get-ElfHeader -Path $path).Class | Should -Be 64
        Get-ElfSymbol -Path $path -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'UnsupportedElfClass,*'
        $errs[0].Exception.Message | Should -Match 'big-endian.*Get-ElfHeader'
    }
}

Describe 'Compare-ElfImage: contents, local symbols and names' {
    BeforeAll {
        function New-Program([string] $Name, [string] $Text, [string[]] $Order = @('a', 'b')) {
            Set-Content -LiteralPath (Join-Path $TestDrive "$Name-main.c") -Value '#include <stdio.h>', 'int fa(void); int fb(void);',
                "int main(void) { puts(`"$Text`"); return fa() + fb(); }"
            $objects = @(gcc -c -o (Join-Path $TestDrive "$Name-main.o") (Join-Path $TestDrive "$Name-main.c"); Join-Path $TestDrive "$Name-main.o")
            foreach ($o in $Order) { $objects += Join-Path $TestDrive "$o.o" }
            $out = Join-Path $TestDrive $Name
            gcc -o $out @objects
            $out
        }
        # Two files with a local `counter` each, of different sizes, so pairing by position would report a Size difference.
        Set-Content -LiteralPath (Join-Path $TestDrive 'a.c') -Value 'static int counter[4];', 'int fa(void) { return counter[1]++; }'
        Set-Content -LiteralPath (Join-Path $TestDrive 'b.c') -Value 'static char counter;', 'int fb(void) { return counter++; }'
        gcc -c -o (Join-Path $TestDrive 'a.o') (Join-Path $TestDrive 'a.c')
        gcc -c -o (Join-Path $TestDrive 'b.o') (Join-Path $TestDrive 'b.c')
    }

    It 'reports two binaries that differ only in a string as a Content difference of the section holding it' {
        $one = New-Program 'text1' 'hello'
        $two = New-Program 'text2' 'hellp'
        $diff = @(Compare-ElfImage -ReferencePath $one -DifferencePath $two)
        $content = @($diff | Where-Object Property -EQ 'Content')
        $content.Name | Should -Contain '.rodata'
        $rodata = $content | Where-Object Name -EQ '.rodata'
        $rodata.Reference | Should -Match '^\+0x[0-9a-f]+: .*6f.* \(1 bytes differ\)$'
        $rodata.Difference | Should -Match '70'
        @($diff | Where-Object Property -NE 'Content').Count | Should -Be 0
    }

    It 'pairs same-named local symbols by file and section, not by position' {
        $ab = New-Program 'order-ab' 'same' -Order a, b
        $ba = New-Program 'order-ba' 'same' -Order b, a
        $symbols = @(Compare-ElfImage -ReferencePath $ab -DifferencePath $ba -Kind Symbol | Where-Object Name -Like 'counter*')
        $symbols | Where-Object Property -In 'Size', 'Present', 'Section' | Should -BeNullOrEmpty
        $symbols.Count | Should -BeGreaterThan 0
        $symbols.Name | ForEach-Object { $_ | Should -Match '^counter \([ab]\.c, \.bss\)$' }
    }

    It 'shows kinds, flags and keys by the enum names the other cmdlets use' {
        $static = Join-Path $TestDrive 'kind-static'
        Set-Content -LiteralPath (Join-Path $TestDrive 'm.c') -Value 'int fa(void); int fb(void); int main(void) { return fa() + fb(); }'
        gcc -static -o $static (Join-Path $TestDrive 'm.c') (Join-Path $TestDrive 'a.o') (Join-Path $TestDrive 'b.o')
        $pie = New-Program 'kind-pie' 'x'
        $type = Compare-ElfImage -ReferencePath $static -DifferencePath $pie -Kind Header -Property Type
        $type.Reference | Should -Be ([Wild.PowerShell.ElfFileType]::Executable)
        $type.Difference | Should -BeOfType ([Wild.PowerShell.ElfFileType])
        "$($type.Difference)" | Should -Be 'SharedObject'
        # Keys and values use the names the other cmdlets use: Get-ElfSegment's Load, Get-ElfDynamicEntry's Needed.
        $diff = @(Compare-ElfImage -ReferencePath $static -DifferencePath $pie)
        $diff | Where-Object { $_.Kind -eq 'Segment' } | ForEach-Object { ($_.Name -split '#')[0] | Should -BeIn ([Enum]::GetNames([Wild.PowerShell.SegmentType])) }
        ($diff | Where-Object { $_.Kind -eq 'DynamicEntry' -and $_.Property -eq 'Present' }).Name | Should -Contain 'Needed libc.so.6'
        @($diff | Where-Object { $_.Kind -eq 'Section' -and $_.Property -eq 'Flags' -and $_.Reference -isnot [Wild.PowerShell.SectionFlags] }).Count | Should -Be 0
        ($diff | Out-String -Width 200) | Should -Match 'Header\s+ELF\s+Type\s+Executable\s+SharedObject'
    }
}

Describe 'Get-ElfLinkMap -Path: map files from disk' {
    It 'reads the map <Linker> writes: archive members, gc-removed sections and symbols at their addresses' -ForEach @(
        @{ Linker = 'GNU ld'; Flags = @() }
        @{ Linker = 'wild'; Flags = @('-B', "$(Join-Path $env:WILD_REPO_ROOT 'dist')/") }
    ) {
        $dir = Join-Path $TestDrive ($Linker -replace ' ', '')
        $null = New-Item -ItemType Directory -Path $dir -Force
        Set-Content -LiteralPath (Join-Path $dir 'lib1.c') -Value 'int f(void) { return 1; }', 'int unused(void) { return 2; }'
        Set-Content -LiteralPath (Join-Path $dir 'm.c') -Value 'int f(void);', 'int main(void) { return f(); }'
        gcc -c -ffunction-sections -o (Join-Path $dir 'lib1.o') (Join-Path $dir 'lib1.c')
        gcc -c -ffunction-sections -o (Join-Path $dir 'm.o') (Join-Path $dir 'm.c')
        ar rcs (Join-Path $dir 'libone.a') (Join-Path $dir 'lib1.o')
        $exe = Join-Path $dir 'prog'
        $map = Join-Path $dir 'prog.map'
        gcc @Flags -o $exe (Join-Path $dir 'm.o') "-L$dir" -lone "-Wl,-Map=$map,--gc-sections"
        $LASTEXITCODE | Should -Be 0

        $member = @(Get-ElfLinkMap -Path $map -Kind ArchiveMember)
        $member.Member | Should -Be 'lib1.o'
        $member.Symbol | Should -Be 'f'
        $member.ReferencedBy | Should -BeLike '*m.o'
        (Get-ElfLinkMap -Path $map -Discarded).InputSection | Should -Contain '.text.unused'
        $main = Get-ElfLinkMap -Path $map -Kind Symbol | Where-Object Name -EQ 'main'
        $main.Address | Should -Be (Get-ElfSymbol -Path $exe -Name main).Value
        (Get-ElfLinkMap -Path $map -Kind OutputSection).Name | Should -Contain '.text'
        (Get-ElfLinkMap -Path $map | Where-Object InputSection -EQ '.text.main').OutputSection | Should -Be '.text'
    }

    It 'refuses a file that is not a link map, by name' {
        Get-ElfLinkMap -Path $obj -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotElf,*'
        $errs[0].TargetObject | Should -Be $obj
    }
}

Describe 'Views' {
    It 'fits symbol tables in 120 columns, wrapping long C++ names instead of cutting them' {
        $text = Get-ElfSymbol -Path $cpp -Demangle | Out-String -Width 120
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
        $text | Should -Match 'int geo::twice<int>\(int\)'
    }

    It 'keeps an archive''s symbols in one table when they are sorted by name' {
        $text = Get-ElfSymbol -LiteralPath $libc -Name 'str*' -Defined | Sort-Object Name | Out-String -Width 120
        @([regex]::Matches($text, '(?m)^\s*File: ')).Count | Should -Be 1
        $text | Should -Match 'strlen'
    }

    It 'shows ElfInputFile, LinkSession and LinkResult as tables, not record dumps' {
        $input = Read-ElfObject -Path $obj
        ($input | Out-String -Width 120) | Should -Match 'Kind\s+Size\s+Sections\s+Symbols\s+Members\s+Path'
        $start = Join-Path $TestDrive 'start.s'
        Set-Content -LiteralPath $start -Value '.globl _start', '_start: mov $60, %eax', 'xor %edi, %edi', 'syscall'
        as -o (Join-Path $TestDrive 'start.o') $start
        $session = Read-ElfObject -Path (Join-Path $TestDrive 'start.o') | Resolve-ElfSymbol
        try {
            ($session | Out-String -Width 120) | Should -Match 'Kind\s+Inputs\s+LoadedObjects\s+GlobalNames\s+ResolveMs\s+Disposed'
            $result = $session | Write-ElfExecutable -Path (Join-Path $TestDrive 'bare') -PassThru
            ($result | Out-String -Width 120) | Should -Match 'Kind\s+FileSize\s+Entry\s+LinkMs\s+OutputPath'
            ($result | Out-String -Width 120) | Should -Not -Match 'LinkMap\s+:'
        }
        finally { $session.Dispose() }
    }
}
