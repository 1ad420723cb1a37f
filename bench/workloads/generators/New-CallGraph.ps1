<#
.SYNOPSIS
Writes a generated C program for the scaling workloads: -Objects files of -Functions functions each, every
function calling one in another file, with a string constant per function (so .rodata.str merging works).
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

$decl = [Text.StringBuilder]::new()
for ($i = 0; $i -lt $Objects; $i++) {
    for ($j = 0; $j -lt $Functions; $j++) { $null = $decl.AppendLine("int g${i}_${j}(int x);") }
}
[IO.File]::WriteAllText((Join-Path $OutputDirectory 'decl.h'), $decl.ToString())

$main = Join-Path $OutputDirectory 'main.c'
[IO.File]::WriteAllText($main, "#include <stdio.h>`n#include `"decl.h`"`nint main(void) { printf(`"%d\n`", g0_0(50)); return 0; }`n")
$main
for ($i = 0; $i -lt $Objects; $i++) {
    $text = [Text.StringBuilder]::new("#include `"decl.h`"`n")
    for ($j = 0; $j -lt $Functions; $j++) {
        $k = ($i * 7 + $j * 13) % $Objects
        $l = ($j * 3 + 1) % $Functions
        $null = $text.AppendLine("static const char s$j[] = `"str${i}_$j`";")
        $null = $text.AppendLine("int g${i}_${j}(int x) { return x ? g${k}_${l}(x - 1) + s$j[0] : $j; }")
    }
    $path = Join-Path $OutputDirectory "f$i.c"
    [IO.File]::WriteAllText($path, $text.ToString())
    $path
}
