<#
.SYNOPSIS
Writes a generated C program whose linked output passes 4 GiB: -Objects files, each with an initialized array of
-ArrayMiB MiB (its first byte set, so its bytes are in the object: .data, or .ldata with -mcmodel=medium, which the
workload uses) and -Functions small functions that read it (debug info with -g).

.DESCRIPTION
The output size comes from .data, not from debug info: gcc writes a large initialized array as one `.zero`, so a
file compiles in milliseconds whatever its size, while -g debug info of the same size would take hours of C++
template instantiation to generate. What the linkers are measured on is what matters past 4 GiB: 64-bit file
offsets, copying inputs into a multi-GiB mapping (or write()s), and memory near the output plus the inputs.
main sums the first byte of every array (each is its file's index + 1, modulo 256) and prints it, so a link that
misplaces a far input prints another number.

.OUTPUTS
The paths of the .c files written, main.c first.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $OutputDirectory,
    [ValidateRange(1, 10000)] [int] $Objects = 300,
    [ValidateRange(1, 1024)] [int] $ArrayMiB = 16,
    [ValidateRange(0, 10000)] [int] $Functions = 50
)
$ErrorActionPreference = 'Stop'
$null = New-Item -ItemType Directory -Force -Path $OutputDirectory

$text = [Text.StringBuilder]::new()
$null = $text.Append("#include <stdio.h>`n")
for ($i = 0; $i -lt $Objects; $i++) { $null = $text.Append("extern char d$i[];`n") }
$null = $text.Append("int main(void) {`n    long sum = 0;`n")
for ($i = 0; $i -lt $Objects; $i++) { $null = $text.Append("    sum += (unsigned char)d$i[0];`n") }
$null = $text.Append("    printf(`"%ld\n`", sum);`n    return 0;`n}`n")
$main = Join-Path $OutputDirectory 'main.c'
[IO.File]::WriteAllText($main, $text.ToString())
$main
for ($i = 0; $i -lt $Objects; $i++) {
    $null = $text.Clear()
    $null = $text.Append("char d$i[$ArrayMiB << 20] = { $((($i + 1) % 256)) };`n")
    for ($j = 0; $j -lt $Functions; $j++) {
        $null = $text.Append("struct s${i}_$j { int a; long b; char c[$($j + 1)]; };`n")
        $null = $text.Append("long h${i}_$j(struct s${i}_$j *p, long k) { return p->a + p->b + p->c[0] + d$i[k + $j]; }`n")
    }
    $path = Join-Path $OutputDirectory "f$i.c"
    [IO.File]::WriteAllText($path, $text.ToString())
    $path
}
