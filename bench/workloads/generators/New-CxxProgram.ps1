<#
.SYNOPSIS
Writes a generated C++ program for the large C++ workloads: -Objects files of -Classes class templates each, with
virtual calls, std::map<std::string, long>, std::vector<std::unique_ptr>, and an exception thrown and caught per file.

.DESCRIPTION
What makes a C++ link large besides code: every file instantiates the same libstdc++ templates (COMDAT groups the
linker keeps once), has its own vtables, typeinfo and .eh_frame/.gcc_except_table entries, and the program pulls in
libstdc++'s exception and string support. File i's f<i>_all builds its objects, calls them through the base class,
catches the exception one of them throws and calls f<i+1>_all, so main's chain of 20 calls crosses 20 files.

.OUTPUTS
The paths of the .cpp files written, main.cpp first (node.h, which they include, is written next to them).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $OutputDirectory,
    [ValidateRange(1, 100000)] [int] $Objects = 100,
    [ValidateRange(1, 1000)] [int] $Classes = 20
)
$ErrorActionPreference = 'Stop'
$null = New-Item -ItemType Directory -Force -Path $OutputDirectory

[IO.File]::WriteAllText((Join-Path $OutputDirectory 'node.h'),
    "#pragma once`nstruct Node { virtual ~Node(); virtual long run(long x) const = 0; };`n")
$main = Join-Path $OutputDirectory 'main.cpp'
[IO.File]::WriteAllText($main, @"
#include <cstdio>
#include "node.h"
Node::~Node() = default;
long f0_all(long x);
int main() { std::printf("%ld\n", f0_all(20)); return 0; }

"@)
$main
$text = [Text.StringBuilder]::new()
for ($i = 0; $i -lt $Objects; $i++) {
    $next = ($i + 1) % $Objects
    $null = $text.Clear().Append(@"
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>
#include "node.h"
namespace f$i {
template <int K> struct Item final : Node {
    std::map<std::string, long> table;
    Item() { for (int k = 0; k < 3; k++) table[std::to_string(k + K) + "-$i"] = k * K + $i; }
    long run(long x) const override {
        if (x < 0) throw std::out_of_range("f$i item " + std::to_string(K));
        long s = 0;
        for (const auto &p : table) s += p.second + static_cast<long>(p.first.size());
        return s + x;
    }
};
}
long f${next}_all(long x);
long f${i}_all(long x) {
    std::vector<std::unique_ptr<Node>> v;

"@)
    for ($k = 0; $k -lt $Classes; $k++) { $null = $text.Append("    v.emplace_back(new f$i::Item<$k>);`n") }
    $null = $text.Append(@"
    long s = 0;
    for (const auto &n : v) s += n->run(x);
    try { s += v.back()->run(-1); } catch (const std::out_of_range &e) { s += e.what()[0]; }
    return x > 0 ? s % 1000 + f${next}_all(x - 1) : s % 1000;
}

"@)
    $path = Join-Path $OutputDirectory "f$i.cpp"
    [IO.File]::WriteAllText($path, $text.ToString())
    $path
}
