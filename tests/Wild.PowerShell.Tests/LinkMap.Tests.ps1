# Get-ElfLinkMap, Measure-ElfImage and Compare-ElfImage against a real gcc program with an archive, linked by
# the cmdlet pipeline (and by GNU ld for the comparison). build/Invoke-ModuleTests.ps1 has imported dist/Wild.

BeforeAll {
    function Get-GccFile([string] $Name) { [IO.Path]::GetFullPath((gcc "-print-file-name=$Name")) }
    $script:libDirs = (gcc '-print-file-name=libc.a'), (gcc -print-libgcc-file-name) | Split-Path
    $script:start = 'crt1.o', 'crti.o', 'crtbeginT.o' | ForEach-Object { Get-GccFile $_ }
    $script:end = 'crtend.o', 'crtn.o' | ForEach-Object { Get-GccFile $_ }

    Set-Content -LiteralPath (Join-Path $TestDrive 'main.c') -Value @'
#include <stdio.h>
int helper(int);
int unused_function(int x) { return x * 3; }
static char table[40000] = {1};
int main(void) { printf("%d\n", helper(20) + table[5]); return 0; }
'@
    Set-Content -LiteralPath (Join-Path $TestDrive 'helper.c') -Value 'int helper(int x) { return x + 21; }'
    Set-Content -LiteralPath (Join-Path $TestDrive 'other.c') -Value 'int other_function(int x) { return x - 1; }'
    foreach ($c in 'main', 'helper', 'other') {
        gcc -c -ffunction-sections -o (Join-Path $TestDrive "$c.o") (Join-Path $TestDrive "$c.c")
        if ($LASTEXITCODE -ne 0) { throw "gcc failed on $c.c" }
    }
    $script:main = Join-Path $TestDrive 'main.o'
    $script:archive = Join-Path $TestDrive 'libh.a'
    ar rcs $archive (Join-Path $TestDrive 'helper.o') (Join-Path $TestDrive 'other.o')
    if ($LASTEXITCODE -ne 0) { throw 'ar failed' }

    function Invoke-Link([string] $Output, [switch] $GcSections, [int] $Threads = 0) {
        Read-ElfObject -LiteralPath (@($start) + $main + $archive + @($end)) |
            Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath $libDirs |
            Write-ElfExecutable -Path $Output -GcSections:$GcSections -Threads $Threads -Force -PassThru
    }
    $script:result = Invoke-Link -Output (Join-Path $TestDrive 'app') -GcSections
    $script:member = "$archive(helper.o)"

    # The same program linked by GNU ld (gcc's default linker), for Compare-ElfImage.
    $script:byLd = Join-Path $TestDrive 'app-ld'
    gcc -static '-Wl,--gc-sections' -o $byLd $main $archive
    if ($LASTEXITCODE -ne 0) { throw 'gcc -static failed' }
}

Describe 'Write-ElfExecutable -PassThru' {
    It 'returns a result that carries the link map' {
        $result | Should -BeOfType ([Wild.Engine.LinkResult])
        $result.LinkMap | Should -BeOfType ([Wild.Engine.Reports.LinkMap])
        & $result.OutputPath | Should -Be '41'
    }
}

Describe 'Get-ElfLinkMap' {
    It 'lists the input sections with the output section, address and the symbol that pulled a member in' {
        $sections = @($result | Get-ElfLinkMap)
        $sections[0] | Should -BeOfType ([Wild.Engine.Reports.LinkMapInputSection])
        $mainText = $sections | Where-Object { $_.InputFile -eq $main -and $_.InputSection -eq '.text.main' }
        $mainText.OutputSection | Should -Be '.text'
        $mainText.Address | Should -BeGreaterThan 0
        $mainText.Address | Should -BeOfType ([uint64])
        $helper = $sections | Where-Object InputSection -eq '.text.helper'
        $helper.InputFile | Should -Be $member
        $helper.Archive | Should -Be $archive
        $helper.Member | Should -Be 'helper.o'
        $helper.PulledInBy | Should -Be 'helper'
        $sections.InputFile | Should -Not -Contain "$archive(other.o)"
    }

    It 'marks the sections -GcSections removed, and -Discarded lists only those' {
        $gone = @($result | Get-ElfLinkMap -Discarded)
        $gone.Count | Should -BeGreaterThan 0
        $gone.Discarded | Sort-Object -Unique | Should -Be 'GarbageCollected'
        $unused = $gone | Where-Object { $_.InputFile -eq $main -and $_.InputSection -eq '.text.unused_function' }
        $unused | Should -Not -BeNullOrEmpty
        $unused.OutputSection | Should -BeNullOrEmpty
        @($result | Get-ElfLinkMap | Where-Object Discarded -ne 'None').Count | Should -Be $gone.Count
    }

    It 'lists archive members with the symbol and the file that referred to it (as --why-extract does)' {
        $m = $result | Get-ElfLinkMap -Kind ArchiveMember | Where-Object InputFile -eq $member
        $m | Should -BeOfType ([Wild.Engine.Reports.LinkMapArchiveMember])
        $m.Symbol | Should -Be 'helper'
        $m.ReferencedBy | Should -Be $main
        $printf = $result | Get-ElfLinkMap -Kind ArchiveMember | Where-Object Member -eq 'printf.o'
        $printf.ReferencedBy | Should -Be $main
    }

    It 'lists output sections, symbols and cross references' {
        $text = $result | Get-ElfLinkMap -Kind OutputSection | Where-Object Name -eq '.text'
        $text | Should -BeOfType ([Wild.Engine.Reports.LinkMapOutputSection])
        $text.Inputs.Count | Should -BeGreaterThan 10
        $symbol = $result | Get-ElfLinkMap -Kind Symbol | Where-Object Name -eq 'helper'
        $symbol.InputFile | Should -Be $member
        $symbol.IsGlobal | Should -BeTrue
        $xref = $result | Get-ElfLinkMap -Kind CrossReference | Where-Object Symbol -eq 'helper'
        $xref.DefinedIn | Should -Be $member
        $xref.ReferencedBy | Should -Contain $main
    }

    It 'gives the same map with one thread and with many' {
        $one = Invoke-Link -Output (Join-Path $TestDrive 'one') -GcSections -Threads 1
        $many = Invoke-Link -Output (Join-Path $TestDrive 'many') -GcSections -Threads 4
        $a = $one | Get-ElfLinkMap | ForEach-Object { "$($_.OutputSection) $($_.Address) $($_.Size) $($_.InputFile) $($_.InputSection)" }
        $b = $many | Get-ElfLinkMap | ForEach-Object { "$($_.OutputSection) $($_.Address) $($_.Size) $($_.InputFile) $($_.InputSection)" }
        $b | Should -Be $a
    }

    It 'is a LinkMapNotRecorded error for a result without a map' {
        $bare = [Wild.Engine.LinkResult]::new($result.OutputPath, 1, 0, 'Static', [Wild.Engine.Diagnostics.PhaseTiming[]]@())
        $out = $bare | Get-ElfLinkMap -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LinkMapNotRecorded,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'shows addresses in hex in its default view' {
        $table = $result | Get-ElfLinkMap | Where-Object InputSection -eq '.text.helper' | Out-String -Width 300
        $table | Should -Match 'OutputSection\s+Address\s+Size\s+InputFile'
        $table | Should -Match '\.text\s+0x[0-9a-f]+'
    }
}

Describe 'Measure-ElfImage' {
    It 'breaks a file down by section, adding up to its length' {
        $rows = @(Measure-ElfImage -Path $result.OutputPath)
        $rows[0] | Should -BeOfType ([Wild.Engine.Reports.ImageSizeEntry])
        ($rows | Measure-Object -Property FileSize -Sum).Sum | Should -Be (Get-Item -LiteralPath $result.OutputPath).Length
        ($rows | Where-Object Name -eq '.text').VMSize | Should -BeGreaterThan 0
        ($rows | Where-Object Name -eq '.bss').FileSize | Should -Be 0
        $rows[0].FileSize | Should -BeGreaterOrEqual $rows[-1].FileSize
    }

    It 'measures by symbol' {
        $table = Measure-ElfImage -Path $result.OutputPath -By Symbol | Where-Object Name -eq 'table'
        $table.FileSize | Should -Be 40000
        $table.VMSize | Should -Be 40000
    }

    It 'measures by input file from a link result' {
        $rows = @($result | Measure-ElfImage -By InputFile)
        ($rows | Where-Object Name -eq $main).FileSize | Should -BeGreaterOrEqual 40000
        ($rows | Where-Object Name -eq $member).FileSize | Should -BeGreaterThan 0
        $rows.Name | Should -Contain '[linker]'
        ($rows | Measure-Object -Property FileSize -Sum).Sum | Should -Be $result.FileSize
    }

    It 'takes paths from the pipeline and wildcards' {
        $rows = @(Get-Item -LiteralPath $result.OutputPath | Measure-ElfImage)
        $rows.Path | Sort-Object -Unique | Should -Be $result.OutputPath
        @(Measure-ElfImage -Path (Join-Path $TestDrive 'app*')).Path | Sort-Object -Unique | Should -Be @($result.OutputPath, $byLd)
    }

    It 'needs a link result for -By InputFile (LinkMapRequired)' {
        Measure-ElfImage -Path $result.OutputPath -By InputFile -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LinkMapRequired,*'
    }

    It 'reports missing files and files that are not linked ELF files as non-terminating errors' {
        $out = Measure-ElfImage -Path (Join-Path $TestDrive 'missing'), $main, $result.OutputPath -ErrorVariable err -ErrorAction SilentlyContinue
        @($out).Count | Should -BeGreaterThan 0
        @($err.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] }) | Should -Be @('InputNotFound', 'UnsupportedFileType')
        $err[1].TargetObject | Should -Be $main
    }
}

Describe 'Compare-ElfImage' {
    It 'finds nothing between a file and itself' {
        Compare-ElfImage -ReferencePath $result.OutputPath -DifferencePath $result.OutputPath | Should -BeNullOrEmpty
    }

    It 'compares Wild against GNU ld, taking the difference path from a link result' {
        $diff = @($result | Compare-ElfImage -ReferencePath $byLd)
        $diff.Count | Should -BeGreaterThan 0
        $diff[0] | Should -BeOfType ([Wild.Engine.Reports.ImageDifference])
        $diff.Kind | Sort-Object -Unique | Should -Contain 'Section'
        # Both linkers define main and helper as global functions of the same size.
        $diff | Where-Object { $_.Kind -eq 'Symbol' -and $_.Name -in 'main', 'helper' -and $_.Property -in 'Size', 'Type', 'Binding', 'Present' } |
            Should -BeNullOrEmpty
    }

    It 'filters by kind and property, with wildcards' {
        $only = @(Compare-ElfImage $byLd $result.OutputPath -Kind Section -Property 'Siz*')
        $only.Kind | Sort-Object -Unique | Should -Be 'Section'
        $only.Property | Sort-Object -Unique | Should -Be 'Size'
        $none = @(Compare-ElfImage $byLd $result.OutputPath -Kind Section, Segment -ExcludeProperty Address, Offset, VirtualAddress, '*Size', Flags, Align, Type, Present, EntrySize, Content)
        $none | Should -BeNullOrEmpty
    }

    It 'reports a symbol present on one side only' {
        $other = Invoke-Link -Output (Join-Path $TestDrive 'no-gc')
        $d = Compare-ElfImage -ReferencePath $result.OutputPath -DifferencePath $other.OutputPath -Kind Symbol -Property Present |
            Where-Object Name -eq 'unused_function'
        $d.Reference | Should -BeFalse
        $d.Difference | Should -BeTrue
    }

    It 'reports a missing reference file as InputNotFound' {
        Compare-ElfImage -ReferencePath (Join-Path $TestDrive 'nope') -DifferencePath $result.OutputPath -ErrorVariable err -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InputNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
