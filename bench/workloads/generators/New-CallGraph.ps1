<#
.SYNOPSIS
Writes a generated C program for the scaling workloads: -Objects files of -Functions functions each, every
function calling one in another file, with a string constant per function.

.DESCRIPTION
Each file declares only the functions it calls, so a file's size (and its compile time) does not grow with
the number of files: the 1M-symbol workload is 2000 files of 500 functions, not 2000 copies of a 1M-line
header. Function g<i>_<j> is global (one global symbol each, so the program has -Objects x -Functions global
symbols plus as many local string constants); main calls g0_0(50), a chain of 50 calls across files.

.OUTPUTS
The paths of the .c files written, main.c first.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $OutputDirectory,
    [ValidateRange(1, 100000)] [int] $Objects = 100,
    [ValidateRange(1, 100000)] [int] $Functions = 100
)
$ErrorActionPreference = 'Stop'
$null = New-Item -ItemType Directory -Force -Path $OutputDirectory

$main = Join-Path $OutputDirectory 'main.c'
[IO.File]::WriteAllText($main, "#include <stdio.h>`nint g0_0(int x);`nint main(void) { printf(`"%d\n`", g0_0(50)); return 0; }`n")
$main
$text = [Text.StringBuilder]::new()
for ($i = 0; $i -lt $Objects; $i++) {
    $null = $text.Clear()
    $callees = [Collections.Generic.HashSet[string]]::new()
    for ($j = 0; $j -lt $Functions; $j++) {
        $callee = 'g{0}_{1}' -f (($i * 7 + $j * 13) % $Objects), (($j * 3 + 1) % $Functions)
        if ($callees.Add($callee)) { $null = $text.Append('int ').Append($callee).Append("(int x);`n") }
    }
    for ($j = 0; $j -lt $Functions; $j++) {
        $callee = 'g{0}_{1}' -f (($i * 7 + $j * 13) % $Objects), (($j * 3 + 1) % $Functions)
        $null = $text.Append("static const char s$j[] = `"str${i}_$j`";`n")
        $null = $text.Append("int g${i}_${j}(int x) { return x ? ${callee}(x - 1) + s$j[0] : $j; }`n")
    }
    $path = Join-Path $OutputDirectory "f$i.c"
    [IO.File]::WriteAllText($path, $text.ToString())
    $path
}
