# The inspection cmdlets (Get-ElfSymbol, Get-ElfSection, Get-ElfRelocation, Get-ElfSegment,
# Get-ElfDynamicEntry) on gcc output, libc.a, /bin/ls and a Wild-linked program, with counts checked
# against readelf and nm. build/Invoke-ModuleTests.ps1 has imported dist/Wild/Wild.psd1.

BeforeAll {
    $script:libc = [IO.Path]::GetFullPath((gcc '-print-file-name=libc.a'))

    Set-Content -LiteralPath (Join-Path $TestDrive 'main.c') -Value @'
#include <stdio.h>
int counter = 1;
static volatile int hidden = 2;
extern int twice(int);
__attribute__((weak)) int maybe(void);
int main(void) { printf("%d\n", twice(counter + hidden) + (maybe ? maybe() : 0)); return 0; }
'@
    Set-Content -LiteralPath (Join-Path $TestDrive 'twice.c') -Value 'int table[64]; int twice(int x) { return 2 * x + table[0]; }'
    Set-Content -LiteralPath (Join-Path $TestDrive 'start.s') -Value @'
    .globl _start
    .text
_start:
    mov $60, %eax
    xor %edi, %edi
    syscall
'@
    Set-Content -LiteralPath (Join-Path $TestDrive 'notelf.o') -Value 'this is not an object file'

    $script:main = Join-Path $TestDrive 'main.o'
    $script:twice = Join-Path $TestDrive 'twice.o'
    $script:start = Join-Path $TestDrive 'start.o'
    $script:archive = Join-Path $TestDrive 'libtwice.a'
    $script:pie = Join-Path $TestDrive 'prog-pie'
    $script:static = Join-Path $TestDrive 'prog-static'
    $script:shared = Join-Path $TestDrive 'libtwice.so'
    $script:bracketed = Join-Path $TestDrive 'odd[1].o'
    $script:notElf = Join-Path $TestDrive 'notelf.o'
    $script:missing = Join-Path $TestDrive 'missing.o'

    foreach ($c in 'main', 'twice') {
        gcc -c -O0 -o (Join-Path $TestDrive "$c.o") (Join-Path $TestDrive "$c.c")
        if ($LASTEXITCODE -ne 0) { throw "gcc failed on $c.c" }
    }
    as -o $start (Join-Path $TestDrive 'start.s')
    ar rcs $archive $main $twice
    gcc -o $pie $main $twice
    gcc -static -o $static $main $twice
    gcc -shared -fPIC -o $shared (Join-Path $TestDrive 'twice.c')
    Copy-Item -LiteralPath $twice -Destination $bracketed
    if ($LASTEXITCODE -ne 0) { throw 'building the test inputs failed' }

    # Counts from binutils, so the tests fail if we read a different number of entries than they do.
    function Get-ReadelfSymbolCount([string] $Path, [switch] $Dynamic) {
        $option = if ($Dynamic) { '--dyn-syms' } else { '--syms' }
        # Every table entry but the null one at index 0.
        @(readelf $option -W $Path | Where-Object { $_ -match '^\s+[1-9]\d*:' }).Count
    }
    function Get-NmSymbols([string] $Path) {
        # "value code name" lines (undefined ones have blanks for the value); headers and blank lines are not symbols.
        nm $Path 2>$null | Where-Object { $_ -match '^[0-9a-f ]{16} \S \S' }
    }
    function Get-ReadelfRelocationCount([string] $Path) {
        @(readelf -rW $Path | Where-Object { $_ -match '^[0-9a-f]{16}\s+[0-9a-f]{16}\s+R_' }).Count
    }
}

Describe 'Get-ElfSymbol' {
    It 'lists every .symtab entry but the null one, like readelf -s' {
        $symbols = @(Get-ElfSymbol -Path $main)
        $symbols.Count | Should -Be (Get-ReadelfSymbolCount $main)
        $symbols[0].Index | Should -Be 1
        $symbols[0] | Should -BeOfType ([Wild.PowerShell.ElfSymbol])
    }

    It 'keeps numbers and kinds typed' {
        $m = Get-ElfSymbol -Path $main -Name main
        $m.Value | Should -BeOfType ([UInt64])
        $m.Size | Should -BeOfType ([UInt64])
        $m.Size | Should -BeGreaterThan 0
        $m.Type | Should -Be ([Wild.PowerShell.SymbolType]::Function)
        $m.Binding | Should -Be ([Wild.PowerShell.SymbolBinding]::Global)
        $m.Visibility | Should -Be ([Wild.PowerShell.SymbolVisibility]::Default)
        $m.Section | Should -Be '.text'
        $m.File | Should -Be $main
        $m.Member | Should -BeNullOrEmpty
        $m.IsDefined | Should -BeTrue
    }

    It 'gives each symbol the letter nm gives it' {
        $ours = @{}
        Get-ElfSymbol -Path $main | Where-Object Type -NotIn 'Section', 'File' | ForEach-Object { $ours[$_.Name] = "$($_.NmCode)" }
        $theirs = @(Get-NmSymbols $main)
        $theirs.Count | Should -Be $ours.Count
        foreach ($line in $theirs) {
            $code, $name = $line.Substring(17) -split ' ', 2
            $ours[$name] | Should -BeExactly $code -Because "nm says $line"
        }
    }

    It 'filters by -Name wildcards, -Type and -Binding' {
        @(Get-ElfSymbol -Path $main -Name 'm*', 'tw?ce').Name | Sort-Object | Should -Be @('main', 'main.c', 'maybe', 'twice')
        @(Get-ElfSymbol -Path $main -Type Object).Name | Sort-Object | Should -Be @('counter', 'hidden')
        @(Get-ElfSymbol -Path $main -Binding Weak).Name | Should -Be 'maybe'
        @(Get-ElfSymbol -Path $main -Type Object -Binding Local).Name | Should -Be 'hidden'
    }

    It 'splits defined from undefined symbols' {
        $undefined = @(Get-ElfSymbol -Path $main -Undefined)
        $undefined.Name | Should -Contain 'maybe'
        $undefined.Name | Should -Contain 'printf'
        $undefined.Count | Should -Be @(nm -u $main).Count
        $undefined | ForEach-Object { $_.Section | Should -Be 'UND' }
        $defined = @(Get-ElfSymbol -Path $main -Defined)
        $defined.Count + $undefined.Count | Should -Be (Get-ReadelfSymbolCount $main)
        $defined.Name | Should -Not -Contain 'printf'
    }

    It 'refuses -Defined together with -Undefined' {
        { Get-ElfSymbol -Path $main -Defined -Undefined } | Should -Throw -ErrorId 'DefinedAndUndefined*'
    }

    It 'reads .dynsym with -Dynamic, with versions from .gnu.version' {
        $dynamic = @(Get-ElfSymbol -Path $pie -Dynamic)
        $dynamic.Count | Should -Be (Get-ReadelfSymbolCount $pie -Dynamic)
        $printf = $dynamic | Where-Object Name -EQ 'printf'
        $printf.IsDefined | Should -BeFalse
        $dynamic.Name | Should -Not -Contain 'main'
        (Get-ElfSymbol -Path $pie -Name main).Type | Should -Be 'Function'

        $libcSo = (gcc '-print-file-name=libc.so.6')
        $versioned = Get-ElfSymbol -LiteralPath $libcSo -Dynamic -Name printf -Defined
        $versioned.Version | Should -BeLike 'GLIBC_2.*'
    }

    It 'reads executables and shared objects as well as objects' {
        @(Get-ElfSymbol -Path $static).Count | Should -Be (Get-ReadelfSymbolCount $static)
        @(Get-ElfSymbol -Path $shared -Name twice -Defined).Count | Should -Be 1
        @(Get-ElfSymbol -Path $shared -Dynamic).Count | Should -Be (Get-ReadelfSymbolCount $shared -Dynamic)
    }

    It 'carries the archive member of each symbol' {
        $symbols = @(Get-ElfSymbol -Path $archive -Name twice -Defined)
        $symbols.Count | Should -Be 1
        $symbols[0].Member | Should -Be 'twice.o'
        $symbols[0].File | Should -Be $archive
    }

    It 'lists libc.a from Read-ElfObject with the member defining each symbol, and as many symbols as nm' {
        $printf = @(Read-ElfObject -LiteralPath $libc | Get-ElfSymbol -Name 'printf' -Defined)
        $printf.Count | Should -Be 1
        $printf[0].Member | Should -Be 'printf.o'
        $printf[0].File | Should -Be $libc

        $all = @(Get-ElfSymbol -LiteralPath $libc | Where-Object Type -NotIn 'Section', 'File')
        $all.Count | Should -Be @(Get-NmSymbols $libc).Count
        @($all | Select-Object -ExpandProperty Member -Unique).Count | Should -BeGreaterThan 1000
    }

    It 'expands -Path wildcards and takes -LiteralPath as written' {
        @(Get-ElfSymbol -Path (Join-Path $TestDrive 'm*.o') -Name main).File | Should -Be $main
        @(Get-ElfSymbol -LiteralPath $bracketed -Name twice).File | Should -Be $bracketed
    }

    It 'binds Get-ChildItem output by property name' {
        $files = @(Get-ChildItem -LiteralPath $TestDrive -Filter '*.o' | Where-Object Name -NE 'notelf.o' |
            Get-ElfSymbol -Name twice -Defined | Select-Object -ExpandProperty File)
        $files | Should -Contain $twice
        $files | Should -Contain $bracketed
    }

    It 'takes Read-ElfObject output and path strings from the pipeline' {
        (Read-ElfObject -Path $main | Get-ElfSymbol -Name main).File | Should -Be $main
        ($main | Get-ElfSymbol -Name main).File | Should -Be $main
    }

    It 'takes Write-ElfExecutable -PassThru output by its OutputPath' {
        $exe = Join-Path $TestDrive 'bare'
        $result = Read-ElfObject -Path $start | Resolve-ElfSymbol | Write-ElfExecutable -Path $exe -PassThru
        $entry = $result | Get-ElfSymbol -Name _start
        $entry.File | Should -Be $exe
        $entry.Value | Should -Be $result.EntryAddress
    }

    It 'reports a missing file as ObjectNotFound and a non-ELF file as InvalidData, and goes on' {
        $out = Get-ElfSymbol -Path $notElf, $missing, $main -Name main -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $errs.Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotElf,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].TargetObject | Should -Be $notElf
        $errs[1].FullyQualifiedErrorId | Should -BeLike 'InputNotFound,*'
        $errs[1].CategoryInfo.Category | Should -Be 'ObjectNotFound'

        Get-ElfSymbol -LiteralPath $missing -ErrorVariable literalErrs -ErrorAction SilentlyContinue
        $literalErrs[0].FullyQualifiedErrorId | Should -BeLike 'InputNotFound,*'
        $literalErrs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $literalErrs[0].TargetObject | Should -Be $missing
    }

    It 'completes -Name from the file on the command line, bounded' {
        $line = "Get-ElfSymbol -LiteralPath '$main' -Name ma"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Be @('main', 'maybe')

        $line = "Get-ElfSymbol -Path '$libc' -Name "
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).Count | Should -Be 100
    }

    It 'completes enum parameters by themselves' {
        $line = "Get-ElfSymbol -Path '$main' -Type Fun"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'Function'
        $line = "Get-ElfSymbol -Path '$main' -Binding W"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'Weak'
    }

    It 'shows Value in hex in the default view only' {
        $view = Get-ElfSymbol -Path $main -Name main | Out-String -Width 120
        $view | Should -Match '0x0000000000000000\s+\d+ Function Global\s+\.text\s+main'
        $view | Should -Match ([regex]::Escape("File: $main"))
    }
}

Describe 'Get-ElfSection' {
    It 'lists every section header, like readelf -S' {
        $sections = @(Get-ElfSection -Path $main)
        $expected = [int]((readelf -hW $main | Select-String 'Number of section headers:\s+(\d+)').Matches[0].Groups[1].Value)
        $sections.Count | Should -Be $expected
        $sections[0].Type | Should -Be ([Wild.PowerShell.SectionType]::Null)
        $text = $sections | Where-Object Name -EQ '.text'
        $text.Type | Should -Be 'ProgBits'
        $text.Flags | Should -Be ([Wild.PowerShell.SectionFlags]'Alloc, Execute')
        $text.FlagLetters | Should -Be 'AX'
        $text.Size | Should -BeOfType ([UInt64])
    }

    It 'agrees with readelf on names, sizes and flag letters' {
        $ours = @(Get-ElfSection -Path $pie | Select-Object -Skip 1)
        $theirs = @(readelf -SW $pie | Where-Object { $_ -match '^\s+\[\s*[1-9]\d*\]' })
        $theirs.Count | Should -Be $ours.Count
        for ($i = 0; $i -lt $ours.Count; $i++) {
            # [Nr] Name Type Address Off Size ES Flg Lk Inf Al (Flg may be empty)
            $fields = ($theirs[$i] -replace '^\s+\[\s*\d+\]\s+', '') -split '\s+'
            $ours[$i].Name | Should -Be $fields[0]
            $ours[$i].Size | Should -Be ([Convert]::ToUInt64($fields[4], 16))
            $flags = if ($fields.Count -eq 10) { $fields[6] } else { '' }
            $ours[$i].FlagLetters | Should -Be $flags -Because $theirs[$i]
        }
    }

    It 'filters by -Name and -Type' {
        @(Get-ElfSection -Path $main -Name '.rela.*').Name | Should -Be @('.rela.text', '.rela.eh_frame')
        @(Get-ElfSection -Path $pie -Type Dynamic, DynSym).Name | Should -Be @('.dynsym', '.dynamic')
    }

    It 'takes archives, Read-ElfObject output and Get-ChildItem output' {
        $members = @(Get-ElfSection -Path $archive -Name '.text')
        $members.Member | Should -Be @('main.o', 'twice.o')
        (Read-ElfObject -Path $twice | Get-ElfSection -Name .bss).Size | Should -Be 256
        (Get-Item -LiteralPath $twice | Get-ElfSection -Name .bss).File | Should -Be $twice
    }

    It 'reports a non-ELF file as a non-terminating error' {
        $out = Get-ElfSection -LiteralPath $notElf, $main -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out | Select-Object -ExpandProperty File -Unique) | Should -Be @($main)
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotElf,*'
    }

    It 'shows addresses and sizes in hex in the default view' {
        Get-ElfSection -Path $main -Name .text | Out-String -Width 120 | Should -Match '\.text\s+ProgBits\s+0x0{16} 0x[0-9a-f]{6} 0x[0-9a-f]{6} AX'
    }
}

Describe 'Get-ElfRelocation' {
    It 'lists the relocations of an object with their symbols, like readelf -r' {
        $relocations = @(Get-ElfRelocation -Path $main)
        $relocations.Count | Should -Be (Get-ReadelfRelocationCount $main)
        $call = $relocations | Where-Object Symbol -EQ 'twice'
        $call.Type | Should -Be ([Wild.PowerShell.RelocationType]::R_X86_64_PLT32)
        $call.Section | Should -Be '.text'
        $call.RelocationSection | Should -Be '.rela.text'
        $call.Addend | Should -Be -4
        $call.Offset | Should -BeOfType ([UInt64])
    }

    It 'names section symbols by their section' {
        (Get-ElfRelocation -Path $main | Where-Object Section -EQ '.eh_frame').Symbol | Should -Contain '.text'
    }

    It 'reads dynamic relocations of a linked image against .dynsym' {
        $relocations = @(Get-ElfRelocation -Path $pie)
        $relocations.Count | Should -Be (Get-ReadelfRelocationCount $pie)
        $slot = $relocations | Where-Object Symbol -EQ 'printf'
        $slot.Type | Should -Be 'R_X86_64_JUMP_SLOT'
        $slot.RelocationSection | Should -Be '.rela.plt'
        @($relocations | Where-Object Type -EQ 'R_X86_64_RELATIVE').Count | Should -BeGreaterThan 0
    }

    It 'lists a packed .relr.dyn as the RELATIVE relocations it encodes, like readelf -r' {
        $packed = Join-Path $TestDrive 'prog-relr'
        gcc -o $packed $main $twice '-Wl,-z,pack-relative-relocs'
        if ($LASTEXITCODE -ne 0) { throw 'gcc -z pack-relative-relocs failed' }
        $relr = @(Get-ElfRelocation -Path $packed | Where-Object RelocationSection -EQ '.relr.dyn')
        # readelf lists each word .relr.dyn relocates on a line of its own: 16 hex digits and nothing else.
        $expected = @(readelf -rW $packed | Where-Object { $_ -match '^[0-9a-f]{16}$' } | ForEach-Object { [Convert]::ToUInt64($_, 16) })
        $expected.Count | Should -BeGreaterThan 0
        $relr.Offset | Should -Be $expected
        $relr[0].Type | Should -Be 'R_X86_64_RELATIVE'
        $relr[0].Addend | Should -BeNullOrEmpty
        $relr[0].Symbol | Should -BeNullOrEmpty
    }

    It 'filters by -Type and -Symbol' {
        @(Get-ElfRelocation -Path $main -Type R_X86_64_PLT32).Symbol | Sort-Object | Should -Be @('maybe', 'printf', 'twice')
        @(Get-ElfRelocation -Path $main -Symbol 'p*').Symbol | Should -Be 'printf'
    }

    It 'carries archive members and takes Read-ElfObject output' {
        $relocations = @(Read-ElfObject -Path $archive | Get-ElfRelocation -Symbol twice)
        $relocations.Member | Should -Be 'main.o'
        @(Get-ElfRelocation -LiteralPath $libc -Symbol malloc | Select-Object -ExpandProperty Member -Unique).Count | Should -BeGreaterThan 10
    }

    It 'reports a missing file as ObjectNotFound' {
        Get-ElfRelocation -LiteralPath $missing -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Get-ElfSegment' {
    It 'lists the program headers of a PIE, like readelf -l' {
        $segments = @(Get-ElfSegment -Path $pie)
        $expected = [int]((readelf -hW $pie | Select-String 'Number of program headers:\s+(\d+)').Matches[0].Groups[1].Value)
        $segments.Count | Should -Be $expected
        ($segments | Where-Object Type -EQ 'Interp').Interpreter | Should -Be '/lib64/ld-linux-x86-64.so.2'
        $code = $segments | Where-Object { $_.Type -eq 'Load' -and $_.Flags -band [Wild.PowerShell.SegmentFlags]::Execute }
        $code.Sections | Should -Contain '.text'
        $code.FlagLetters | Should -Be 'R E'
        $code.VirtualAddress | Should -BeOfType ([UInt64])
    }

    It 'maps sections to segments as readelf does' {
        $ours = @(Get-ElfSegment -Path $pie | ForEach-Object { ($_.Sections -join ' ') })
        $mapping = @(readelf -lW $pie | Where-Object { $_ -match '^\s+\d\d\s' } | ForEach-Object { ($_.Trim() -replace '^\d+\s*', '').Trim() -replace '\s+', ' ' })
        $mapping | Should -Be $ours
    }

    It 'reads /bin/ls and a static executable' {
        $ls = (Get-Command -Name ls -CommandType Application | Select-Object -First 1).Source
        $expected = [int]((readelf -hW $ls | Select-String 'Number of program headers:\s+(\d+)').Matches[0].Groups[1].Value)
        @(Get-ElfSegment -LiteralPath $ls).Count | Should -Be $expected
        @(Get-ElfSegment -Path $static -Type Load).Count | Should -Be @(readelf -lW $static | Where-Object { $_ -match '^\s+LOAD\s' }).Count
        @(Get-ElfSegment -Path $static -Type Interp).Count | Should -Be 0
    }

    It 'yields nothing for relocatable objects and archives' {
        @(Get-ElfSegment -Path $main).Count | Should -Be 0
        @(Get-ElfSegment -Path $archive).Count | Should -Be 0
    }

    It 'shows addresses in hex in the default view' {
        Get-ElfSegment -Path $pie -Type Interp | Out-String -Width 120 | Should -Match 'Interp\s+0x[0-9a-f]{6} 0x[0-9a-f]{16}'
    }

    It 'reports a non-ELF file as InvalidData' {
        Get-ElfSegment -Path $notElf -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }
}

Describe 'Get-ElfDynamicEntry' {
    It 'lists the dynamic section of a PIE, like readelf -d, decoding names and flags' {
        $entries = @(Get-ElfDynamicEntry -Path $pie)
        $readelf = @(readelf -dW $pie | Where-Object { $_ -match '^\s+0x[0-9a-f]+\s+\(' })
        # readelf also lists the DT_NULL terminator, which we leave out.
        $entries.Count | Should -Be ($readelf.Count - 1)
        ($entries | Where-Object Tag -EQ 'Needed').Text | Should -Be 'libc.so.6'
        ($entries | Where-Object Tag -EQ ([Wild.PowerShell.DynamicTag]::Flags1)).Text | Should -Match 'Pie'
        $entries[0].Value | Should -BeOfType ([UInt64])
    }

    It 'reads /bin/ls and a shared object, filtered by -Tag' {
        $ls = (Get-Command -Name ls -CommandType Application | Select-Object -First 1).Source
        $needed = @(Get-ElfDynamicEntry -LiteralPath $ls -Tag Needed).Text
        $needed | Should -Contain 'libc.so.6'
        $needed.Count | Should -Be @(readelf -dW $ls | Where-Object { $_ -match '\(NEEDED\)' }).Count
        @(Get-ElfDynamicEntry -Path $shared).Count | Should -Be (@(readelf -dW $shared | Where-Object { $_ -match '^\s+0x[0-9a-f]+\s+\(' }).Count - 1)
        @(Get-ElfDynamicEntry -Path $shared -Tag SymTab, StrTab).Tag | Should -Be @('StrTab', 'SymTab')
    }

    It 'yields nothing for a static executable or an object' {
        @(Get-ElfDynamicEntry -Path $static).Count | Should -Be 0
        @(Read-ElfObject -Path $main | Get-ElfDynamicEntry).Count | Should -Be 0
    }

    It 'takes Get-ChildItem output and reports a missing file' {
        (Get-Item -LiteralPath $pie | Get-ElfDynamicEntry -Tag Needed).Text | Should -Be 'libc.so.6'
        Get-ElfDynamicEntry -Path $missing -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'shows values in hex in the default view' {
        Get-ElfDynamicEntry -Path $pie -Tag Needed | Out-String -Width 120 | Should -Match 'Needed\s+0x[0-9a-f]+ libc\.so\.6'
    }
}

Describe 'Inspection cmdlet metadata' {
    It '<Name> declares its output type and the three input parameter sets' -TestCases @(
        @{ Name = 'Get-ElfSymbol'; Type = 'Wild.PowerShell.ElfSymbol' }
        @{ Name = 'Get-ElfSection'; Type = 'Wild.PowerShell.ElfSection' }
        @{ Name = 'Get-ElfRelocation'; Type = 'Wild.PowerShell.ElfRelocation' }
        @{ Name = 'Get-ElfSegment'; Type = 'Wild.PowerShell.ElfSegment' }
        @{ Name = 'Get-ElfDynamicEntry'; Type = 'Wild.PowerShell.ElfDynamicEntry' }
    ) {
        $command = Get-Command -Name $Name -Module Wild
        $command.OutputType.Name | Should -Be $Type
        $command.ParameterSets.Name | Sort-Object | Should -Be @('InputObject', 'LiteralPath', 'Path')
        $command.Parameters['LiteralPath'].Aliases | Should -Contain 'PSPath'
    }
}

BeforeDiscovery {
    # Help pages and their examples, collected at discovery so each example is its own test.
    $root = if ($env:WILD_REPO_ROOT) { $env:WILD_REPO_ROOT } else { Split-Path -Parent (Split-Path -Parent $PSScriptRoot) }
    $docs = Join-Path $root 'docs'
    $script:inspectionPages = @(foreach ($name in 'Get-ElfSymbol', 'Get-ElfSection', 'Get-ElfRelocation', 'Get-ElfSegment', 'Get-ElfDynamicEntry') {
            @{ Name = $name; Page = Join-Path $docs "$name.md" }
        })
    $script:helpExamples = @(foreach ($page in $inspectionPages) {
            $text = if (Test-Path -LiteralPath $page.Page) { Get-Content -Raw -LiteralPath $page.Page } else { '' }
            foreach ($m in [regex]::Matches($text, '(?ms)^### (Example \d+: [^\r\n]+)\r?\n```powershell\r?\n(.*?)^```')) {
                @{ Name = $page.Name; Title = $m.Groups[1].Value; Code = $m.Groups[2].Value }
            }
        })
}

Describe 'Inspection help pages' {
    It '<Name> has a page in the PlatyPS schema that documents every parameter' -TestCases $inspectionPages {
        $Page | Should -Exist
        $text = Get-Content -Raw -LiteralPath $Page
        $text | Should -Match '(?s)^---\r?\nexternal help file: Wild\.PowerShell\.dll-Help\.xml\r?\nModule Name: Wild\r?\nonline version:.*\r?\nschema: 2\.0\.0\r?\n---'
        $headings = @([regex]::Matches($text, '(?m)^##? .+$').Value)
        $expected = "# $Name", '## SYNOPSIS', '## SYNTAX', '## DESCRIPTION', '## EXAMPLES', '## PARAMETERS', '## INPUTS', '## OUTPUTS', '## NOTES', '## RELATED LINKS'
        $headings | Should -Be $expected
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $parameters = (Get-Command -Name $Name).Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object
        $documented = [regex]::Matches($text, '(?m)^### -(\w+)$') | ForEach-Object { $_.Groups[1].Value } | Sort-Object
        $documented | Should -Be $parameters
        $text | Should -Match '(?m)^### CommonParameters$'
    }

    It '<Name> <Title> runs' -TestCases $helpExamples {
        # In a scratch folder, as Help.Tests runs them: examples write their files to the current directory, which
        # for the test run is the repository root (they once left env.c, shape.o and others there).
        $dir = Join-Path $TestDrive ('example-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $dir
        Push-Location -LiteralPath $dir
        try {
            $ErrorActionPreference = 'Stop'
            $output = & ([scriptblock]::Create($Code)) | Out-String
        }
        finally { Pop-Location }
        $output.Trim() | Should -Not -BeNullOrEmpty
        Get-ChildItem -LiteralPath $env:WILD_REPO_ROOT -File -Name | Where-Object { $_ -match '\.(c|cpp|o|s)$' } | Should -BeNullOrEmpty -Because 'an example must not write into the repository'
    }
}
