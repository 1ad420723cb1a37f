# Installing the module (issue 19): `build.ps1 install` puts it where `Import-Module Wild` finds it by name, and
# `build.ps1 package` builds a .nupkg that PSResourceGet accepts from a repository. Both run on the module the
# test run already published (-NoPublish), each in a child pwsh as a user or CI would run them.
# build/Invoke-ModuleTests.ps1 has set $env:WILD_MODULE_MANIFEST and $env:WILD_REPO_ROOT.

BeforeAll {
    $script:build = Join-Path $env:WILD_REPO_ROOT 'build.ps1'
    $script:version = (Import-PowerShellDataFile -LiteralPath $env:WILD_MODULE_MANIFEST).ModuleVersion

    # A fresh pwsh (no profile) running -Command; PSModulePath as given, so only the folder under test can supply Wild.
    function Invoke-Pwsh([string] $Command, [string] $ModulePath) {
        $exe = [Environment]::ProcessPath
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $saved = $env:PSModulePath
        try {
            if ($ModulePath) { $env:PSModulePath = $ModulePath }
            $output = & $exe @prefix -NoProfile -NonInteractive -Command $Command 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output | ForEach-Object { "$_" }) }
        }
        finally { $env:PSModulePath = $saved }
    }
}

Describe 'build.ps1 install' {
    It 'installs into a module folder as Wild/<version>, so Import-Module Wild works by name' {
        $modules = Join-Path $TestDrive 'modules'
        $run = Invoke-Pwsh "& '$build' install -NoPublish -ModuleInstallPath '$modules'"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        Join-Path $modules "Wild/$version/Wild.psd1" | Should -Exist
        Join-Path $modules "Wild/$version/en-US/Wild.PowerShell.dll-Help.xml" | Should -Exist

        # PowerShell's own module folders stay on the path (the engine's modules), plus the install folder.
        $system = (Join-Path $PSHOME 'Modules')
        $check = Invoke-Pwsh "Import-Module Wild; (Get-Module Wild).ModuleBase; (Get-Command -Module Wild -CommandType Cmdlet).Count" -ModulePath "$modules$([IO.Path]::PathSeparator)$system"
        $check.ExitCode | Should -Be 0 -Because ($check.Output -join "`n")
        $check.Output[0] | Should -Be (Join-Path $modules "Wild/$version")
        [int]$check.Output[-1] | Should -Be @((Import-PowerShellDataFile -LiteralPath $env:WILD_MODULE_MANIFEST).CmdletsToExport).Count
    }

    It 'replaces an older copy of the same version whole' {
        $modules = Join-Path $TestDrive 'modules2'
        $stale = Join-Path $modules "Wild/$version/stale.txt"
        $null = New-Item -ItemType File -Force -Path $stale
        $run = Invoke-Pwsh "& '$build' install -NoPublish -ModuleInstallPath '$modules'"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $stale | Should -Not -Exist
    }
}

Describe 'build.ps1 package' {
    It 'builds Wild.<version>.nupkg that PSResourceGet finds and saves from a repository, and the saved module imports' {
        $run = Invoke-Pwsh "& '$build' package -NoPublish"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $package = Join-Path $env:WILD_REPO_ROOT "artifacts/package/Wild.$version.nupkg"
        $package | Should -Exist

        $repo = "WildTest$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $saved = Join-Path $TestDrive 'saved'
        $null = New-Item -ItemType Directory -Path $saved
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name $repo -Uri '$(Split-Path -Parent $package)' -Trusted
try {
    `$found = Find-PSResource -Name Wild -Repository $repo
    "found `$(`$found.Name) `$(`$found.Version)"
    Save-PSResource -Name Wild -Repository $repo -Path '$saved' -TrustRepository
}
finally { Unregister-PSResourceRepository -Name $repo }
Import-Module (Join-Path '$saved' 'Wild/$version/Wild.psd1')
(Get-ElfToolchain).OutputKind
"@
        $result = Invoke-Pwsh $script
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output | Should -Contain "found Wild $version"
        $result.Output[-1] | Should -Be 'Static'
        Join-Path $saved "Wild/$version/Wild.PowerShell.dll" | Should -Exist
    }
}
