<#
.SYNOPSIS
Links C objects into a static executable with the Wild cmdlet pipeline, the way `gcc -static` would.

.DESCRIPTION
Asks gcc, through Get-ElfToolchain, where its start files (crt1.o, crti.o, crtbeginT.o / crtend.o, crtn.o)
and library directories are, then runs:

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

# The start files, library folders and libraries of a static link, as gcc -static would use them.
$toolchain = Get-ElfToolchain -OutputKind Static
$objects = $ObjectPath | ForEach-Object { (Resolve-Path -LiteralPath $_).Path }

Read-ElfObject -LiteralPath (@($toolchain.StartFiles) + @($objects) + @($toolchain.EndFiles)) |
    Resolve-ElfSymbol -Library $toolchain.Library -LibraryPath $toolchain.LibraryPath |
    Write-ElfExecutable -Path $OutputPath -OutputKind Static
