# docs/examples/release.ps1 (scenario 3 of the module issue) on a small generated C project, in a child pwsh as a
# CI job would run it: a reproducible static binary with a build-id and a size report, or a non-zero exit
# whose stderr names every undefined symbol.
# build/Invoke-ModuleTests.ps1 has set $env:WILD_MODULE_MANIFEST and $env:WILD_REPO_ROOT.

BeforeAll {
    $script:release = Join-Path $env:WILD_REPO_ROOT 'docs/examples/release.ps1'

    function Invoke-Release([string] $Source, [string] $Output, [string[]] $Extra = @()) {
        <# Runs release.ps1 in a fresh pwsh; returns its exit code and its stdout and stderr lines. #>
        $process = [Environment]::ProcessPath
        $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @($process, (Join-Path $PSHOME 'pwsh.dll')) } else { @($process) }
        $stderrFile = Join-Path $TestDrive "stderr-$([guid]::NewGuid().ToString('N')).txt"
        $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $release,
            '-SourceDirectory', $Source, '-OutputPath', $Output, '-ModulePath', $env:WILD_MODULE_MANIFEST) + $Extra
        $global:LASTEXITCODE = 0
        $stdout = & $pwsh[0] @arguments 2>$stderrFile
        [pscustomobject]@{
            ExitCode = $LASTEXITCODE
            Stdout   = @($stdout)
            Stderr   = @(Get-Content -LiteralPath $stderrFile)
        }
    }

    $script:project = Join-Path $TestDrive 'project'
    $null = New-Item -ItemType Directory -Path $project
    Set-Content -LiteralPath (Join-Path $project 'main.c') -Value @'
#include <stdio.h>
int scale(int);
int main(void) { printf("release %d\n", scale(6)); return 0; }
'@
    Set-Content -LiteralPath (Join-Path $project 'scale.c') -Value @'
int scale(int x) { return 7 * x; }
int never_called(int x) { return x - 1; }
'@

    # A program that needs libm, for the dynamic build with -Library m.
    $script:mathy = Join-Path $TestDrive 'mathy'
    $null = New-Item -ItemType Directory -Path $mathy
    Set-Content -LiteralPath (Join-Path $mathy 'main.c') -Value @'
#include <math.h>
#include <stdio.h>
int main(int argc, char **argv) { (void)argv; printf("cos %.1f\n", cos((double)(argc - 1))); return 0; }
'@

    $script:broken = Join-Path $TestDrive 'broken'
    $null = New-Item -ItemType Directory -Path $broken
    Copy-Item -LiteralPath (Join-Path $project 'main.c') -Destination $broken
    Set-Content -LiteralPath (Join-Path $broken 'scale.c') -Value @'
int lookup_factor(void);
int scale(int x) { return lookup_factor() * x; }
'@
}

Describe 'docs/examples/release.ps1' {
    Context 'on a project that links' {
        BeforeAll {
            $script:first = Invoke-Release -Source $project -Output (Join-Path $TestDrive 'out1/app')
            $script:second = Invoke-Release -Source $project -Output (Join-Path $TestDrive 'out2/app')
            $script:app = Join-Path $TestDrive 'out1/app'
        }

        It 'exits 0 with a one-line summary' {
            $first.ExitCode | Should -Be 0 -Because ($first.Stderr -join "`n")
            $first.Stdout[-1] | Should -Match '^release: .*app \(\d+ bytes, build-id [0-9a-f]{40}\); size report '
        }

        It 'builds a binary that runs' {
            $output = & $app
            $LASTEXITCODE | Should -Be 0
            $output | Should -Be 'release 42'
        }

        It 'saves a size report with the build-id and the sections next to the binary' {
            $report = Join-Path $TestDrive 'out1/app.size.txt'
            $report | Should -Exist
            $text = Get-Content -Raw -LiteralPath $report
            $text | Should -Match 'build-id:\s+[0-9a-f]{40}'
            $text | Should -Match "file size: $((Get-Item -LiteralPath $app).Length) bytes"
            $text | Should -Match '(?m)^\.text\s+0x[0-9a-f]{16}\s+\d+'
            # The id in the report is the one in the binary.
            $id = [regex]::Match($text, 'build-id:\s+([0-9a-f]+)').Groups[1].Value
            (readelf -n $app) -join "`n" | Should -Match "Build ID: $id"
        }

        It 'gives byte-identical binaries (and reports) on two runs in different directories' {
            $second.ExitCode | Should -Be 0 -Because ($second.Stderr -join "`n")
            (Get-FileHash -LiteralPath $app).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $TestDrive 'out2/app')).Hash
            Get-Content -Raw -LiteralPath (Join-Path $TestDrive 'out2/app.size.txt') |
                Should -Be (Get-Content -Raw -LiteralPath (Join-Path $TestDrive 'out1/app.size.txt'))
            Get-Content -Raw -LiteralPath (Join-Path $TestDrive 'out2/app.map') |
                Should -Be (Get-Content -Raw -LiteralPath (Join-Path $TestDrive 'out1/app.map'))
        }

        It 'adds the bytes of each input file to the size report' {
            $text = Get-Content -Raw -LiteralPath (Join-Path $TestDrive 'out1/app.size.txt')
            $text | Should -Match '(?m)^\s+\d+\s+\d+\s+[\d.]+\s+app\.obj/main\.o$'
            $text | Should -Match '(?m)libc\.a\(printf\.o\)$'
        }

        It 'saves a link map with the input sections, the archive members and what -GcSections removed' {
            $map = Join-Path $TestDrive 'out1/app.map'
            $map | Should -Exist
            $text = Get-Content -Raw -LiteralPath $map
            $text | Should -Match '(?m)^\.text\s+0x[0-9a-f]{16}\s+\d+\s+app\.obj/scale\.o:\(\.text\.scale\)$'
            $text | Should -Match '(?m)libc\.a\(printf\.o\) <- printf, referenced by app\.obj/main\.o$'
            $text | Should -Match '(?m)^\s+\d+\s+app\.obj/scale\.o:\(\.text\.never_called\)$'
        }
    }

    Context 'as a dynamic build with a library' {
        It 'links a PIE against libm.so and libc.so.6 that runs, with its build-id read through the module' {
            $out = Join-Path $TestDrive 'out-dyn/app'
            $run = Invoke-Release -Source $mathy -Output $out -Extra '-OutputKind', 'Pie', '-Library', 'm'
            $run.ExitCode | Should -Be 0 -Because ($run.Stderr -join "`n")
            & $out | Should -Be 'cos 1.0'
            (Get-ElfDynamicEntry -Path $out -Tag Needed).Text | Should -Contain 'libm.so.6'
            $id = (Get-ElfNote -Path $out -Type NT_GNU_BUILD_ID).Text
            Get-Content -Raw -LiteralPath "$out.size.txt" | Should -Match "build-id:\s+$id"
            (Get-Content -Raw -LiteralPath "$out.size.txt") | Should -Match 'kind:\s+Pie'
        }

        It 'exits 1 naming a library that is not found' {
            $run = Invoke-Release -Source $project -Output (Join-Path $TestDrive 'out-nolib/app') -Extra '-Library', 'no_such_library'
            $run.ExitCode | Should -Be 1
            ($run.Stderr -join "`n") | Should -Match 'error: unable to find library -lno_such_library'
        }

        It 'exits 3 when gcc cannot be found' {
            $saved = $env:PATH
            try {
                $env:PATH = Join-Path $TestDrive 'empty-path'
                $run = Invoke-Release -Source $project -Output (Join-Path $TestDrive 'out-nogcc/app')
            }
            finally { $env:PATH = $saved }
            $run.ExitCode | Should -Be 3
            ($run.Stderr -join "`n") | Should -Match 'gcc is not installed'
        }
    }

    Context 'on a project that does not compile' {
        It 'exits 2 naming the file, with gcc''s message, and writes no binary' {
            $bad = Join-Path $TestDrive 'syntax'
            $null = New-Item -ItemType Directory -Path $bad
            Set-Content -LiteralPath (Join-Path $bad 'main.c') -Value 'int main(void) { return 0 }'
            $run = Invoke-Release -Source $bad -Output (Join-Path $TestDrive 'out-syntax/app')
            $run.ExitCode | Should -Be 2
            $text = $run.Stderr -join "`n"
            $text | Should -Match '(?m)^error: main\.c did not compile$'
            $text | Should -Match 'error: expected .;. before'
            Join-Path $TestDrive 'out-syntax/app' | Should -Not -Exist
        }

    }

    Context 'with an input that cannot be read' {
        It 'exits 1 naming the library file given by path that is not an archive' {
            $bogus = Join-Path $TestDrive 'libbogus.a'
            [IO.File]::WriteAllBytes($bogus, [byte[]](0x67, 0x61, 0x72, 0x62, 0, 1, 2))
            $run = Invoke-Release -Source $project -Output (Join-Path $TestDrive 'out-bogus/app') -Extra '-Library', $bogus
            $run.ExitCode | Should -Be 1
            ($run.Stderr -join "`n") | Should -Match ('(?m)^error: ' + [regex]::Escape($bogus) + ': file format not recognized')
            Join-Path $TestDrive 'out-bogus/app' | Should -Not -Exist
        }
    }

    Context 'on a project with an undefined symbol' {
        BeforeAll {
            $script:failed = Invoke-Release -Source $broken -Output (Join-Path $TestDrive 'out-broken/app')
        }

        It 'exits non-zero and writes no binary' {
            $failed.ExitCode | Should -Be 1
            Join-Path $TestDrive 'out-broken/app' | Should -Not -Exist
        }

        It 'names the symbol and where it is referenced, in plain lines on stderr' {
            $text = $failed.Stderr -join "`n"
            $text | Should -Match '(?m)^error: undefined symbol: lookup_factor$'
            $text | Should -Match '>>> referenced by .*scale\.o:\(\.text\.scale\+0x[0-9a-f]+\)'
            $text | Should -Match 'release: link failed: 1 undefined symbol\(s\): lookup_factor'
        }
    }
}
