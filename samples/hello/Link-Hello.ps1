<#
.SYNOPSIS
Links C objects into a static executable with the Wild cmdlet pipeline, the way `gcc -static` would.

.DESCRIPTION
Asks gcc where its start files (crt1.o, crti.o, crtbeginT.o / crtend.o, crtn.o) and library directories
are, then runs:

    Read-ElfObject <start files> <objects> <end files> |
        Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath <gcc's library directories> |
        Write-ElfExecutable -Path <output> -OutputKind Static

`./build.ps1 demo` runs this script in a child pwsh against dist/Wild; it works the same on its own.

.PARAMETER ModulePath
The Wild module manifest to import (default: dist/Wild/Wild.psd1 of this repository).

.PARAMETER OutputPath
The executable to write.

.PARAMETER ObjectPath
The object files of the program, in link order.

.EXAMPLE
dotnet pwsh ./samples/hello/Link-Hello.ps1 -OutputPath ./hello hello.o greet.o
#>
#Requires -Version 7.4

[CmdletBinding(PositionalBinding = $false)]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../dist/Wild/Wild.psd1'),

    [Parameter(Mandatory)]
    [string] $OutputPath,

    [Parameter(Mandatory, ValueFromRemainingArguments)]
    [string[]] $ObjectPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module -Name $ModulePath

function Get-GccFile([string] $Name) {
    $path = gcc "-print-file-name=$Name"
    if ($LASTEXITCODE -ne 0 -or -not [IO.Path]::IsPathRooted($path)) { throw "gcc does not know where $Name is." }
    return [IO.Path]::GetFullPath($path)
}

function Get-GccLibraryPath {
    # The `libraries: =dir:dir:...` line of `gcc -print-search-dirs`, the -L list gcc itself passes to ld.
    $line = gcc -print-search-dirs | Where-Object { $_ -like 'libraries:*' }
    if ($LASTEXITCODE -ne 0 -or -not $line) { throw 'gcc -print-search-dirs printed no libraries line.' }
    ($line -replace '^libraries:\s*=?', '') -split ':' |
        Where-Object { $_ -and (Test-Path -LiteralPath $_ -PathType Container) } |
        ForEach-Object { [IO.Path]::GetFullPath($_).TrimEnd('/') } |
        Select-Object -Unique
}

# The start files of a static (non-PIE) link and their order, as gcc -static passes them to ld.
$startFiles = 'crt1.o', 'crti.o', 'crtbeginT.o' | ForEach-Object { Get-GccFile $_ }
$endFiles = 'crtend.o', 'crtn.o' | ForEach-Object { Get-GccFile $_ }
$objects = $ObjectPath | ForEach-Object { (Resolve-Path -LiteralPath $_).Path }

Read-ElfObject -Path (@($startFiles) + @($objects) + @($endFiles)) |
    Resolve-ElfSymbol -Library gcc, gcc_eh, c -LibraryPath @(Get-GccLibraryPath) |
    Write-ElfExecutable -Path $OutputPath -OutputKind Static
